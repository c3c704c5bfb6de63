/**
 * Who may see what of an incident outside its channel. People outside a private incident's channel
 * see at most its number, its severity and that it is private.
 */
export type Visibility = 'full' | 'limited';

/**
 * `members`: the people known to be in the incident's channel — the declarer, everyone who held a
 * role, and everyone the bot saw join.
 */
export function visibilityFor(incident: { isPrivate: boolean }, userId: string, members: ReadonlySet<string>): Visibility {
  if (!incident.isPrivate) return 'full';
  return members.has(userId) ? 'full' : 'limited';
}

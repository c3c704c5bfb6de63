/**
 * The draft is read outside Slack, where `<@U123>` means nothing: stored plain text names people
 * by id (see `domain/text.ts`), and the draft shows their display names instead.
 */
export type NameOf = (userId: string) => string;

export function nameResolver(users: Record<string, string>): NameOf {
  return (id) => {
    const name = users[id];
    return name && name.trim() ? name.trim() : id;
  };
}

/**
 * Captured messages arrive as Slack mrkdwn: mentions as `<@U123>`, links as `<url|label>`, and
 * `&`, `<`, `>` as entities. The draft is read outside Slack, so these become plain words first;
 * Markdown escaping happens afterwards, on the plain text.
 */
export type NameOf = (userId: string) => string;

export function nameResolver(users: Record<string, string>): NameOf {
  return (id) => {
    const name = users[id];
    return name && name.trim() ? name.trim() : id;
  };
}

const TOKEN = /<([@#!])([^>|]+)(?:\|([^>]*))?>|<((?:https?|mailto|slack):[^>|\s]+)(?:\|([^>]*))?>/g;

export function slackToPlain(text: string, nameOf: NameOf): string {
  if (text.indexOf('<') < 0 && text.indexOf('&') < 0) return text;
  const replaced = text.replace(TOKEN, (_all, sigil: string | undefined, id: string | undefined, label: string | undefined, url: string | undefined, urlLabel: string | undefined) => {
    if (url) return urlLabel && urlLabel !== url ? `${urlLabel} (${url})` : url;
    if (sigil === '@') return `@${label || nameOf(id!)}`;
    if (sigil === '#') return `#${label || id}`;
    // <!here>, <!channel>, <!subteam^ID|@team>, <!date^…|fallback>
    if (label) return label;
    return `@${id!.split('^')[0]}`;
  });
  return replaced.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

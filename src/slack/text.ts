/**
 * Slack escapes `&`, `<`, `>` and encodes mentions (`<@U1|bob>`, `<#C1|general>`, `<https://x|label>`)
 * in slash-command text. A title is plain text everywhere it is shown (channel names, Markdown
 * headings, other tools), so it is decoded to what the user typed.
 */
export function plainFromSlack(text: string): string {
  return text
    .replace(/<@([UW][A-Z0-9]+)(?:\|([^>]*))?>/g, (_, id: string, name?: string) => `@${name || id}`)
    .replace(/<#([CG][A-Z0-9]+)(?:\|([^>]*))?>/g, (_, id: string, name?: string) => `#${name || id}`)
    .replace(/<!(here|channel|everyone)(?:\|[^>]*)?>/g, '@$1')
    .replace(/<(https?:\/\/[^|>]+)\|([^>]+)>/g, '$2')
    .replace(/<(https?:\/\/[^>]+)>/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

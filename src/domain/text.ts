/**
 * The one text codec. Stored text is plain text — what the person wrote — with a single piece of
 * markup: a person is written `<@U123>`.
 *
 * Why people keep their id rather than becoming `@name`: message events carry `<@U123>` with no
 * name at all, names change, two people can share one, and the domain already records role
 * changes as `<@U123>`. Slack renders the id as the person's current name, and the post-mortem
 * resolves it through `users.info` (see `resolvePeople`). Everything else Slack encodes is turned
 * into the words the reader saw: `#channel`, `@here`, a link as `label (url)` so a disguised link
 * shows where it really goes, and `&`, `<`, `>` as themselves.
 *
 * In:  `plainFromSlack` for slash-command and message text (Slack escapes it), `plainFromForm` for
 *      `plain_text_input` values (they arrive as typed).
 * Out: `toMrkdwn` for anything Slack renders as mrkdwn (sections, context, fallback `text`, topic,
 *      purpose); `resolvePeople` + `markdown.ts` for files; `terminalSafe` for the terminal.
 */

/** A person reference, the one token plain text keeps. Ids are upper-case letters and digits (`_` in fixtures). */
const PERSON = /<@([UW][A-Z0-9_]+)>/g;

/**
 * C0 controls except tab and newline, DEL, C1 controls, and the bidirectional embeddings,
 * overrides and isolates: ESC sequences act on terminals, and an override makes text read
 * differently from how it is stored (Trojan Source).
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;

/** Normalises line ends and removes control and bidi-override characters; keeps tabs and newlines. */
export function stripUnsafe(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(UNSAFE, '');
}

/** What the terminal (CLI, demo transcript, slack:local) may print. */
export const terminalSafe = stripUnsafe;

const decodeEntities = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** One `<…>` token of Slack's wire format, as the reader saw it. */
function decodeToken(inner: string): string {
  const bar = inner.indexOf('|');
  const target = bar < 0 ? inner : inner.slice(0, bar);
  const label = bar < 0 ? '' : decodeEntities(inner.slice(bar + 1)).trim();
  switch (target[0]) {
    case '@':
      // The label (`<@U1|bob>`, slash commands) is dropped: the id is what identifies the person.
      return /^@[UW][A-Z0-9_]+$/.test(target) ? `<${target}>` : `@${label || target.slice(1)}`;
    case '#':
      return `#${label || target.slice(1)}`;
    case '!': {
      // <!here>, <!channel>, <!everyone>, <!subteam^S1|@oncall>, <!date^…|fallback>
      if (label) return label.startsWith('@') || target.startsWith('!date') ? label : `@${label}`;
      return `@${target.slice(1).split('^')[0]}`;
    }
    default: {
      const url = decodeEntities(target);
      if (url.startsWith('mailto:')) return label || url.slice('mailto:'.length);
      return label && label !== url ? `${label} (${url})` : url;
    }
  }
}

/**
 * Slack's escaped text (slash-command `text` with should_escape, message `text`) → plain text.
 * Decoded exactly once, at the edge, so nothing downstream sees `&lt;`.
 */
export function plainFromSlack(text: string | null | undefined): string {
  if (!text) return '';
  const decoded = text.indexOf('<') < 0 && text.indexOf('&') < 0 ? text : text.replace(/<([^<>]*)>|([^<]+|<)/g, (_all, token: string | undefined, rest: string | undefined) => (token !== undefined ? decodeToken(token) : decodeEntities(rest!)));
  return stripUnsafe(decoded);
}

/** A `plain_text_input` value: Slack sends it as typed, so only unsafe characters go. */
export function plainFromForm(value: string | null | undefined): string {
  return value ? stripUnsafe(value) : '';
}

/**
 * Plain text → mrkdwn. `&`, `<` and `>` are escaped, so user text can never form a broadcast
 * (`<!channel>`), a disguised link or a mention of its own making; person references pass.
 * The bot posts without `link_names` or `parse: full`, so a typed `@channel` stays words.
 */
export function toMrkdwn(plain: string | null | undefined): string {
  if (!plain) return '';
  const text = stripUnsafe(plain);
  if (!/[&<>]/.test(text)) return text;
  let out = '';
  let last = 0;
  for (const m of text.matchAll(PERSON)) {
    out += escapeMrkdwnChars(text.slice(last, m.index));
    out += m[0];
    last = m.index! + m[0].length;
  }
  return out + escapeMrkdwnChars(text.slice(last));
}

const escapeMrkdwnChars = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Person references as names, for readers outside Slack (post-mortem, terminal). */
export function resolvePeople(plain: string, nameOf: (userId: string) => string): string {
  return stripUnsafe(plain).replace(PERSON, (_all, id: string) => `@${nameOf(id)}`);
}

/** User ids referenced in plain text, so their names can be looked up once. */
export function peopleIn(plain: string): string[] {
  return [...plain.matchAll(PERSON)].map((m) => m[1]!);
}

/** A Slack token starting at this position: `<@U1>`, `<#C1|x>`, `<!here>`, `<https://…|label>`. */
const TOKEN_AT = /^<(?:[@#!][^<>\s|]*|(?:https?|mailto|slack):[^<>\s|]*)(?:\|[^<>]*)?>/;

/**
 * Cuts text to at most `max` characters, marking the cut with `…`. Works on plain text and on
 * mrkdwn alike: the cut never falls inside an entity (`&amp;`), a `<…>` token (a mention, a link)
 * or a surrogate pair, which would render as garbage or break the token after it.
 */
export function truncateText(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return '';
  let cut = Math.max(0, max - 1);
  const open = text.lastIndexOf('<', cut - 1);
  const token = open >= 0 ? TOKEN_AT.exec(text.slice(open)) : null;
  if (token && open + token[0].length > cut) cut = open;
  const amp = text.lastIndexOf('&', cut - 1);
  if (amp >= 0 && /^&(?:#\d{1,7}|#x[0-9a-f]{1,6}|[a-z]{2,8});/i.test(text.slice(amp)) && text.indexOf(';', amp) >= cut) cut = amp;
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  return `${text.slice(0, cut).trimEnd()}…`;
}

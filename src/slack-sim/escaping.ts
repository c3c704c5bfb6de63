import type { SimWorld } from './world';

/**
 * What a Slack client sends for what a person typed. `&`, `<` and `>` always arrive as entities.
 * Message text and slash commands with `should_escape` also carry Slack's tokens:
 * `@channel`/`@here`/`@everyone` → `<!channel>`…, a known `@name` → `<@U…>` (commands add
 * `|name`), a known `#channel` → `<#C…|channel>`, a URL → `<https://…>`, and a link with its own
 * text — the composer's "add link", typed here as `[text](https://…)` — → `<https://…|text>`.
 */
export function escapeTyped(text: string, world: SimWorld, mode: 'message' | 'command' | 'command_unescaped'): string {
  const tokens = mode !== 'command_unescaped';
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  if (!tokens) return esc(text);
  const userByName = (name: string) => [...world.users.values()].find((u) => u.name === name && !u.deleted);
  return text.replace(TYPED, (all, label?: string, labelledUrl?: string, url?: string, broadcast?: string, user?: string, chan?: string) => {
    if (labelledUrl) return `<${esc(labelledUrl)}|${esc(label!)}>`;
    if (url) return `<${esc(url)}>`;
    if (broadcast) return `<!${broadcast.toLowerCase()}>`;
    if (user) {
      const u = userByName(user);
      if (!u) return esc(all);
      return mode === 'command' ? `<@${u.id}|${u.name}>` : `<@${u.id}>`;
    }
    if (chan) {
      const ch = world.channelByName(chan);
      return ch ? `<#${ch.id}|${ch.name}>` : esc(all);
    }
    return esc(all);
  });
}

const TYPED =
  /\[([^\]\n]+)\]\((https?:\/\/[^\s)]+)\)|(https?:\/\/[^\s<>]*[^\s<>.,;:!?)'"])|(?<![\w@])@(channel|here|everyone)\b|(?<![\w@])@([a-z0-9][a-z0-9._-]*[a-z0-9_]|[a-z0-9])|(?<![\w#&])#([a-z0-9][a-z0-9_-]*)|[^[h@#]+|[\s\S]/gi;

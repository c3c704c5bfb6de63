/**
 * Renders what a Slack client would show for a message (text and Block Kit) as plain terminal
 * text, with mentions and dates resolved — the demo transcript.
 */
export interface RenderNames {
  user: (id: string) => string;
  channel: (id: string) => string;
}

type Obj = Record<string, any>;

const EMOJI: Record<string, string> = {
  rotating_light: '🚨',
  red_circle: '🔴',
  large_orange_circle: '🟠',
  large_yellow_circle: '🟡',
  white_circle: '⚪',
  large_green_circle: '🟢',
  white_check_mark: '✅',
  lock: '🔒',
  warning: '⚠️',
  memo: '📝',
  page_facing_up: '📄',
  pushpin: '📌',
  tada: '🎉',
  arrow_up: '⬆️',
  arrow_down: '⬇️',
  arrow_double_up: '⏫',
  arrow_double_down: '⏬',
  arrows_counterclockwise: '🔄',
  busts_in_silhouette: '👥',
  wave: '👋',
  large_blue_circle: '🔵',
  mag: '🔍',
};

export function renderMrkdwn(text: string, names: RenderNames): string {
  return text
    .replace(/:([a-z0-9_+-]+):/g, (all, code: string) => EMOJI[code] ?? all)
    .replace(/(^|[\s(])\*([^*\n]+)\*/g, '$1$2')
    .replace(/(^|[\s(])_([^_\n]+)_/g, '$1$2')
    .replace(/<@([UW][A-Z0-9_]+)(?:\|[^>]*)?>/g, (_, id: string) => `@${names.user(id)}`)
    .replace(/<#([CGD][A-Z0-9_]+)(?:\|([^>]*))?>/g, (_, id: string, label?: string) => `#${label || names.channel(id)}`)
    .replace(/<!date\^\d+\^[^|>]*\|([^>]*)>/g, '$1')
    .replace(/<(https?:[^|>]+)\|([^>]+)>/g, '$2 ($1)')
    .replace(/<(https?:[^>]+)>/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

function textOf(t: Obj | undefined, names: RenderNames): string {
  return t?.text ? renderMrkdwn(String(t.text), names) : '';
}

function elementLabel(e: Obj, names: RenderNames): string {
  if (e.type === 'button') return `[${textOf(e.text, names)}]`;
  if (e.type === 'static_select') return `[${textOf(e.placeholder, names) || 'select'} ▾${e.initial_option ? ` ${textOf(e.initial_option.text, names)}` : ''}]`;
  if (e.type === 'overflow') return '[⋯]';
  return `[${e.type}]`;
}

/** One message as indented lines. */
export function renderBlocks(blocks: unknown[] | undefined, fallback: string, names: RenderNames): string[] {
  if (!blocks || blocks.length === 0) return renderMrkdwn(fallback, names).split('\n').filter((l) => l.trim());
  const lines: string[] = [];
  for (const raw of blocks as Obj[]) {
    switch (raw.type) {
      case 'header':
        lines.push(`▌ ${textOf(raw.text, names)}`);
        break;
      case 'section':
        if (raw.text) lines.push(...textOf(raw.text, names).split('\n'));
        if (raw.fields) {
          for (const f of raw.fields as Obj[]) lines.push(`  ${textOf(f, names).replace(/\n/g, ': ')}`);
        }
        if (raw.accessory) lines.push(`  ${elementLabel(raw.accessory, names)}`);
        break;
      case 'context':
        lines.push(`  ${(raw.elements as Obj[]).map((e) => (e.type === 'image' ? '' : textOf(e, names))).join(' ')}`);
        break;
      case 'actions':
        lines.push(`  ${(raw.elements as Obj[]).map((e) => elementLabel(e, names)).join(' ')}`);
        break;
      case 'divider':
        lines.push('  ───');
        break;
      case 'markdown':
        lines.push(...renderMrkdwn(String(raw.text ?? ''), names).split('\n'));
        break;
      default:
        break;
    }
  }
  return lines;
}

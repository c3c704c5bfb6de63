import { randomBytes } from 'node:crypto';

type Obj = Record<string, any>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function slackishId(): string {
  return randomBytes(4).toString('base64url').slice(0, 5);
}

/**
 * Slack stores views and messages with a random block_id / action_id wherever the app left one out,
 * and hands those back in payloads; doing the same means a handler that keys on a missing id fails here too.
 */
export function fillGeneratedIds<T>(blocks: T): T {
  if (!Array.isArray(blocks)) return blocks;
  const copy = structuredClone(blocks) as unknown[];
  for (const b of copy) {
    if (!isObj(b)) continue;
    if (b.block_id === undefined) b.block_id = slackishId();
    const els: unknown[] = [];
    if (Array.isArray(b.elements) && b.type === 'actions') els.push(...b.elements);
    if (isObj(b.accessory)) els.push(b.accessory);
    if (isObj(b.element)) els.push(b.element);
    for (const e of els) if (isObj(e) && e.type !== 'image' && e.action_id === undefined) e.action_id = slackishId();
  }
  return copy as T;
}

const STATEFUL = new Set([
  'plain_text_input',
  'email_text_input',
  'url_text_input',
  'number_input',
  'rich_text_input',
  'file_input',
  'static_select',
  'external_select',
  'multi_static_select',
  'multi_external_select',
  'users_select',
  'multi_users_select',
  'conversations_select',
  'multi_conversations_select',
  'channels_select',
  'multi_channels_select',
  'checkboxes',
  'radio_buttons',
  'datepicker',
  'timepicker',
  'datetimepicker',
]);

interface StatefulSlot {
  blockId: string;
  block: Obj;
  element: Obj;
}

export function statefulElements(blocks: unknown): StatefulSlot[] {
  const out: StatefulSlot[] = [];
  if (!Array.isArray(blocks)) return out;
  for (const b of blocks) {
    if (!isObj(b) || typeof b.block_id !== 'string') continue;
    const els: unknown[] = [];
    if (b.type === 'input' && isObj(b.element)) els.push(b.element);
    if (b.type === 'actions' && Array.isArray(b.elements)) els.push(...b.elements);
    if (b.type === 'section' && isObj(b.accessory)) els.push(b.accessory);
    for (const e of els) if (isObj(e) && STATEFUL.has(e.type)) out.push({ blockId: b.block_id, block: b, element: e });
  }
  return out;
}

function allOptions(el: Obj): Obj[] {
  if (Array.isArray(el.options)) return el.options;
  if (Array.isArray(el.option_groups)) return el.option_groups.flatMap((g: Obj) => (Array.isArray(g.options) ? g.options : []));
  return [];
}

export interface StateContext {
  userExists: (id: string) => boolean;
  channelExists: (id: string) => boolean;
}

function fail(slot: StatefulSlot, msg: string): never {
  throw new Error(`submitView: block '${slot.blockId}' (${slot.element.type} '${slot.element.action_id}'): ${msg}`);
}

function pickOption(slot: StatefulSlot, value: unknown): Obj {
  if (typeof value !== 'string') fail(slot, `expected an option value string, got ${JSON.stringify(value)}`);
  const found = allOptions(slot.element).find((o) => o.value === value);
  if (found) return structuredClone(found);
  if (slot.element.type.includes('external')) return { text: { type: 'plain_text', text: value }, value };
  return fail(slot, `no option with value '${value}' (options: ${allOptions(slot.element).map((o) => o.value).join(', ')})`);
}

function stringList(slot: StatefulSlot, value: unknown): string[] {
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) fail(slot, `expected string[], got ${JSON.stringify(value)}`);
  return value as string[];
}

/** The Slack-shaped state entry for one element, given the user's plain value (undefined = untouched). */
function stateEntry(slot: StatefulSlot, given: unknown, ctx: StateContext): Obj {
  const el = slot.element;
  const type = el.type as string;
  const touched = given !== undefined;
  switch (type) {
    case 'plain_text_input':
    case 'email_text_input':
    case 'url_text_input':
    case 'number_input': {
      let v: unknown = touched ? given : el.initial_value;
      if (typeof v === 'number' && type === 'number_input') v = String(v);
      if (v !== undefined && v !== null && typeof v !== 'string') fail(slot, `expected a string, got ${JSON.stringify(v)}`);
      const s = (v as string | undefined) || null;
      if (s !== null && type === 'plain_text_input') {
        if (typeof el.max_length === 'number' && s.length > el.max_length)
          fail(slot, `Slack's client refuses more than max_length=${el.max_length} characters`);
        if (typeof el.min_length === 'number' && s.length < el.min_length)
          fail(slot, `Slack's client refuses fewer than min_length=${el.min_length} characters`);
      }
      return { type, value: s };
    }
    case 'rich_text_input': {
      const v = touched ? given : undefined;
      if (v === undefined || v === null || v === '') return { type, rich_text_value: el.initial_value ?? null };
      if (typeof v !== 'string') fail(slot, 'expected a string');
      return {
        type,
        rich_text_value: { type: 'rich_text', elements: [{ type: 'rich_text_section', elements: [{ type: 'text', text: v }] }] },
      };
    }
    case 'file_input':
      return { type, files: [] };
    case 'static_select':
    case 'external_select':
    case 'radio_buttons':
      if (!touched) return { type, selected_option: el.initial_option ? structuredClone(el.initial_option) : null };
      return { type, selected_option: given === null ? null : pickOption(slot, given) };
    case 'multi_static_select':
    case 'multi_external_select':
    case 'checkboxes':
      if (!touched) return { type, selected_options: el.initial_options ? structuredClone(el.initial_options) : [] };
      return { type, selected_options: stringList(slot, given).map((v) => pickOption(slot, v)) };
    case 'users_select': {
      const v = touched ? given : (el.initial_user ?? null);
      if (v !== null && (typeof v !== 'string' || !ctx.userExists(v))) fail(slot, `unknown user ${JSON.stringify(v)}`);
      return { type, selected_user: v };
    }
    case 'multi_users_select': {
      const v = touched ? stringList(slot, given) : (el.initial_users ?? []);
      for (const u of v) if (!ctx.userExists(u)) fail(slot, `unknown user ${u}`);
      return { type, selected_users: v };
    }
    case 'conversations_select':
    case 'channels_select': {
      const key = type === 'channels_select' ? 'selected_channel' : 'selected_conversation';
      const initial = type === 'channels_select' ? el.initial_channel : el.initial_conversation;
      const v = touched ? given : (initial ?? null);
      if (v !== null && (typeof v !== 'string' || !ctx.channelExists(v))) fail(slot, `unknown channel ${JSON.stringify(v)}`);
      return { type, [key]: v };
    }
    case 'multi_conversations_select':
    case 'multi_channels_select': {
      const key = type === 'multi_channels_select' ? 'selected_channels' : 'selected_conversations';
      const initial = type === 'multi_channels_select' ? el.initial_channels : el.initial_conversations;
      const v = touched ? stringList(slot, given) : (initial ?? []);
      return { type, [key]: v };
    }
    case 'datepicker': {
      const v = touched ? given : (el.initial_date ?? null);
      if (v !== null && (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v))) fail(slot, `expected 'YYYY-MM-DD', got ${JSON.stringify(v)}`);
      return { type, selected_date: v };
    }
    case 'timepicker': {
      const v = touched ? given : (el.initial_time ?? null);
      if (v !== null && (typeof v !== 'string' || !/^\d{2}:\d{2}$/.test(v))) fail(slot, `expected 'HH:MM', got ${JSON.stringify(v)}`);
      return { type, selected_time: v, ...(el.timezone ? { timezone: el.timezone } : {}) };
    }
    case 'datetimepicker': {
      const v = touched ? given : (el.initial_date_time ?? null);
      if (v !== null && !Number.isInteger(v)) fail(slot, `expected unix seconds, got ${JSON.stringify(v)}`);
      return { type, selected_date_time: v };
    }
    default:
      return { type };
  }
}

function isEmptyEntry(e: Obj): boolean {
  for (const [k, v] of Object.entries(e)) {
    if (k === 'type' || k === 'timezone') continue;
    if (v === null || v === undefined) return true;
    if (Array.isArray(v) && v.length === 0) return true;
    return false;
  }
  return true;
}

/**
 * Builds `view.state.values` from the blocks as they were opened. `values` is keyed by block_id; a block
 * holding several stateful elements (an actions block) takes an object keyed by action_id instead.
 * Mistakes in `values` throw: they are bugs in the test, not something Slack could send.
 */
export function buildStateValues(
  blocks: unknown,
  values: Record<string, unknown>,
  ctx: StateContext,
  enforceRequired = true,
): Record<string, Obj> {
  const slots = statefulElements(blocks);
  const byBlock = new Map<string, StatefulSlot[]>();
  for (const s of slots) byBlock.set(s.blockId, [...(byBlock.get(s.blockId) ?? []), s]);
  for (const key of Object.keys(values)) {
    if (!byBlock.has(key)) {
      throw new Error(
        `submitView: the view has no stateful block '${key}' (block ids: ${[...byBlock.keys()].join(', ') || 'none'})`,
      );
    }
  }
  const out: Record<string, Obj> = {};
  for (const [blockId, group] of byBlock) {
    const given = values[blockId];
    out[blockId] = {};
    for (const slot of group) {
      let mine: unknown = given;
      if (group.length > 1 && given !== undefined) {
        if (!isObj(given)) throw new Error(`submitView: block '${blockId}' has several elements; pass { [action_id]: value }`);
        mine = given[slot.element.action_id];
      }
      const entry = stateEntry(slot, mine, ctx);
      if (enforceRequired && slot.block.type === 'input' && slot.block.optional !== true && isEmptyEntry(entry))
        fail(slot, 'required input left empty: Slack\'s client would not submit the view');
      out[blockId]![slot.element.action_id] = entry;
    }
  }
  return out;
}

/** Finds an interactive element by action_id in message or view blocks. */
export function findElement(blocks: unknown, actionId: string, blockId?: string): { block: Obj; element: Obj } | undefined {
  if (!Array.isArray(blocks)) return undefined;
  for (const b of blocks) {
    if (!isObj(b)) continue;
    if (blockId !== undefined && b.block_id !== blockId) continue;
    const els: unknown[] = [];
    if (Array.isArray(b.elements) && b.type === 'actions') els.push(...b.elements);
    if (isObj(b.accessory)) els.push(b.accessory);
    if (isObj(b.element)) els.push(b.element);
    for (const e of els) if (isObj(e) && e.action_id === actionId) return { block: b, element: e };
  }
  return undefined;
}

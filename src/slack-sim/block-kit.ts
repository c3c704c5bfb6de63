import { BLOCK_LIMITS as L } from './limits';

// Messages follow the wording and json-pointer suffix of Slack's own invalid_blocks errors so a bot
// that logs them shows the same thing in tests as in production.

type Surface = 'message' | 'modal' | 'home';

interface Ctx {
  surface: Surface;
  errors: string[];
  blockIds: Set<string>;
  markdownTotal: number;
}

const isObj = (v: unknown): v is Record<string, any> => typeof v === 'object' && v !== null && !Array.isArray(v);

function tooLong(ctx: Ctx, max: number, ptr: string): void {
  ctx.errors.push(`must be less than ${max + 1} characters [json-pointer:${ptr}]`);
}
function tooMany(ctx: Ctx, max: number, ptr: string): void {
  ctx.errors.push(`no more than ${max} items allowed [json-pointer:${ptr}]`);
}
function missing(ctx: Ctx, field: string, ptr: string): void {
  ctx.errors.push(`missing required field: ${field} [json-pointer:${ptr}]`);
}
function invalid(ctx: Ctx, what: string, ptr: string): void {
  ctx.errors.push(`${what} [json-pointer:${ptr}]`);
}

function maxStr(ctx: Ctx, v: unknown, max: number, ptr: string): void {
  if (v === undefined) return;
  if (typeof v !== 'string') return invalid(ctx, 'must be a string', ptr);
  if (v.length > max) tooLong(ctx, max, ptr);
}

function textObject(
  ctx: Ctx,
  v: unknown,
  ptr: string,
  opts: { max: number; plainOnly?: boolean; required?: boolean; field?: string },
): void {
  if (v === undefined) {
    if (opts.required) missing(ctx, opts.field ?? 'text', ptr.slice(0, ptr.lastIndexOf('/')) || '/');
    return;
  }
  if (!isObj(v)) return invalid(ctx, 'must be an object', ptr);
  if (v.type !== 'plain_text' && v.type !== 'mrkdwn') return invalid(ctx, 'must be a valid enum value', `${ptr}/type`);
  if (opts.plainOnly && v.type !== 'plain_text') return invalid(ctx, 'must be a valid enum value', `${ptr}/type`);
  if (typeof v.text !== 'string') return missing(ctx, 'text', ptr);
  if (v.text.length === 0) return invalid(ctx, 'must be more than 0 characters', `${ptr}/text`);
  if (v.text.length > opts.max) tooLong(ctx, opts.max, `${ptr}/text`);
}

function actionId(ctx: Ctx, el: Record<string, any>, ptr: string): void {
  maxStr(ctx, el.action_id, L.actionId, `${ptr}/action_id`);
}

function confirm(ctx: Ctx, v: unknown, ptr: string): void {
  if (v === undefined) return;
  if (!isObj(v)) return invalid(ctx, 'must be an object', ptr);
  textObject(ctx, v.title, `${ptr}/title`, { max: L.confirmTitle, plainOnly: true });
  textObject(ctx, v.text, `${ptr}/text`, { max: L.confirmText, required: true });
  textObject(ctx, v.confirm, `${ptr}/confirm`, { max: L.confirmButton, plainOnly: true });
  textObject(ctx, v.deny, `${ptr}/deny`, { max: L.confirmButton, plainOnly: true });
}

function option(ctx: Ctx, o: unknown, ptr: string, plainOnly: boolean): void {
  if (!isObj(o)) return invalid(ctx, 'must be an object', ptr);
  textObject(ctx, o.text, `${ptr}/text`, { max: L.optionText, plainOnly, required: true });
  if (typeof o.value !== 'string') missing(ctx, 'value', ptr);
  else if (o.value.length > L.optionValue) tooLong(ctx, L.optionValue, `${ptr}/value`);
  textObject(ctx, o.description, `${ptr}/description`, { max: L.optionDescription, plainOnly });
  maxStr(ctx, o.url, L.buttonUrl, `${ptr}/url`);
}

/** Returns the flat list of options (from `options` or `option_groups`) for initial_option checks. */
function optionList(
  ctx: Ctx,
  el: Record<string, any>,
  ptr: string,
  max: number,
  min: number,
  plainOnly: boolean,
): Record<string, any>[] {
  const all: Record<string, any>[] = [];
  if (Array.isArray(el.options)) {
    if (el.options.length > max) tooMany(ctx, max, `${ptr}/options`);
    if (el.options.length < min) invalid(ctx, `must provide at least ${min} items`, `${ptr}/options`);
    el.options.forEach((o: unknown, i: number) => {
      option(ctx, o, `${ptr}/options/${i}`, plainOnly);
      if (isObj(o)) all.push(o);
    });
  } else if (Array.isArray(el.option_groups)) {
    el.option_groups.forEach((g: unknown, gi: number) => {
      const gp = `${ptr}/option_groups/${gi}`;
      if (!isObj(g) || !Array.isArray(g.options)) return missing(ctx, 'options', gp);
      textObject(ctx, g.label, `${gp}/label`, { max: L.optionText, plainOnly: true, required: true, field: 'label' });
      if (g.options.length > max) tooMany(ctx, max, `${gp}/options`);
      g.options.forEach((o: unknown, i: number) => {
        option(ctx, o, `${gp}/options/${i}`, plainOnly);
        if (isObj(o)) all.push(o);
      });
    });
  } else {
    missing(ctx, 'options', ptr);
  }
  return all;
}

function initialOptionsMatch(ctx: Ctx, el: Record<string, any>, options: Record<string, any>[], ptr: string): void {
  // Slack refuses an initial option that is not one of the element's options.
  const known = new Set(options.map((o) => o.value));
  if (el.initial_option !== undefined) {
    if (!isObj(el.initial_option) || !known.has(el.initial_option.value))
      invalid(ctx, 'initial_option must match one of the options', `${ptr}/initial_option`);
  }
  if (el.initial_options !== undefined) {
    if (!Array.isArray(el.initial_options)) return invalid(ctx, 'must be an array', `${ptr}/initial_options`);
    el.initial_options.forEach((o: unknown, i: number) => {
      if (!isObj(o) || !known.has(o.value))
        invalid(ctx, 'initial_options must match the options', `${ptr}/initial_options/${i}`);
    });
  }
}

function placeholder(ctx: Ctx, el: Record<string, any>, ptr: string): void {
  textObject(ctx, el.placeholder, `${ptr}/placeholder`, { max: L.placeholder, plainOnly: true });
}

const SELECTS = new Set([
  'static_select',
  'external_select',
  'users_select',
  'conversations_select',
  'channels_select',
  'multi_static_select',
  'multi_external_select',
  'multi_users_select',
  'multi_conversations_select',
  'multi_channels_select',
]);

const INPUT_ONLY = new Set([
  'plain_text_input',
  'email_text_input',
  'url_text_input',
  'number_input',
  'rich_text_input',
  'file_input',
]);

const INTERACTIVE = new Set([
  'button',
  'checkboxes',
  'datepicker',
  'datetimepicker',
  'overflow',
  'radio_buttons',
  'timepicker',
  'workflow_button',
  ...SELECTS,
]);

function element(ctx: Ctx, el: unknown, ptr: string, allowed: Set<string>): void {
  if (!isObj(el)) return invalid(ctx, 'must be an object', ptr);
  if (typeof el.type !== 'string') return missing(ctx, 'type', ptr);
  if (!allowed.has(el.type)) return invalid(ctx, `element type ${el.type} is not allowed here`, `${ptr}/type`);
  actionId(ctx, el, ptr);
  confirm(ctx, el.confirm, `${ptr}/confirm`);
  switch (el.type) {
    case 'button':
      textObject(ctx, el.text, `${ptr}/text`, { max: L.buttonText, plainOnly: true, required: true });
      maxStr(ctx, el.value, L.buttonValue, `${ptr}/value`);
      maxStr(ctx, el.url, L.buttonUrl, `${ptr}/url`);
      if (el.style !== undefined && el.style !== 'primary' && el.style !== 'danger')
        invalid(ctx, 'must be a valid enum value', `${ptr}/style`);
      break;
    case 'static_select':
    case 'multi_static_select': {
      placeholder(ctx, el, ptr);
      const opts = optionList(ctx, el, ptr, L.selectOptions, 0, true);
      initialOptionsMatch(ctx, el, opts, ptr);
      break;
    }
    case 'checkboxes':
    case 'radio_buttons': {
      const max = el.type === 'checkboxes' ? L.checkboxOptions : L.radioOptions;
      const opts = optionList(ctx, el, ptr, max, 1, false);
      initialOptionsMatch(ctx, el, opts, ptr);
      break;
    }
    case 'overflow':
      optionList(ctx, el, ptr, L.overflowOptionsMax, L.overflowOptionsMin, true);
      break;
    case 'datepicker':
      placeholder(ctx, el, ptr);
      if (el.initial_date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(String(el.initial_date)))
        invalid(ctx, 'must match format YYYY-MM-DD', `${ptr}/initial_date`);
      break;
    case 'timepicker':
      placeholder(ctx, el, ptr);
      if (el.initial_time !== undefined && !/^\d{2}:\d{2}$/.test(String(el.initial_time)))
        invalid(ctx, 'must match format HH:mm', `${ptr}/initial_time`);
      break;
    case 'datetimepicker':
      if (el.initial_date_time !== undefined && !Number.isInteger(el.initial_date_time))
        invalid(ctx, 'must be an integer', `${ptr}/initial_date_time`);
      break;
    case 'plain_text_input':
      placeholder(ctx, el, ptr);
      if (el.max_length !== undefined && (!Number.isInteger(el.max_length) || el.max_length < 1 || el.max_length > L.plainTextInputMaxLength))
        invalid(ctx, `must be between 1 and ${L.plainTextInputMaxLength}`, `${ptr}/max_length`);
      if (el.min_length !== undefined && (!Number.isInteger(el.min_length) || el.min_length < 0 || el.min_length > L.plainTextInputMaxLength))
        invalid(ctx, `must be between 0 and ${L.plainTextInputMaxLength}`, `${ptr}/min_length`);
      if (el.initial_value !== undefined && typeof el.initial_value !== 'string')
        invalid(ctx, 'must be a string', `${ptr}/initial_value`);
      break;
    case 'image':
      if (el.image_url === undefined && el.slack_file === undefined) missing(ctx, 'image_url', ptr);
      maxStr(ctx, el.image_url, L.imageUrl, `${ptr}/image_url`);
      if (typeof el.alt_text !== 'string') missing(ctx, 'alt_text', ptr);
      else maxStr(ctx, el.alt_text, L.imageAltText, `${ptr}/alt_text`);
      break;
    default:
      if (SELECTS.has(el.type) || el.type.endsWith('_input')) placeholder(ctx, el, ptr);
  }
}

const MESSAGE_BLOCKS = new Set([
  'section',
  'divider',
  'image',
  'actions',
  'context',
  'header',
  'input',
  'file',
  'rich_text',
  'markdown',
  'video',
  'table',
]);
const VIEW_BLOCKS = new Set(['section', 'divider', 'image', 'actions', 'context', 'header', 'input', 'rich_text', 'video']);

function block(ctx: Ctx, b: unknown, ptr: string): void {
  if (!isObj(b)) return invalid(ctx, 'must be an object', ptr);
  if (typeof b.type !== 'string') return missing(ctx, 'type', ptr);
  const allowed = ctx.surface === 'message' ? MESSAGE_BLOCKS : VIEW_BLOCKS;
  if (!allowed.has(b.type)) return invalid(ctx, `unsupported block type: ${b.type}`, `${ptr}/type`);
  if (b.block_id !== undefined) {
    if (typeof b.block_id !== 'string') invalid(ctx, 'must be a string', `${ptr}/block_id`);
    else if (b.block_id.length > L.blockId) tooLong(ctx, L.blockId, `${ptr}/block_id`);
    else if (ctx.blockIds.has(b.block_id)) invalid(ctx, `duplicate block_id ${b.block_id}`, `${ptr}/block_id`);
    else ctx.blockIds.add(b.block_id);
  }
  switch (b.type) {
    case 'section': {
      if (b.text === undefined && b.fields === undefined) missing(ctx, 'text', ptr);
      textObject(ctx, b.text, `${ptr}/text`, { max: L.sectionText });
      if (b.fields !== undefined) {
        if (!Array.isArray(b.fields)) invalid(ctx, 'must be an array', `${ptr}/fields`);
        else {
          if (b.fields.length > L.sectionFields) tooMany(ctx, L.sectionFields, `${ptr}/fields`);
          b.fields.forEach((f: unknown, i: number) =>
            textObject(ctx, f, `${ptr}/fields/${i}`, { max: L.sectionFieldText, required: true }),
          );
        }
      }
      if (b.accessory !== undefined)
        element(ctx, b.accessory, `${ptr}/accessory`, new Set([...INTERACTIVE, 'image']));
      break;
    }
    case 'header':
      textObject(ctx, b.text, `${ptr}/text`, { max: L.headerText, plainOnly: true, required: true });
      break;
    case 'markdown':
      if (typeof b.text !== 'string') missing(ctx, 'text', ptr);
      else {
        ctx.markdownTotal += b.text.length;
        if (b.text.length > L.markdownTotal) tooLong(ctx, L.markdownTotal, `${ptr}/text`);
      }
      break;
    case 'context':
      if (!Array.isArray(b.elements) || b.elements.length === 0) missing(ctx, 'elements', ptr);
      else {
        if (b.elements.length > L.contextElements) tooMany(ctx, L.contextElements, `${ptr}/elements`);
        b.elements.forEach((e: unknown, i: number) => {
          const ep = `${ptr}/elements/${i}`;
          if (isObj(e) && e.type === 'image') element(ctx, e, ep, new Set(['image']));
          else textObject(ctx, e, ep, { max: L.sectionText, required: true });
        });
      }
      break;
    case 'actions':
      if (!Array.isArray(b.elements) || b.elements.length === 0) missing(ctx, 'elements', ptr);
      else {
        if (b.elements.length > L.actionsElements) tooMany(ctx, L.actionsElements, `${ptr}/elements`);
        b.elements.forEach((e: unknown, i: number) => element(ctx, e, `${ptr}/elements/${i}`, INTERACTIVE));
      }
      break;
    case 'input':
      textObject(ctx, b.label, `${ptr}/label`, { max: L.inputLabel, plainOnly: true, required: true, field: 'label' });
      textObject(ctx, b.hint, `${ptr}/hint`, { max: L.inputHint, plainOnly: true });
      if (b.element === undefined) missing(ctx, 'element', ptr);
      else element(ctx, b.element, `${ptr}/element`, new Set([...INTERACTIVE, ...INPUT_ONLY]));
      break;
    case 'image':
      if (b.image_url === undefined && b.slack_file === undefined) missing(ctx, 'image_url', ptr);
      maxStr(ctx, b.image_url, L.imageUrl, `${ptr}/image_url`);
      if (typeof b.alt_text !== 'string') missing(ctx, 'alt_text', ptr);
      else maxStr(ctx, b.alt_text, L.imageAltText, `${ptr}/alt_text`);
      textObject(ctx, b.title, `${ptr}/title`, { max: L.imageAltText, plainOnly: true });
      break;
    case 'rich_text':
      if (!Array.isArray(b.elements)) missing(ctx, 'elements', ptr);
      break;
    default:
      break;
  }
}

export interface BlockCheck {
  errors: string[];
  /** Set when the blocks are individually valid but too big together (Slack's msg_blocks_too_long). */
  tooLong: boolean;
}

export function validateMessageBlocks(blocks: unknown, pointer = '/blocks'): BlockCheck {
  const ctx: Ctx = { surface: 'message', errors: [], blockIds: new Set(), markdownTotal: 0 };
  if (!Array.isArray(blocks)) {
    invalid(ctx, 'must be an array', pointer);
    return { errors: ctx.errors, tooLong: false };
  }
  if (blocks.length > L.messageBlocks) tooMany(ctx, L.messageBlocks, pointer);
  blocks.forEach((b, i) => block(ctx, b, `${pointer}/${i}`));
  return { errors: ctx.errors, tooLong: ctx.errors.length === 0 && ctx.markdownTotal > L.markdownTotal };
}

export interface ViewCheck {
  /** 'view_too_large' or 'invalid_arguments'; undefined when the view is valid. */
  error?: 'view_too_large' | 'invalid_arguments';
  /** Formatted like Slack's `response_metadata.messages` ('[ERROR] …'). */
  messages: string[];
}

export function validateView(view: unknown): ViewCheck {
  if (!isObj(view)) return { error: 'invalid_arguments', messages: ['[ERROR] must be an object [json-pointer:/view]'] };
  if (Buffer.byteLength(JSON.stringify(view)) > L.viewJsonBytes) return { error: 'view_too_large', messages: [] };
  const surface: Surface = view.type === 'home' ? 'home' : 'modal';
  const ctx: Ctx = { surface, errors: [], blockIds: new Set(), markdownTotal: 0 };
  if (view.type !== 'modal' && view.type !== 'home') invalid(ctx, 'must be a valid enum value', '/view/type');
  if (surface === 'modal') {
    textObject(ctx, view.title, '/view/title', { max: L.viewTitle, plainOnly: true, required: true, field: 'title' });
    textObject(ctx, view.submit, '/view/submit', { max: L.viewSubmit, plainOnly: true });
    textObject(ctx, view.close, '/view/close', { max: L.viewClose, plainOnly: true });
  }
  maxStr(ctx, view.private_metadata, L.privateMetadata, '/view/private_metadata');
  maxStr(ctx, view.callback_id, L.callbackId, '/view/callback_id');
  maxStr(ctx, view.external_id, L.externalId, '/view/external_id');
  if (!Array.isArray(view.blocks)) missing(ctx, 'blocks', '/view');
  else {
    if (view.blocks.length > L.viewBlocks) tooMany(ctx, L.viewBlocks, '/view/blocks');
    view.blocks.forEach((b: unknown, i: number) => block(ctx, b, `/view/blocks/${i}`));
    const hasInput = view.blocks.some((b: unknown) => isObj(b) && b.type === 'input');
    if (surface === 'modal' && hasInput && view.submit === undefined)
      invalid(ctx, 'submit is required when the view has input blocks', '/view/submit');
  }
  if (ctx.errors.length === 0) return { messages: [] };
  return { error: 'invalid_arguments', messages: ctx.errors.map((e) => `[ERROR] ${e}`) };
}

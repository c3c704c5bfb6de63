import { truncateText } from '../../domain/text';

/**
 * Block Kit limits, enforced here and only here: builders pass user text through these helpers,
 * so no caller can produce `invalid_blocks`.
 */
export const LIMITS = {
  messageBlocks: 50,
  modalBlocks: 100,
  sectionText: 3000,
  fieldText: 2000,
  fields: 10,
  headerText: 150,
  contextElements: 10,
  actionsElements: 25,
  modalTitle: 24,
  modalButton: 24,
  privateMetadata: 3000,
  id: 255,
  optionText: 75,
  optionValue: 75,
  options: 100,
  buttonText: 75,
  buttonValue: 2000,
  inputMaxLength: 3000,
  inputLabel: 2000,
  placeholder: 150,
  messageText: 40000,
  topic: 250,
} as const;

/** Cuts `text` to `max` characters with an ellipsis, never inside an entity, a mention or a link. */
export const truncate = truncateText;

export type PlainText = { type: 'plain_text'; text: string; emoji?: boolean };
export type Mrkdwn = { type: 'mrkdwn'; text: string };

export const plain = (text: string, max: number = LIMITS.sectionText): PlainText => ({
  type: 'plain_text',
  text: truncate(text || ' ', max),
  emoji: true,
});

export const mrkdwn = (text: string, max: number = LIMITS.sectionText): Mrkdwn => ({
  type: 'mrkdwn',
  text: truncate(text || ' ', max),
});


export function option(text: string, value: string, description?: string) {
  return {
    text: plain(text, LIMITS.optionText),
    value: truncate(value, LIMITS.optionValue),
    ...(description ? { description: plain(description, LIMITS.optionText) } : {}),
  };
}

export function header(text: string) {
  return { type: 'header', text: plain(text, LIMITS.headerText) };
}

export function section(text: string, extra: Record<string, unknown> = {}) {
  return { type: 'section', text: mrkdwn(text), ...extra };
}

export function fieldsSection(fields: string[], extra: Record<string, unknown> = {}) {
  return {
    type: 'section',
    fields: fields.slice(0, LIMITS.fields).map((f) => mrkdwn(f, LIMITS.fieldText)),
    ...extra,
  };
}

export function context(texts: string[]) {
  return { type: 'context', elements: texts.slice(0, LIMITS.contextElements).map((t) => mrkdwn(t)) };
}

export function button(text: string, actionId: string, value?: string, style?: 'primary' | 'danger') {
  return {
    type: 'button',
    text: plain(text, LIMITS.buttonText),
    action_id: actionId,
    ...(value !== undefined ? { value: truncate(value, LIMITS.buttonValue) } : {}),
    ...(style ? { style } : {}),
  };
}

export function actions(elements: unknown[], blockId?: string) {
  return { type: 'actions', ...(blockId ? { block_id: blockId } : {}), elements: elements.slice(0, LIMITS.actionsElements) };
}

/** Keeps at most the Block Kit maximum of blocks, replacing the overflow with a note. */
export function capBlocks<T>(blocks: T[], max: number, overflowNote: (hidden: number) => T): T[] {
  if (blocks.length <= max) return blocks;
  const kept = blocks.slice(0, max - 1);
  return [...kept, overflowNote(blocks.length - kept.length)];
}

export function modalTitle(text: string): PlainText {
  return plain(text, LIMITS.modalTitle);
}

export function privateMetadata(data: Record<string, unknown>): string {
  const json = JSON.stringify(data);
  if (json.length > LIMITS.privateMetadata) throw new Error('private_metadata over 3000 characters');
  return json;
}

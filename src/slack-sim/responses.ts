import type { Obj } from './core';
import type { SimEphemeral } from './types';
import { fillGeneratedIds } from './view-state';
import type { SimWorld } from './world';

/** What Slack does with a message given to a response_url or a slash-command ack. */
export function applyMessageResponse(
  world: SimWorld,
  channel: string,
  user: string,
  body: Obj,
  source: { channel: string; ts: string } | undefined,
  via: SimEphemeral['via'],
): void {
  const blocks = Array.isArray(body.blocks) ? fillGeneratedIds(body.blocks) : undefined;
  const text = typeof body.text === 'string' ? body.text : '';
  if (body.delete_original === true || body.delete_original === 'true') {
    if (source) world.removeMessage(source.channel, source.ts);
    return;
  }
  if ((body.replace_original === true || body.replace_original === 'true') && source) {
    const m = world.findMessage(source.channel, source.ts);
    if (m) {
      m.text = text;
      m.blocks = blocks;
      return;
    }
  }
  if (!text && !blocks) return;
  if (body.response_type === 'in_channel') {
    const parent = typeof body.thread_ts === 'string' ? world.findMessage(channel, body.thread_ts) : undefined;
    world.addMessage(channel, {
      user: world.botUserId,
      botId: world.botId,
      text,
      blocks,
      threadTs: parent ? (parent.threadTs ?? parent.ts) : undefined,
    });
  } else {
    world.ephemerals.push({ channel, user, text, blocks, ts: world.nextTs(), via });
  }
}

import type { SlackSim } from '../slack-sim';
import { CAPTURED_REACTION } from '../slack/ids';
import { renderBlocks, type RenderNames } from './render';

export function simNames(sim: SlackSim): RenderNames {
  return {
    user: (id) => sim.users.get(id)?.name ?? id,
    channel: (id) => sim.channels.get(id)?.name ?? id,
  };
}

/**
 * Prints what the bot made appear in the local Slack since the last call: channel messages,
 * ephemeral answers (acks, response_url replies, chat.postEphemeral) and opened modals.
 */
export function createTranscript(sim: SlackSim, print: (line: string) => void, who: (userId: string) => string) {
  const names = simNames(sim);
  const seenMessages = new Map<string, number>([...sim.channels.keys()].map((id) => [id, sim.messages(id).length]));
  let seenEphemerals = sim.ephemerals.length;
  let seenViews = sim.views.size;
  const fromBot = (m: { user?: string; botId?: string }) => m.user === sim.botUserId || Boolean(m.botId);
  const acknowledged = new Set<string>();
  const where = (ch: { id: string; name: string; isIm: boolean; imUser?: string }) => (ch.isIm ? `DM to ${who(ch.imUser ?? ch.name)}` : `#${ch.name}`);

  function printMessage(where: string, blocks: unknown[] | undefined, text: string, files?: string[]): void {
    print(`    ┌ bot → ${where}`);
    for (const line of renderBlocks(blocks, text, names)) print(`    │ ${line}`);
    for (const f of files ?? []) print(`    │ 📎 ${f}`);
    print('    └');
  }

  return {
    /** The message as it looks now (the card is edited in place, so it is shown at the end). */
    showMessage(channelId: string, ts: string, title: string): void {
      const m = sim.messages(channelId).find((x) => x.ts === ts);
      if (m) printMessage(title, m.blocks, m.text);
    },
    showNew(): void {
      for (const ch of sim.channels.values()) {
        const all = sim.messages(ch.id);
        for (const m of all.slice(seenMessages.get(ch.id) ?? 0)) {
          if (fromBot(m)) printMessage(where(ch), m.blocks, m.text, m.files?.map((f) => f.name));
        }
        seenMessages.set(ch.id, all.length);
        // The bot's ✅ on a message is how responders see a capture counted.
        for (const m of all) {
          const key = `${ch.id}:${m.ts}`;
          const on = m.reactions.get(CAPTURED_REACTION)?.has(sim.botUserId) ?? false;
          if (on && !acknowledged.has(key)) print(`    ✅ bot reacted: "${m.text.slice(0, 60)}${m.text.length > 60 ? '…' : ''}" is on the timeline`);
          if (!on && acknowledged.has(key)) print(`    ✖ bot removed its ✅: "${m.text.slice(0, 60)}" is off the timeline`);
          if (on) acknowledged.add(key);
          else acknowledged.delete(key);
        }
      }
      for (const e of sim.ephemerals.slice(seenEphemerals)) printMessage(`only visible to ${who(e.user)}`, e.blocks, e.text);
      seenEphemerals = sim.ephemerals.length;
      const views = [...sim.views.values()];
      for (const v of views.slice(seenViews)) {
        const title = (v.view as { title?: { text?: string } }).title?.text;
        print(`    ┌ modal opened for ${who(v.user)}: "${title}"`);
      }
      seenViews = views.length;
    },
  };
}

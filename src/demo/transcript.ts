import type { SlackSim } from '../slack-sim';
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

  function printMessage(where: string, blocks: unknown[] | undefined, text: string, files?: string[]): void {
    print(`    ┌ bot → ${where}`);
    for (const line of renderBlocks(blocks, text, names)) print(`    │ ${line}`);
    for (const f of files ?? []) print(`    │ 📎 ${f}`);
    print('    └');
  }

  return {
    showNew(): void {
      for (const ch of sim.channels.values()) {
        const all = sim.messages(ch.id);
        for (const m of all.slice(seenMessages.get(ch.id) ?? 0)) {
          if (fromBot(m)) printMessage(`#${ch.name}`, m.blocks, m.text, m.files?.map((f) => f.name));
        }
        seenMessages.set(ch.id, all.length);
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

import type { SlackSim } from '../slack-sim';
import { CALLBACK } from '../slack/ids';
import { createTranscript, simNames } from './transcript';
import { durationMs, type Scenario, type Step } from './scenario';

export interface DemoClock {
  now(): number;
  advance(ms: number): void;
}

export function createDemoClock(start: number): DemoClock {
  const realStart = Date.now();
  let t = start;
  return {
    // Moves with real time too, so consecutive messages keep distinct, ordered timestamps.
    now: () => t + (Date.now() - realStart),
    advance: (ms) => {
      t += ms;
    },
  };
}
export interface PlayerDeps {
  sim: SlackSim;
  clock: DemoClock;
  /** Resolves when the bot has finished the work a step started. */
  settle: () => Promise<void>;
  /** The incident channel once declared (read from the bot's database). */
  incidentChannel: () => Promise<string | null>;
  print: (line: string) => void;
}

/**
 * Plays a scenario against the local Slack exactly as Slack would send it, printing what each
 * channel shows after every step.
 */
export async function playScenario(scenario: Scenario, deps: PlayerDeps): Promise<void> {
  const { sim, clock, print } = deps;
  const labels = new Map<string, { channel: string; ts: string }>();
  const transcript = createTranscript(sim, print, (id) => who(id));
  const names = simNames(sim);

  const channelFor = async (ref?: string): Promise<string> => {
    if (ref) {
      const ch = sim.channelByName(ref.replace(/^#/, ''));
      if (!ch) throw new Error(`scenario: no channel #${ref}`);
      return ch.id;
    }
    const id = await deps.incidentChannel();
    if (!id) throw new Error('scenario: this step needs the incident channel, but no incident has one yet');
    return id;
  };
  const message = (label: string) => {
    const m = labels.get(label);
    if (!m) throw new Error(`scenario: no message labelled "${label}"`);
    return m;
  };
  const stamp = () => new Date(clock.now()).toISOString().slice(0, 16).replace('T', ' ');
  const who = (id: string) => sim.users.get(id)?.realName ?? id;

  for (const step of scenario.steps) {
    if (step.at) clock.advance(durationMs(step.at));
    await play(step);
    await deps.settle();
    transcript.showNew();
  }
  const channel = await deps.incidentChannel();
  const card = channel && sim.messages(channel).find((m) => JSON.stringify(m.blocks ?? []).includes('"block_id":"incident_card:'));
  if (channel && card) {
    print('');
    print('── The pinned incident card as it reads now:');
    transcript.showMessage(channel, card.ts, `#${names.channel(channel)} (pinned)`);
  }

  async function play(step: Step): Promise<void> {
    if ('say' in step) {
      print('');
      print(`── ${atClock(step.say, clock)}`);
      return;
    }
    if ('command' in step) {
      const command = atClock(step.command, clock);
      const channel = await channelFor(step.in);
      print(`[${stamp()}] ${who(step.user)} in #${names.channel(channel)}: /incident ${command}`);
      const answer = await sim.sendCommand({ user: step.user, channel, text: command });
      expectOk(answer.status, `/incident ${step.command}`);
      return;
    }
    if ('submit' in step) {
      // A command answers before its form opens (views.open follows the ack): wait for the form.
      for (let i = 0; i < 200 && !sim.lastView()?.open; i++) await new Promise((r) => setTimeout(r, 10));
      const view = sim.lastView();
      print(`[${stamp()}] ${who(step.user)} fills in "${view ? String((view.view as { title?: { text?: string } }).title?.text) : '?'}" and submits`);
      const answer = await sim.submitView({ user: step.user, values: resolveValues(step.submit, clock) });
      expectOk(answer.status, 'view submission');
      if (answer.body?.response_action === 'errors') throw new Error(`scenario: the form refused: ${JSON.stringify(answer.body.errors)}`);
      return;
    }
    if ('post' in step) {
      const channel = await channelFor(step.in);
      const parent = step.thread ? message(step.thread).ts : undefined;
      const text = atClock(step.post, clock);
      print(`[${stamp()}] ${who(step.user)}${parent ? ' (in thread)' : ''}: ${text}${step.files ? ` [${step.files.map((f) => f.name).join(', ')}]` : ''}`);
      const { ts } = await sim.userPosts({ user: step.user, channel, text, threadTs: parent, files: step.files });
      if (step.as) labels.set(step.as, { channel, ts });
      return;
    }
    if ('pin' in step) {
      print(`[${stamp()}] ${who(step.user)} pins "${step.pin}"`);
      await sim.userPins({ user: step.user, ...message(step.pin) });
      return;
    }
    if ('react' in step) {
      print(`[${stamp()}] ${who(step.user)} reacts :${step.emoji}: to "${step.react}"`);
      await sim.userReacts({ user: step.user, ...message(step.react), name: step.emoji });
      return;
    }
    if ('shortcut' in step) {
      print(`[${stamp()}] ${who(step.user)} uses "Add to incident timeline" on "${step.shortcut}"`);
      const m = message(step.shortcut);
      await sim.messageShortcut({ user: step.user, channel: m.channel, messageTs: m.ts, callbackId: CALLBACK.addToTimelineShortcut });
      return;
    }
    if ('edit' in step) {
      print(`[${stamp()}] ${who(step.user)} edits "${step.edit}": ${step.text}`);
      await sim.userEdits({ user: step.user, ...message(step.edit), text: step.text });
      return;
    }
    if ('join' in step) {
      const channel = await channelFor();
      print(`[${stamp()}] ${who(step.join)} joins #${names.channel(channel)}`);
      await sim.userJoins({ user: step.join, channel });
      return;
    }
    if ('click' in step) {
      const channel = await channelFor();
      const card = [...sim.messages(channel)].reverse().find((m) => JSON.stringify(m.blocks ?? []).includes(`"action_id":"${step.click}"`));
      if (!card) throw new Error(`scenario: no message in the incident channel has the control ${step.click}`);
      print(`[${stamp()}] ${who(step.user)} clicks ${step.click} on the incident card`);
      if (step.value) await sim.selectOption({ user: step.user, channel, messageTs: card.ts, actionId: step.click, value: step.value });
      else await sim.clickButton({ user: step.user, channel, messageTs: card.ts, actionId: step.click });
    }
  }
}

/**
 * Scenario prose names times from the demo clock, never literal ones, so the story agrees with the
 * timestamps: `{time}` is the clock's UTC HH:MM, `{time-47m}` / `{time+2h}` shifted, `{date}` the day.
 */
export function atClock(text: string, clock: Pick<DemoClock, 'now'>): string {
  return text.replace(/\{(time|date)(?:([+-])(\d+[mhd]))?\}/g, (_all, kind: string, sign?: string, amount?: string) => {
    const shift = amount ? (sign === '-' ? -1 : 1) * durationMs(amount) : 0;
    const iso = new Date(clock.now() + shift).toISOString();
    return kind === 'date' ? iso.slice(0, 10) : iso.slice(11, 16);
  });
}

function expectOk(status: number, what: string): void {
  if (status !== 200) throw new Error(`scenario: the bot answered ${status} to ${what}`);
}

/**
 * Form values may be relative to the demo clock: `@now-30d` (a datetimepicker, unix seconds) and
 * `@date+14d` (a datepicker, YYYY-MM-DD).
 */
export function resolveValues(values: Record<string, unknown>, clock: DemoClock): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    const rel = typeof value === 'string' ? /^@(now|date)([+-]\d+[mhd])?$/.exec(value) : null;
    if (!rel) {
      out[key] = value;
      continue;
    }
    const shift = rel[2] ? Math.sign(Number(rel[2].slice(0, -1))) * durationMs(rel[2].replace(/^[+-]/, '')) : 0;
    const at = new Date(clock.now() + shift);
    out[key] = rel[1] === 'now' ? Math.floor(at.getTime() / 1000) : at.toISOString().slice(0, 10);
  }
  return out;
}

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runPostmortemCli } from '../../src/cli/postmortem';
import { NOTE_MAX } from '../../src/domain/capture';
import { DECLARE_BLOCK, RESOLVE_BLOCK, ANALYSIS_BLOCK } from '../../src/slack/ids';
import type { SimMessage } from '../../src/slack-sim';
import { startHarness, waitFor, type Harness } from '../support/harness';

/**
 * Text exactly as Slack shows it. The simulator sends what a person typed the way Slack does
 * (`&lt;`, `<@U…|name>`, `<!channel>`, `<https://…|label>`); these tests read what the bot posts
 * back the way Slack would render it.
 */
let h: Harness;
const ALICE = 'U_ALICE';
const BOB = 'U_BOB';

beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.stop();
});

const general = () => h.sim.channelByName('general') ?? h.sim.createChannel('general', { members: [ALICE, BOB, 'U_CAROL', 'U_DAVE'] });

async function fastDeclare(text = 'sev3 Ranker latency regression') {
  await h.sim.sendCommand({ user: ALICE, channel: general().id, text: `declare ${text}` });
  await h.settle();
  return (await h.repos.incidents.byId(1))!.channelId!;
}

async function command(channel: string, text: string, user = ALICE) {
  const answer = await h.sim.sendCommand({ user, channel, text });
  expect(answer.status).toBe(200);
  await h.settle();
  return answer;
}

/** Every string the bot handed to Slack in a message: fallback text and every block's text. */
function said(m: { text: string; blocks?: unknown[] }): string {
  return `${m.text}\n${JSON.stringify(m.blocks ?? [])}`;
}
const botMessages = (channel: string) => h.sim.messages(channel).filter((m) => m.user === 'UBOT');
const last = (channel: string): SimMessage => botMessages(channel).at(-1)!;

/** How Slack displays mrkdwn: entities decoded once. */
const displayed = (mrkdwn: string) => mrkdwn.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** A broadcast, a user-group ping or a disguised link, as Slack would act on them. */
const LIVE_TOKEN = /<!(channel|here|everyone|subteam\^)|<https?:\/\/[^|>]*\|/;

/**
 * Every string the bot gave Slack to render as mrkdwn (fallback `text`, mrkdwn text objects, topics
 * and purposes). `plain_text` objects are left out: Slack never turns them into mentions or links.
 */
function everythingTheBotSent(): string {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (o.type === 'mrkdwn' && typeof o.text === 'string') out.push(o.text);
      Object.values(o).forEach(walk);
    }
  };
  for (const c of h.sim.calls.filter((x) => x.ok && /^(chat\.|conversations\.set)/.test(x.method))) {
    for (const key of ['text', 'topic', 'purpose']) if (typeof c.args[key] === 'string') out.push(c.args[key] as string);
    walk(c.args.blocks);
  }
  return out.join('\n');
}

describe('decode once on the way in, encode once on the way out', () => {
  it('status notes, severity reasons, the SEV1 announcement and /incident timeline show what was typed', async () => {
    const channel = await fastDeclare();
    await command(channel, 'status contained p95 < 300ms & error rate > 1% fixed');
    const status = last(channel);
    expect(said(status)).toContain('p95 &lt; 300ms &amp; error rate &gt; 1% fixed');
    expect(said(status)).not.toContain('&amp;lt;');

    await command(channel, 'severity sev1 R&D <-> prod drift');
    const severity = last(channel);
    expect(said(severity)).toContain('R&amp;D &lt;-&gt; prod drift');
    // The escalation in the channel itself (its reply in the announcement's thread comes after it).
    const announcement = h.sim.messages(h.incidentsChannel!.id).filter((m) => !m.threadTs).at(-1)!;
    expect(displayed(said(announcement))).toContain('Reason: R&D <-> prod drift');
    expect(said(announcement)).not.toContain('&amp;amp;');

    const timeline = await h.sim.sendCommand({ user: ALICE, channel, text: 'timeline' });
    const shown = displayed(JSON.stringify((timeline.body as { blocks: unknown[] }).blocks));
    expect(shown).toContain('p95 < 300ms & error rate > 1% fixed');
    expect(shown).toContain('R&D <-> prod drift');
    expect(shown).not.toContain('&lt;');

    // Stored as plain text: what the person typed.
    const kinds = (await h.repos.timeline.forIncident(1)).map((e) => e.text);
    expect(kinds).toContain('Status: Investigating → Contained — p95 < 300ms & error rate > 1% fixed');
  });

  it('/incident note shows a broadcast and a disguised link as words, never pings or hides the URL', async () => {
    const channel = await fastDeclare();
    await command(channel, 'note @channel @here rollback done, see [runbook](https://evil.example/steal) @bob');
    const echo = last(channel);
    expect(said(echo)).not.toMatch(LIVE_TOKEN);
    expect(displayed(echo.text)).toContain('@channel @here rollback done, see runbook (https://evil.example/steal) <@U_BOB>');
    expect(JSON.stringify(echo.blocks)).toContain('runbook (https://evil.example/steal)');
    // The person stays a mention; the note is stored as plain text with the person's id.
    expect((await h.repos.timeline.forIncident(1)).find((e) => e.kind === 'note')!.text).toBe(
      '@channel @here rollback done, see runbook (https://evil.example/steal) <@U_BOB>',
    );
    expect(everythingTheBotSent()).not.toMatch(LIVE_TOKEN);
  });

  it('a title and summary typed into the form stay words in the card, its fallback text, the topic and the purpose', async () => {
    await h.sim.sendCommand({ user: ALICE, channel: general().id, text: 'declare' });
    await waitFor(() => h.sim.lastView(), 'declaration form');
    const answer = await h.sim.submitView({
      user: ALICE,
      values: {
        [DECLARE_BLOCK.title]: '<!channel> ranker & <b>scores</b>',
        [DECLARE_BLOCK.severity]: 'sev2',
        [DECLARE_BLOCK.category]: 'other',
        [DECLARE_BLOCK.harmLevel]: 'event',
        [DECLARE_BLOCK.summary]: '<!here> see <https://evil.example|the runbook> &lt;now&gt;',
      },
    });
    expect(answer.body).toBeNull();
    await h.settle();
    const incident = (await h.repos.incidents.byId(1))!;
    const channel = h.sim.channels.get(incident.channelId!)!;
    const card = h.sim.messages(channel.id).find((m) => m.ts === incident.cardTs)!;
    expect(displayed(card.text)).toContain('<!channel> ranker & <b>scores</b>');
    expect(card.text).not.toMatch(LIVE_TOKEN);
    expect(displayed(channel.purpose)).toBe('<!here> see <https://evil.example|the runbook> &lt;now&gt;');
    expect(channel.purpose).not.toMatch(LIVE_TOKEN);
    expect(everythingTheBotSent()).not.toMatch(LIVE_TOKEN);
  });
});

describe('fallback text comes from the same plain text', () => {
  it('keeps emoji shortcodes and times intact in notifications', async () => {
    const channel = await fastDeclare('sev2 Rollback at 02:00 failed');
    // The escalation in the channel itself (its reply in the announcement's thread comes after it).
    const announcement = h.sim.messages(h.incidentsChannel!.id).filter((m) => !m.threadTs).at(-1)!;
    expect(announcement.text).toContain('Rollback at 02:00 failed');

    await command(channel, 'status contained rolled back at 02:00 :arrows_counterclockwise: done');
    expect(last(channel).text).toContain('rolled back at 02:00 :arrows_counterclockwise: done');
    await command(channel, 'severity sev1 drift_detector fired at 03:15');
    expect(last(channel).text).toContain('drift_detector fired at 03:15');
  });
});

describe('length limits count the text as written', () => {
  it('accepts a note of the maximum length full of & and <, and cuts its echo at a whole entity', async () => {
    const channel = await fastDeclare();
    const typed = `x ${'a & b < c '.repeat(400)}`.slice(0, NOTE_MAX);
    expect(typed.length).toBe(NOTE_MAX);
    const answer = await h.sim.sendCommand({ user: ALICE, channel, text: `note ${typed}` });
    expect(JSON.stringify(answer.body ?? '')).not.toContain('Keep a note under');
    await h.settle();
    expect((await h.repos.timeline.forIncident(1)).find((e) => e.kind === 'note')!.text).toBe(typed.trim());
    const echo = last(channel);
    const section = (echo.blocks as { text: { text: string } }[])[0]!.text.text;
    expect(section.length).toBeLessThanOrEqual(3000);
    expect(section).toMatch(/(&amp;|&lt;|[a-z ])…$/);
    expect(section).not.toMatch(/&[a-z]{0,3}…$/);
    expect(h.sim.problems).toEqual([]);
  });
});

describe('control characters and bidi overrides', () => {
  it('never reach the post-mortem Markdown or the terminal', async () => {
    const channel = await fastDeclare();
    h.sim.channels.get(channel)!.members.add(BOB);
    const { ts } = await h.sim.userPosts({ user: BOB, channel, text: 'deploy \u001b[2J\u001b[31mdone\u0007 \u202Egnp.exe\u202C ok\u0000' });
    await h.sim.userPins({ user: BOB, channel, ts });
    await command(channel, 'note bell\u0007 and \u2066isolate\u2069 and back\u0008space');
    await command(channel, 'postmortem');
    const file = h.sim.files.at(-1)!;
    const UNSAFE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;
    expect(file.content).toContain('deploy [2J[31mdone gnp.exe ok');
    expect(file.content).not.toMatch(UNSAFE);

    const out: string[] = [];
    const code = await runPostmortemCli(['INC-1'], h.dbEnv, { out: (s) => out.push(s), err: () => undefined });
    expect(code).toBe(0);
    expect(out.join('')).not.toMatch(UNSAFE);
  });
});

describe('Markdown tables', () => {
  it('a multi-line fishbone cell whose line ends in a backslash keeps its row', async () => {
    const channel = await fastDeclare();
    await h.sim.sendCommand({ user: ALICE, channel, text: 'resolve' });
    await waitFor(() => h.sim.lastView(), 'resolve form');
    await h.sim.submitView({ user: ALICE, values: { [RESOLVE_BLOCK.summary]: 'Rolled back.' } });
    await h.settle();
    const opened = h.sim.callsTo('views.open').length;
    await h.sim.sendCommand({ user: ALICE, channel, text: 'analysis factors' });
    await waitFor(() => h.sim.callsTo('views.open').length > opened, 'analysis form');
    await h.sim.submitView({ user: ALICE, values: { [ANALYSIS_BLOCK.factor('technology')]: 'Config lived in C:\\models\\\nand nobody reviewed it' } });
    await h.settle();
    const md = (await h.repos.postmortem.latestDraft(1))!.markdown;
    const row = md.split('\n').find((l) => l.startsWith('| Technology |'))!;
    // The backslash is escaped, so `<br>` stays a line break and the row keeps its two cells.
    expect(row).toContain('C:\\models\\\\<br>and nobody reviewed it');
    expect(row.replace(/\\\|/g, '').split('|').filter((c) => c.trim() !== '')).toHaveLength(2);
  });
});

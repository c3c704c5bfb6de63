import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALLBACK, DECLARE_BLOCK, EDIT_BLOCK, EVIDENCE_BLOCK, RESOLVE_BLOCK, ANALYSIS_BLOCK } from '../../src/slack/ids';
import { startHarness, waitFor, type Harness } from '../support/harness';

const ALICE = 'U_ALICE';
const BOB = 'U_BOB';
const CAROL = 'U_CAROL';

// Words that appear nowhere in the code: if one reaches a log line, user text leaked.
const WRITTEN = {
  title: 'Quokka ledger exposes Zanzibar payroll',
  summary: 'Marmalade export shows pelican salaries to everyone',
  editedTitle: 'Quokka ledger exposes Zanzibar payroll twice',
  editedSummary: 'Marmalade export and the wombat report',
  message: 'Rollback of the narwhal service started',
  editedMessage: 'Rollback of the narwhal service finished',
  pinned: 'Axolotl cache flushed',
  shortcut: 'Tapir replicas drained',
  note: 'Legal says the kookaburra clause applies',
  statusNote: 'Contained by disabling the manatee export',
  severityReason: 'Ocelot data confirmed in the export',
  resolution: 'Removed the capybara column from the export',
  rootCause: 'The platypus job ignored the private flag',
  evidenceModel: 'registry://dugong-ranker/7',
  evidenceLogs: 's3://evidence/lemur-logs/',
};
const SECRET_WORDS = ['quokka', 'zanzibar', 'marmalade', 'pelican', 'wombat', 'narwhal', 'axolotl', 'tapir', 'kookaburra', 'manatee', 'ocelot', 'capybara', 'platypus', 'dugong', 'lemur'];

/**
 * A private incident driven through every surface that carries user text, with the app logging
 * at debug (Bolt's and the Web API client's debug output included). No line may contain what
 * people wrote, a response_url or a trigger_id.
 */
describe.each(['json', 'pretty'] as const)('logs at LOG_LEVEL=debug (LOG_FORMAT=%s)', (format) => {
  let h: Harness;
  const responseUrls: string[] = [];
  const triggerIds: string[] = [];

  beforeAll(async () => {
    h = await startHarness({ env: { LOG_LEVEL: 'debug', LOG_FORMAT: format } });
    const general = h.sim.createChannel('general', { members: [ALICE, BOB, CAROL] });
    const command = async (channel: string, text: string, user = ALICE) => {
      const answer = await h.sim.sendCommand({ user, channel, text });
      responseUrls.push(answer.responseUrl);
      triggerIds.push(answer.triggerId);
      await h.settle();
      return answer;
    };
    const form = async (channel: string, text: string) => {
      const before = h.sim.callsTo('views.open').length;
      await command(channel, text);
      await waitFor(() => h.sim.callsTo('views.open').length > before, `form for ${text}`);
    };

    await form(general.id, `declare ${WRITTEN.title}`);
    await h.sim.submitView({
      user: ALICE,
      values: {
        [DECLARE_BLOCK.severity]: 'sev2',
        [DECLARE_BLOCK.category]: 'privacy_leak',
        // Fundamental-rights harm: the AI Act applies, so containment asks for evidence first.
        [DECLARE_BLOCK.harmLimb]: 'c',
        [DECLARE_BLOCK.summary]: WRITTEN.summary,
        [DECLARE_BLOCK.options]: ['private'],
      },
    });
    await h.settle();
    const incident = (await h.repos.incidents.byId(1))!;
    expect(incident.isPrivate).toBe(true);
    const channel = incident.channelId!;
    await h.sim.userJoins({ user: BOB, channel, inviter: ALICE });
    await h.settle();

    const { ts } = await h.sim.userPosts({ user: BOB, channel, text: WRITTEN.message });
    await h.settle();
    await h.sim.userReacts({ user: ALICE, channel, ts, name: 'pushpin' });
    await h.sim.userEdits({ user: BOB, channel, ts, text: WRITTEN.editedMessage });
    const pinned = await h.sim.userPosts({ user: BOB, channel, text: WRITTEN.pinned });
    await h.sim.userPins({ user: ALICE, channel, ts: pinned.ts });
    // A Slack failure on the way: its warning must not carry the text either.
    h.sim.failNext('chat.getPermalink', { status: 500, times: 5 });
    const shortcut = await h.sim.userPosts({ user: BOB, channel, text: WRITTEN.shortcut });
    const answer = await h.sim.messageShortcut({ user: ALICE, channel, messageTs: shortcut.ts, callbackId: CALLBACK.addToTimelineShortcut });
    triggerIds.push(answer.triggerId);
    await h.settle();

    await command(channel, `note ${WRITTEN.note}`);
    // An AI Act incident: the evidence form comes first, and what is typed in it is user text too.
    await form(channel, `status contained ${WRITTEN.statusNote}`);
    await h.sim.submitView({
      user: ALICE,
      values: {
        [EVIDENCE_BLOCK.modelRef]: WRITTEN.evidenceModel,
        [EVIDENCE_BLOCK.promptsRef]: 'git@configs:prod.yaml',
        [EVIDENCE_BLOCK.samplesRef]: 's3://evidence/samples/',
        [EVIDENCE_BLOCK.logsRef]: WRITTEN.evidenceLogs,
      },
    });
    await h.settle();
    await command(channel, `severity sev1 ${WRITTEN.severityReason}`);
    await command(channel, 'timeline');
    await command(general.id, 'list', CAROL);
    await command(general.id, 'list', BOB);

    await form(channel, 'edit');
    await h.sim.submitView({ user: ALICE, values: { [EDIT_BLOCK.title]: WRITTEN.editedTitle, [EDIT_BLOCK.summary]: WRITTEN.editedSummary } });
    await h.settle();

    await form(channel, 'resolve');
    await h.sim.submitView({ user: ALICE, values: { [RESOLVE_BLOCK.summary]: WRITTEN.resolution } });
    await h.settle();
    await form(channel, 'analysis');
    await h.sim.submitView({ user: ALICE, values: { [ANALYSIS_BLOCK.rootCause]: WRITTEN.rootCause } });
    await h.settle();
    await form(channel, 'close');
    await h.sim.submitView({ user: ALICE, values: {} });
    await h.settle();
    responseUrls.push(...h.sim.responses.map((r) => r.id));
  }, 60_000);

  afterAll(async () => {
    await h?.stop();
  });

  it('actually logged at debug, including the Slack libraries', async () => {
    expect(h.sim.problems).toEqual([]);
    expect(h.logs.length).toBeGreaterThan(50);
    expect(h.logs.some((l) => l.includes('debug') && l.includes('slack.library'))).toBe(true);
    expect(h.logs.some((l) => l.includes('incident.resolved'))).toBe(true);
  });

  it('never carries what people wrote in a private incident', async () => {
    const leaks = h.logs.filter((line) => SECRET_WORDS.some((w) => line.toLowerCase().includes(w)));
    expect(leaks).toEqual([]);
  });

  it('never carries a response_url or a trigger_id', async () => {
    expect(responseUrls.length).toBeGreaterThan(5);
    const all = h.logs.join('\n');
    expect(all).not.toContain('/response/');
    expect(all).not.toMatch(/hooks\.slack\.com\/(?!\[redacted\])/);
    for (const url of responseUrls) expect(all).not.toContain(url.split('/').pop()!);
    for (const trigger of triggerIds) expect(all).not.toContain(trigger);
  });

  it('writes one line per event with the incident number', async () => {
    const events = ['incident.declared', 'incident.status_changed', 'incident.severity_changed', 'incident.details_edited', 'incident.resolved', 'incident.closed'];
    for (const event of events) {
      const lines = h.logs.filter((l) => l.includes(event));
      expect(lines, event).toHaveLength(1);
      if (format === 'json') expect(JSON.parse(lines[0])).toMatchObject({ event, inc: 'INC-1' });
      else expect(lines[0]).toMatch(new RegExp(`^\\S+ info ${event.replace('.', '\\.')} .*inc=INC-1`));
    }
    if (format === 'json') for (const line of h.logs) expect(() => JSON.parse(line)).not.toThrow();
    else for (const line of h.logs) expect(line).not.toContain('\n');
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getSeverityHistory } from '../../src/services/get-severity-history';
import { ACTION, RESOLVE_BLOCK, EDIT_BLOCK, STATUS_NOTE_BLOCK } from '../../src/slack/ids';
import { startHarness, waitFor, type Harness } from '../support/harness';

let h: Harness;
const ALICE = 'U_ALICE';
const BOB = 'U_BOB';

beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.stop();
});

function general() {
  return h.sim.channelByName('general') ?? h.sim.createChannel('general', { members: [ALICE, BOB, 'U_CAROL'] });
}

/** ALICE declares (and commands); BOB is technical lead, a Responsible role that may steer too. */
async function declare(text = 'sev3 Moderation model flags benign posts') {
  await h.sim.sendCommand({ user: ALICE, channel: general().id, text: `declare ${text}` });
  await h.settle();
  const incident = (await h.repos.incidents.byId(1))!;
  await h.sim.sendCommand({ user: ALICE, channel: incident.channelId!, text: 'assign tech @bob' });
  await h.settle();
  return { channel: incident.channelId!, cardTs: incident.cardTs! };
}

async function command(channel: string, text: string, user = ALICE) {
  const answer = await h.sim.sendCommand({ user, channel, text });
  await h.settle();
  return answer;
}

const incident = async () => (await h.repos.incidents.byId(1))!;
const entriesOf = async (kind: string) => (await h.repos.timeline.forIncident(1)).filter((e) => e.kind === kind);
const cardText = async (channel: string) => {
  const { cardTs } = await incident();
  return JSON.stringify(h.sim.messages(channel).find((m) => m.ts === cardTs)!.blocks);
};
const topic = (channel: string) => h.sim.channels.get(channel)!.topic;

describe('/incident status', () => {
  it('moves forward, stamps the phase, updates card and topic, records and announces the change in the channel', async () => {
    const { channel } = await declare();
    const answer = await command(channel, 'status contained rolled back to moderation-v6');
    expect(answer.body).toMatchObject({ response_type: 'ephemeral' });
    expect(answer.body.text).toContain('Contained');
    const inc = await incident();
    expect(inc.status).toBe('contained');
    expect(inc.containedAt).toBeInstanceOf(Date);
    expect(inc.mitigatedAt).toBeNull();
    const [entry] = await entriesOf('status_changed');
    expect(entry.data).toEqual({ from: 'investigating', to: 'contained', note: 'rolled back to moderation-v6' });
    expect(entry.actorId).toBe(ALICE);
    expect((await cardText(channel))).toContain('Contained');
    expect(topic(channel)).toBe(`SEV3 · Contained · IC: <@${ALICE}>`);
    const notice = h.sim.messages(channel).filter((m) => m.user === 'UBOT').at(-1)!;
    expect(JSON.stringify(notice.blocks)).toContain('rolled back to moderation-v6');
  });

  it('skipping phases leaves their timestamps empty', async () => {
    const { channel } = await declare();
    // `status resolved` leads to the short resolve form.
    const { view } = await h.openForm(ALICE, channel, 'status resolved');
    expect((view.view as { callback_id: string }).callback_id).toBe('incident_resolve');
    await h.sim.submitView({ user: ALICE, values: { [RESOLVE_BLOCK.summary]: 'Filter threshold restored.' } });
    await h.settle();
    expect((await incident())).toMatchObject({ status: 'resolved', containedAt: null, mitigatedAt: null });
    expect((await incident()).resolvedAt).toBeInstanceOf(Date);
  });

  it('refuses to go backwards without a note and changes nothing', async () => {
    const { channel } = await declare();
    await command(channel, 'status mitigated');
    const answer = await command(channel, 'status investigating');
    expect(answer.body.text).toContain('re-opens the incident');
    expect((await incident()).status).toBe('mitigated');
    expect((await entriesOf('status_changed'))).toHaveLength(1);
  });

  it('goes backwards with a note: later-phase timestamps are cleared, the history stays on the timeline', async () => {
    const { channel } = await declare();
    await command(channel, 'status contained');
    await command(channel, 'status mitigated');
    const containedAt = (await incident()).containedAt;
    await command(channel, 'status contained fallback model drifts too');
    expect((await incident())).toMatchObject({ status: 'contained', mitigatedAt: null, resolvedAt: null });
    expect((await incident()).containedAt).toEqual(containedAt);
    await command(channel, 'status investigating root cause was wrong');
    expect((await incident())).toMatchObject({ status: 'investigating', containedAt: null, mitigatedAt: null });
    expect((await entriesOf('status_changed')).map((e) => e.data)).toEqual([
      { from: 'investigating', to: 'contained', note: null },
      { from: 'contained', to: 'mitigated', note: null },
      { from: 'mitigated', to: 'contained', note: 'fallback model drifts too' },
      { from: 'contained', to: 'investigating', note: 'root cause was wrong' },
    ]);
    expect(topic(channel)).toContain('Investigating');
  });

  it('does not reach closed, rejects unknown statuses, and works only in an incident channel', async () => {
    const { channel } = await declare();
    expect((await command(channel, 'status closed')).body.text).toContain('/incident close');
    expect((await command(channel, 'status fixed')).body.text).toContain('Pick one of');
    expect((await command(channel, 'status')).body.text).toContain('is *Investigating*');
    expect((await command(general().id, 'status contained')).body.text).toContain('works inside an incident channel');
    expect((await incident()).status).toBe('investigating');
  });

  it('the card select moves forward at once', async () => {
    const { channel, cardTs } = await declare();
    const answer = await h.sim.selectOption({ user: BOB, channel, messageTs: cardTs, actionId: ACTION.cardStatus, value: 'mitigated' });
    expect(answer.status).toBe(200);
    await h.settle();
    expect((await incident())).toMatchObject({ status: 'mitigated', containedAt: null });
    expect((await entriesOf('status_changed'))[0].actorId).toBe(BOB);
    expect((await cardText(channel))).toContain('Mitigated');
  });

  it('the card select going backwards asks for a note in a modal; an empty note is answered in the modal', async () => {
    const { channel, cardTs } = await declare();
    await h.resolve(channel, ALICE);
    const opened = h.sim.callsTo('views.open').length;
    await h.sim.selectOption({ user: BOB, channel, messageTs: cardTs, actionId: ACTION.cardStatus, value: 'investigating' });
    await waitFor(() => h.sim.callsTo('views.open').length > opened, 'note modal');
    await h.settle();
    expect((await incident()).status).toBe('resolved');
    const blank = await h.sim.submitView({ user: BOB, values: { [STATUS_NOTE_BLOCK.note]: '   ' } });
    expect(blank.body).toMatchObject({ response_action: 'errors' });
    expect(blank.body.errors[STATUS_NOTE_BLOCK.note]).toContain('re-opens');
    const ok = await h.sim.submitView({ user: BOB, values: { [STATUS_NOTE_BLOCK.note]: 'users still report flags' } });
    expect(ok.body).toBeNull();
    await h.settle();
    expect((await incident())).toMatchObject({ status: 'investigating', resolvedAt: null });
    expect((await entriesOf('status_changed')).at(-1)!.data).toEqual({ from: 'resolved', to: 'investigating', note: 'users still report flags' });
  });
});

describe('/incident severity', () => {
  it('escalation to SEV1 is recorded and announced in the incidents channel with details', async () => {
    const { channel } = await declare();
    // Top-level messages: every change is also a reply in the announcement's thread (the live feed).
    const before = h.sim.messages(h.incidentsChannel!.id).filter((m) => !m.threadTs).length;
    const answer = await command(channel, 'severity sev1 harm to minors confirmed');
    expect(answer.body.text).toContain('SEV1');
    expect((await incident()).severity).toBe('sev1');
    expect((await entriesOf('severity_changed'))[0].data).toEqual({ from: 'sev3', to: 'sev1', reason: 'harm to minors confirmed' });
    const announced = h.sim.messages(h.incidentsChannel!.id).filter((m) => !m.threadTs).slice(before);
    expect(announced).toHaveLength(1);
    const shown = JSON.stringify(announced[0].blocks);
    expect(shown).toContain('INC-1');
    expect(shown).toContain('SEV1');
    expect(shown).toContain('Moderation model flags benign posts');
    expect(shown).toContain(`<#${channel}>`);
    expect(topic(channel)).toContain('SEV1');
    expect((await cardText(channel))).toContain('SEV1');
  });

  it('a downgrade, or an escalation that stays below SEV2, is not announced; time in each severity is derivable', async () => {
    const { channel } = await declare('sev4 Near miss in triage model');
    const before = h.sim.messages(h.incidentsChannel!.id).filter((m) => !m.threadTs).length;
    await command(channel, 'severity sev3');
    await command(channel, 'severity sev2 many users affected');
    await command(channel, 'severity sev3 contained to one segment');
    expect(h.sim.messages(h.incidentsChannel!.id).filter((m) => !m.threadTs).length - before).toBe(1);
    const history = await getSeverityHistory(h.slack.deps.ctx, 1);
    expect(history.initialSeverity).toBe('sev4');
    expect(history.severityChanges.map(({ from, to, by, reason }) => ({ from, to, by, reason }))).toEqual([
      { from: 'sev4', to: 'sev3', by: ALICE, reason: undefined },
      { from: 'sev3', to: 'sev2', by: ALICE, reason: 'many users affected' },
      { from: 'sev2', to: 'sev3', by: ALICE, reason: 'contained to one segment' },
    ]);
    for (const c of history.severityChanges) expect(c.at).toBeInstanceOf(Date);
  });

  it('a private incident escalation is announced without details', async () => {
    await h.sim.sendCommand({ user: ALICE, channel: general().id, text: 'declare Customer data in model answers' });
    await waitFor(() => h.sim.lastView(), 'declare form');
    await h.sim.submitView({ user: ALICE, values: { severity: 'sev3', category: 'privacy_leak', options: ['private'] } });
    await h.settle();
    const channel = (await incident()).channelId!;
    const before = h.sim.messages(h.incidentsChannel!.id).length;
    await command(channel, 'severity sev2 thousands of records');
    const [announcement] = h.sim.messages(h.incidentsChannel!.id).slice(before);
    const shown = `${announcement.text} ${JSON.stringify(announcement.blocks)}`;
    expect(shown).toContain('private');
    expect(shown).toContain('SEV2');
    expect(shown).not.toContain('Customer data');
    expect(shown).not.toContain('thousands of records');
    expect(shown).not.toContain(channel);
  });

  it('the card select changes severity; the same severity is refused', async () => {
    const { channel, cardTs } = await declare();
    await h.sim.selectOption({ user: BOB, channel, messageTs: cardTs, actionId: ACTION.cardSeverity, value: 'sev2' });
    await h.settle();
    expect((await incident()).severity).toBe('sev2');
    expect((await entriesOf('severity_changed'))[0].actorId).toBe(BOB);
    expect((await command(channel, 'severity sev2')).body.text).toContain('already');
    expect((await command(channel, 'severity sev9')).body.text).toContain('Pick one of');
  });
});

describe('edit details', () => {
  it('/incident edit opens a prefilled modal; each correction is a timeline entry and the card follows', async () => {
    const { channel } = await declare();
    await h.sim.userJoins({ user: BOB, channel });
    await command(channel, 'edit', BOB);
    const view = h.sim.lastView()!;
    const blocks = view.view.blocks as { block_id: string; element: Record<string, unknown> }[];
    expect(blocks.find((b) => b.block_id === EDIT_BLOCK.title)!.element.initial_value).toBe('Moderation model flags benign posts');
    expect(JSON.parse(view.view.private_metadata as string)).toEqual({ incidentId: 1 });
    const impact = Math.floor(Date.now() / 1000) - 3600;
    const answer = await h.sim.submitView({
      user: BOB,
      values: {
        [EDIT_BLOCK.title]: 'Moderation model flags benign posts in Portuguese',
        [EDIT_BLOCK.category]: 'bias',
        [EDIT_BLOCK.affectedSystem]: 'moderation-v7',
        [EDIT_BLOCK.impactStarted]: impact,
      },
    });
    expect(answer.body).toBeNull();
    await h.settle();
    expect((await incident())).toMatchObject({ title: 'Moderation model flags benign posts in Portuguese', category: 'bias', affectedSystem: 'moderation-v7', channelName: 'inc-1-moderation-model-flags-benign-posts' });
    expect((await incident()).impactStartedAt).toEqual(new Date(impact * 1000));
    const edits = (await entriesOf('details_edited')).map((e) => e.data);
    expect(edits).toEqual([
      { field: 'title', from: 'Moderation model flags benign posts', to: 'Moderation model flags benign posts in Portuguese' },
      { field: 'category', from: 'other', to: 'bias' },
      { field: 'affectedSystem', from: '', to: 'moderation-v7' },
      { field: 'impactStartedAt', from: null, to: new Date(impact * 1000).toISOString() },
    ]);
    expect((await entriesOf('details_edited')).every((e) => e.actorId === BOB)).toBe(true);
    expect((await cardText(channel))).toContain('in Portuguese');
    expect((await cardText(channel))).toContain('Bias / fairness violation');
  });

  it('answers invalid corrections inside the modal and stores nothing', async () => {
    const { channel } = await declare();
    await command(channel, 'edit');
    const late = Math.floor(Date.now() / 1000) + 3600;
    const answer = await h.sim.submitView({ user: ALICE, values: { [EDIT_BLOCK.detected]: late } });
    expect(answer.body).toMatchObject({ response_action: 'errors' });
    expect(Object.keys(answer.body.errors)).toEqual([EDIT_BLOCK.detected]);
    const order = await h.sim.submitView({
      user: ALICE,
      values: { [EDIT_BLOCK.impactStarted]: Math.floor(Date.now() / 1000) - 60, [EDIT_BLOCK.detected]: Math.floor(Date.now() / 1000) - 7200 },
    });
    expect(order.body.errors).toEqual({ [EDIT_BLOCK.impactStarted]: 'Impact cannot start after it was detected.' });
    expect((await entriesOf('details_edited'))).toHaveLength(0);
    expect(h.sim.problems).toEqual([]);
  });

  it('the card button opens the same modal; an unchanged form records nothing', async () => {
    const { channel, cardTs } = await declare();
    await h.sim.clickButton({ user: ALICE, channel, messageTs: cardTs, actionId: ACTION.cardEdit });
    await waitFor(() => h.sim.lastView(), 'edit modal');
    const answer = await h.sim.submitView({ user: ALICE, values: {} });
    expect(answer.body).toBeNull();
    await h.settle();
    expect((await entriesOf('details_edited'))).toHaveLength(0);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addNote, attachNoteMessage } from '../../src/services/add-note';
import { captureMessage } from '../../src/services/capture-message';
import { changeSeverity } from '../../src/services/change-severity';
import { changeStatus } from '../../src/services/change-status';
import { createServiceContext, type ServiceContext } from '../../src/services/context';
import { declareIncident } from '../../src/services/declare-incident';
import { editIncidentDetails } from '../../src/services/edit-incident-details';
import { getSeverityHistory } from '../../src/services/get-severity-history';
import { recordMemberJoined } from '../../src/services/record-member-joined';
import { recordMessage, recordMessages } from '../../src/services/record-message';
import { recordMessageDeletion, recordMessageEdit } from '../../src/services/record-message-change';
import { unmarkMessage } from '../../src/services/unmark-message';
import { testDatabase, type TestDatabase } from '../support/db';

let env: TestDatabase;
let ctx: ServiceContext;
let clock = new Date('2026-11-23T10:00:00Z');
const C = 'C_WAR';
const TS = '1795400000.000100';
const at = (minute: number) => new Date(Date.UTC(2026, 10, 23, 10, minute));

beforeEach(async () => {
  env = await testDatabase();
  clock = new Date('2026-11-23T10:00:00Z');
  ctx = createServiceContext(env.database, () => clock);
  await declareIncident(ctx, { title: 'Drift in fraud model', severity: 'sev3', declaredBy: 'U1' });
  await ctx.repos.incidents.update(1, { channelId: C });
});
afterEach(() => env.cleanup());

const message = { ts: TS, threadTs: null, userId: 'U2', text: 'rollback done', files: [] };
const capture = (over: Partial<Parameters<typeof captureMessage>[1]> = {}) =>
  captureMessage(ctx, { incidentId: 1, channelId: C, message, permalink: 'https://x/p1', source: 'pin', markedBy: 'U1', markedAt: at(1), ...over });
const entry = async () => (await ctx.repos.capture.entryByMessage(1, TS))!;

describe('recordMessage', () => {
  it('stores a message once, whether Slack retries the event or catch-up finds it again; a batch is one call', async () => {
    expect((await recordMessage(ctx, { channelId: C, ...message }))).toBe('recorded');
    expect((await recordMessage(ctx, { channelId: C, ...message }))).toBe('duplicate');
    expect((await recordMessages(ctx, [{ channelId: C, ...message }, { channelId: C, ...message, ts: '1795400000.000200' }, { channelId: 'C_OTHER', ...message }]))).toEqual([
      'duplicate',
      'recorded',
      'not_incident',
    ]);
    expect((await ctx.repos.capture.rawForIncident(1))).toHaveLength(2);
    expect((await ctx.repos.capture.rawForIncident(1))[0].postedAt).toEqual(new Date(1_795_400_000_000));
  });

  it('ignores channels that are not incident channels', async () => {
    expect((await recordMessage(ctx, { channelId: 'C_OTHER', ...message }))).toBe('not_incident');
  });
});

describe('captureMessage', () => {
  it.each([
    ['a first mark creates the entry', [] as const, 'created'],
    ['another kind of mark is a second mark', [{ source: 'reaction', markedBy: 'U3' }] as const, 'marked'],
    ['the same pin again is already marked', [{ source: 'pin', markedBy: 'U4' }] as const, 'already_marked'],
    ['the same reaction by the same person is already marked', [{ source: 'reaction', markedBy: 'U3' }, { source: 'reaction', markedBy: 'U3' }] as const, 'already_marked'],
  ])('%s', async (_name, before, outcome) => {
    if (before.length) await capture();
    for (const b of before.slice(0, -1)) await capture(b);
    const last = before.at(-1);
    expect((await capture(last ?? {})).outcome).toBe(outcome);
    expect((await ctx.repos.timeline.forIncident(1)).filter((e) => e.kind === 'message')).toHaveLength(1);
  });


  it('keeps the message time, author, permalink, files and thread', async () => {
    await capture({ message: { ...message, threadTs: '1795399999.000001', files: [{ name: 'a.png', url: 'https://f/a' }] } });
    expect(await entry()).toMatchObject({
      kind: 'message',
      source: 'pin',
      actorId: 'U2',
      text: 'rollback done',
      permalink: 'https://x/p1',
      threadTs: '1795399999.000001',
      files: [{ name: 'a.png', url: 'https://f/a' }],
      occurredAt: new Date(1_795_400_000_000),
    });
    expect((await ctx.repos.capture.raw(C, TS))).toBeDefined();
  });
});

describe('un-marking, edits and deletion', () => {
  it('retracts when the last mark is taken back, and marking again revives', async () => {
    await capture();
    await capture({ source: 'reaction', markedBy: 'U3' });
    expect((await unmarkMessage(ctx, { incidentId: 1, channelId: C, messageTs: TS, source: 'pin', userId: 'U9', at: at(5) })).outcome).toBe('unmarked');
    expect((await unmarkMessage(ctx, { incidentId: 1, channelId: C, messageTs: TS, source: 'reaction', userId: 'U4', at: at(6) })).outcome).toBe('not_marked');
    expect((await unmarkMessage(ctx, { incidentId: 1, channelId: C, messageTs: TS, source: 'reaction', userId: 'U3', at: at(7) })).outcome).toBe('retracted');
    expect((await entry()).retractedAt).toEqual(at(7));
    expect((await ctx.repos.capture.marks((await entry()).id)).map((m) => m.unmarkedAt)).toEqual([at(5), at(7)]);
    expect((await capture({ source: 'reaction', markedBy: 'U3', markedAt: at(8) })).outcome).toBe('revived');
    expect((await entry()).retractedAt).toBeNull();
    expect((await unmarkMessage(ctx, { incidentId: 1, channelId: C, messageTs: '1795400000.999999', source: 'pin', userId: 'U1', at: at(9) })).outcome).toBe('no_entry');
  });

  it('an edit updates raw and entry and keeps the replaced text; a no-op change records nothing', async () => {
    await recordMessage(ctx, { channelId: C, ...message });
    await capture();
    const edit = { channelId: C, ...message, text: 'rollback done (v6)', editedAt: at(3) };
    expect((await recordMessageEdit(ctx, edit)).outcome).toBe('updated');
    expect((await recordMessageEdit(ctx, edit)).outcome).toBe('unchanged');
    expect((await entry()).text).toBe('rollback done (v6)');
    expect((await ctx.repos.capture.revisions((await entry()).id))).toMatchObject([{ text: 'rollback done', replacedAt: at(3) }]);
    expect((await ctx.repos.capture.raw(C, TS))).toMatchObject({ text: 'rollback done (v6)', editedAt: at(3) });
  });

  it('an edit of a message never seen stores it raw with its edit time', async () => {
    expect((await recordMessageEdit(ctx, { channelId: C, ...message, editedAt: at(3) })).outcome).toBe('updated');
    expect((await ctx.repos.capture.raw(C, TS))).toMatchObject({ text: 'rollback done', editedAt: at(3) });
  });

  it('a deletion retracts the entry and marks the raw message deleted; the deleted message cannot be captured again', async () => {
    await recordMessage(ctx, { channelId: C, ...message });
    await capture();
    expect((await recordMessageDeletion(ctx, { channelId: C, ts: TS, deletedAt: at(4) })).outcome).toBe('retracted');
    expect((await entry()).retractedAt).toEqual(at(4));
    expect((await ctx.repos.capture.raw(C, TS))!.deletedAt).toEqual(at(4));
    expect((await capture({ source: 'shortcut', markedBy: 'U5' })).outcome).toBe('deleted');
    expect((await recordMessageDeletion(ctx, { channelId: C, ts: '1795400001.000000', deletedAt: at(4) })).outcome).toBe('unknown');
  });
});

describe('notes and joins', () => {
  it('a note is an entry marked by its author; linking its echo makes pins of the echo mark it', async () => {
    const { entryId } = await addNote(ctx, { incidentId: 1, actorId: 'U1', text: ' legal informed ' });
    await attachNoteMessage(ctx, { entryId, messageTs: TS, permalink: 'https://x/note' });
    expect(await entry()).toMatchObject({ id: entryId, kind: 'note', source: 'note', text: 'legal informed', permalink: 'https://x/note' });
    expect((await captureMessage(ctx, { incidentId: 1, channelId: C, message: { ...message, userId: null }, permalink: null, source: 'pin', markedBy: 'U2', markedAt: at(2) })).outcome).toBe('marked');
    // Deleting the echo does not take the note off the timeline, nor does un-pinning it.
    await unmarkMessage(ctx, { incidentId: 1, channelId: C, messageTs: TS, source: 'pin', userId: 'U2', at: at(3) });
    await recordMessageDeletion(ctx, { channelId: C, ts: TS, deletedAt: at(4) });
    expect((await entry()).retractedAt).toBeNull();
    expect((await ctx.repos.capture.rawForIncident(1))).toHaveLength(0);
  });

  it('a join is recorded with who invited (retries are deduplicated by the inbox, before this)', async () => {
    expect((await recordMemberJoined(ctx, { channelId: C, userId: 'U7', inviterId: 'U1', at: at(1) })).outcome).toBe('recorded');
    expect((await recordMemberJoined(ctx, { channelId: 'C_OTHER', userId: 'U7', inviterId: 'U1', at: at(1) })).outcome).toBe('not_incident');
    expect((await ctx.repos.timeline.forIncident(1)).filter((e) => e.kind === 'member_joined')).toMatchObject([{ actorId: 'U7', data: { inviter: 'U1' } }]);
  });
});

describe('lifecycle services', () => {
  it('status changes stamp and clear phase timestamps in one transaction with their entry', async () => {
    clock = at(10);
    await changeStatus(ctx, { incidentId: 1, to: 'contained', actorId: 'U1' });
    clock = at(20);
    await changeStatus(ctx, { incidentId: 1, to: 'resolved', actorId: 'U1' });
    expect((await ctx.repos.incidents.byId(1))).toMatchObject({ status: 'resolved', containedAt: at(10), mitigatedAt: null, resolvedAt: at(20) });
    await expect(changeStatus(ctx, { incidentId: 1, to: 'investigating', actorId: 'U1' })).rejects.toThrow('re-opens');
    clock = at(30);
    await changeStatus(ctx, { incidentId: 1, to: 'contained', note: 'again', actorId: 'U1' });
    expect((await ctx.repos.incidents.byId(1))).toMatchObject({ status: 'contained', containedAt: at(10), resolvedAt: null, updatedAt: at(30) });
    expect((await ctx.repos.timeline.forIncident(1)).filter((e) => e.kind === 'status_changed')).toHaveLength(3);
    await expect(changeStatus(ctx, { incidentId: 99, to: 'contained', actorId: 'U1' })).rejects.toThrow('no incident');
  });

  it('severity changes feed the severity history', async () => {
    clock = at(5);
    await changeSeverity(ctx, { incidentId: 1, to: 'sev1', reason: 'worse', actorId: 'U1' });
    clock = at(50);
    await changeSeverity(ctx, { incidentId: 1, to: 'sev2', actorId: 'U1' });
    expect((await getSeverityHistory(ctx, 1))).toEqual({
      initialSeverity: 'sev3',
      severityChanges: [
        { at: at(5), from: 'sev3', to: 'sev1', by: 'U1', reason: 'worse' },
        { at: at(50), from: 'sev1', to: 'sev2', by: 'U1' },
      ],
    });
  });

  it('a details edit writes one entry per changed field and nothing when invalid', async () => {
    const base = { incidentId: 1, actorId: 'U1', title: 'Drift in fraud model', summary: '', category: 'other', harmLevel: 'event', affectedSystem: '', affectedVersion: '', impactStartedAt: null, detectedAt: clock };
    clock = at(30);
    await expect(editIncidentDetails(ctx, { ...base, title: '', summary: 'x' })).rejects.toThrow('short title');
    expect((await ctx.repos.timeline.forIncident(1)).filter((e) => e.kind === 'details_edited')).toHaveLength(0);
    const { changes } = await editIncidentDetails(ctx, { ...base, summary: 'fraud scores drift', affectedVersion: 'v9' });
    expect(changes.map((c) => c.field)).toEqual(['summary', 'affectedVersion']);
    expect((await ctx.repos.incidents.byId(1))).toMatchObject({ summary: 'fraud scores drift', affectedVersion: 'v9' });
    expect((await ctx.repos.timeline.forIncident(1)).filter((e) => e.kind === 'details_edited').map((e) => e.data)).toEqual([
      { field: 'summary', from: '', to: 'fraud scores drift' },
      { field: 'affectedVersion', from: '', to: 'v9' },
    ]);
  });
});

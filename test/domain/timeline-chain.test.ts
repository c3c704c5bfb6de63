import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalEntry, entryDigest, genesisDigest, verifyChain, type StoredChainRow } from '../../src/domain/timeline-chain';

const at = (s: string) => new Date(`${s}Z`);

function chain(texts: string[], incidentId = 7): StoredChainRow[] {
  let prev = genesisDigest(incidentId);
  return texts.map((text, i) => {
    const content = {
      incidentId,
      kind: 'note',
      source: 'note',
      occurredAt: at(`2026-11-02T10:0${i}`),
      recordedAt: at(`2026-11-02T10:0${i}`),
      actorId: 'U1',
      text,
      data: i === 0 ? { b: 1, a: [1, 'x'] } : null,
      threadTs: null,
      files: null,
      correctsId: null,
    };
    const digest = entryDigest(content, prev);
    const row = { ...content, id: 10 + i, digest, prevDigest: prev };
    prev = digest;
    return row;
  });
}
const head = (rows: StoredChainRow[]) => ({ digest: rows.at(-1)!.digest!, entryId: rows.at(-1)!.id, entries: rows.length });

describe('timeline hash chain', () => {
  it('is SHA-256 over RFC 8785 canonical JSON (sorted keys, no spaces) of the content and the previous digest', () => {
    const [first] = chain(['a']);
    const bytes = canonicalEntry(first!, genesisDigest(7));
    expect(bytes.startsWith('{"actorId":"U1","correctsId":null,"data":{"a":[1,"x"],"b":1},')).toBe(true);
    expect(bytes).toContain('"prev":"genesis:incident:7"');
    expect(first!.digest).toBe(createHash('sha256').update(bytes).digest('hex'));
  });

  it('verifies an intact chain and reports its head', () => {
    const rows = chain(['a', 'b', 'c']);
    expect(verifyChain(7, rows, head(rows))).toEqual({ ok: true, entries: 3, head: rows[2]!.digest, firstBreak: null });
  });

  it.each([
    ['a changed text', (r: StoredChainRow[]) => [r[0]!, { ...r[1]!, text: 'B' }, r[2]!], { code: 'content_changed', entryId: 11 }],
    ['a changed time', (r: StoredChainRow[]) => [r[0]!, r[1]!, { ...r[2]!, occurredAt: at('2026-11-01T00:00') }], { code: 'content_changed', entryId: 12 }],
    ['a removed middle entry', (r: StoredChainRow[]) => [r[0]!, r[2]!], { code: 'link_broken', entryId: 12, afterId: 10 }],
    ['an unchained row', (r: StoredChainRow[]) => [...r, { ...r[2]!, id: 13, digest: null, prevDigest: null }], { code: 'unchained', entryId: 13 }],
    ['a removed last entry', (r: StoredChainRow[]) => [r[0]!, r[1]!], { code: 'tail_missing', missingAfterId: 11, headEntryId: 12 }],
  ])('names the first break: %s', (_, tamper, expected) => {
    const rows = chain(['a', 'b', 'c']);
    const report = verifyChain(7, tamper(rows), head(rows));
    expect(report.ok).toBe(false);
    expect(report.firstBreak).toMatchObject(expected);
  });

  it('a chain is bound to its incident: the same rows do not verify as another incident', () => {
    const rows = chain(['a']);
    expect(verifyChain(8, rows, head(rows)).firstBreak).toMatchObject({ code: 'link_broken', entryId: 10 });
  });

  it('a missing head is a break; an empty timeline with no head is fine', () => {
    expect(verifyChain(7, chain(['a']), null).firstBreak).toMatchObject({ code: 'head_mismatch', headDigest: null });
    expect(verifyChain(7, [], null).ok).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { GroupCommit } from '../../src/engine/group-commit';

/** A write that records what each call carried, and can be held open or made to refuse items. */
function recorder(refuse: (item: number) => boolean = () => false) {
  const writes: number[][] = [];
  let release: (() => void) | null = null;
  let hold = false;
  const write = async (items: number[]) => {
    writes.push([...items]);
    if (hold) await new Promise<void>((resolve) => (release = resolve));
    if (items.some(refuse)) throw new Error('refused');
    return items.map((i) => i * 10);
  };
  return {
    writes,
    write,
    holdNext: () => (hold = true),
    release: () => {
      hold = false;
      release?.();
    },
  };
}

describe('GroupCommit', () => {
  it('writes what arrives in the same turn in one call, and answers each item its own result', async () => {
    const r = recorder();
    const group = new GroupCommit(r.write);
    const results = await Promise.all([1, 2, 3, 4].map((i) => group.submit(i)));
    expect(results).toEqual([10, 20, 30, 40]);
    expect(r.writes).toEqual([[1, 2, 3, 4]]);
  });

  it('keeps one write under way: what arrives meanwhile goes into the next one, together', async () => {
    const r = recorder();
    const group = new GroupCommit(r.write);
    r.holdNext();
    const first = group.submit(1);
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    expect(r.writes).toEqual([[1]]);
    const later = [2, 3, 4].map((i) => group.submit(i));
    await new Promise((resolve) => setTimeout(resolve, 5));
    // Still one write: the others wait for it rather than starting their own.
    expect(r.writes).toEqual([[1]]);
    r.release();
    expect(await Promise.all([first, ...later])).toEqual([10, 20, 30, 40]);
    expect(r.writes).toEqual([[1], [2, 3, 4]]);
  });

  it('one refused item fails alone: the others of its write are written again one by one and answered', async () => {
    const r = recorder((i) => i === 2);
    const group = new GroupCommit(r.write);
    const settled = await Promise.allSettled([1, 2, 3].map((i) => group.submit(i)));
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(settled[0]).toMatchObject({ value: 10 });
    expect(settled[2]).toMatchObject({ value: 30 });
    expect(r.writes).toEqual([[1, 2, 3], [1], [2], [3]]);
  });

  it('a write that fails for everyone fails each item, and the next arrival starts a new write', async () => {
    let down = true;
    const group = new GroupCommit(async (items: number[]) => {
      if (down) throw new Error('database unavailable');
      return items;
    });
    await expect(group.submit(1)).rejects.toThrow('database unavailable');
    down = false;
    await expect(group.submit(2)).resolves.toBe(2);
  });

  it('a write answering the wrong number of results is treated as failed, not mis-assigned', async () => {
    const group = new GroupCommit(async (items: number[]) => (items.length > 1 ? [0] : items));
    expect(await Promise.all([5, 6].map((i) => group.submit(i)))).toEqual([5, 6]);
  });
});

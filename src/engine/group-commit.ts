/**
 * Group commit: items that arrive together (a burst of events, fifty people typing `/incident
 * declare` at once) are written by one call of `write`, and each caller is answered once the write
 * that carried its item has committed. One write is under way at a time: what arrives meanwhile goes
 * into the next, so the busier the bot, the larger each write and the fewer of them. A commit costs
 * far more than a row (on Postgres a round trip and a WAL flush each), so under load this is most of
 * the cost of making an item durable; alone, an item waits only for the current turn of the event
 * loop.
 *
 * `write` answers one result per item, in order. If a write fails, each of its items is written
 * again alone: one item the database refuses must not cost the others their answer.
 *
 * (DataLoader batches per tick too, but sends every batch at once instead of one at a time, and
 * caches by key; neither suits a write that must not be repeated.)
 */
export class GroupCommit<T, R> {
  private waiting: { item: T; resolve: (result: R) => void; reject: (error: unknown) => void }[] = [];
  private writing: Promise<void> | null = null;

  constructor(private readonly write: (items: T[]) => Promise<R[]>) {}

  /** Resolves with the item's result once the write carrying it has committed. */
  submit(item: T): Promise<R> {
    const settled = new Promise<R>((resolve, reject) => this.waiting.push({ item, resolve, reject }));
    this.writing ??= this.writeAll();
    return settled;
  }

  private async writeAll(): Promise<void> {
    try {
      // Whatever else arrives in this turn of the event loop joins the first write.
      await new Promise<void>((resolve) => setImmediate(resolve));
      while (this.waiting.length > 0) await this.flush();
    } finally {
      // Whatever happened, the next arrival starts a write of its own rather than waiting forever.
      this.writing = null;
    }
  }

  private async flush(): Promise<void> {
    const batch = this.waiting;
    this.waiting = [];
    let results: R[];
    try {
      results = await this.write(batch.map((b) => b.item));
      if (results.length !== batch.length) throw new Error(`group commit: ${results.length} results for ${batch.length} items`);
    } catch {
      for (const one of batch) {
        await this.write([one.item]).then(([result]) => one.resolve(result as R), one.reject);
      }
      return;
    }
    batch.forEach((one, i) => one.resolve(results[i]!));
  }
}

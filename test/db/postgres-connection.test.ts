import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connectDatabase, type Database, type PostgresDatabase } from '../../src/db/client';
import { TEST_DIALECT, testDatabase, type TestDatabase } from '../support/db';

/** Postgres only: a connection the server drops (restart, failover) is replaced, retried and reported. */
describe.runIf(TEST_DIALECT === 'postgres')('a lost Postgres connection', () => {
  let env: TestDatabase;
  let database: Database;
  const events: { level: string; event: string; fields?: Record<string, unknown> }[] = [];
  const log = {
    warn: (event: string, fields?: Record<string, unknown>) => events.push({ level: 'warn', event, fields }),
    info: (event: string, fields?: Record<string, unknown>) => events.push({ level: 'info', event, fields }),
  };

  beforeEach(async () => {
    env = await testDatabase();
    database = await connectDatabase(env.location, { poolMax: 3, log });
  });
  afterEach(async () => {
    await database.close();
    await env.cleanup();
  });

  /** Ends every session of the app's database but the test helper's own. */
  const terminateOthers = () =>
    (env.database as PostgresDatabase).pool.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()');

  it('is reported and replaced: the next statements and transactions succeed', async () => {
    // Open a few connections so the pool holds idle ones when the server drops them.
    await Promise.all([1, 2, 3].map(() => database.transaction(async (tx) => tx.incidents.listOpen())));
    await terminateOthers();
    await new Promise((r) => setTimeout(r, 100));
    expect(await database.repos.incidents.listOpen()).toEqual([]);
    const created = await database.transaction((tx) =>
      tx.incidents.insert({ title: 'after the failover', severity: 'sev2', declaredBy: 'U1', declaredAt: new Date(), updatedAt: new Date() }),
    );
    expect(created.id).toBe(1);
    expect(events.filter((e) => e.event === 'db.connection_lost').length).toBeGreaterThan(0);
    // Never the URL (it may hold a password) in what is reported.
    expect(JSON.stringify(events)).not.toContain(env.location);
  });

  it('cut in the middle of a transaction: the transaction is run again on a new connection, and that is reported', async () => {
    let attempts = 0;
    const result = await database.transaction(async (tx) => {
      attempts++;
      await tx.incidents.listOpen();
      // The server drops this transaction's connection (the first time only).
      if (attempts === 1) await terminateOthers();
      return tx.incidents.insert({ title: 'survives', severity: 'sev3', declaredBy: 'U1', declaredAt: new Date(), updatedAt: new Date() });
    });
    expect(attempts).toBe(2);
    expect(result.title).toBe('survives');
    expect((await database.repos.incidents.listOpen()).map((i) => i.title)).toEqual(['survives']);
    expect(events.map((e) => e.event)).toEqual(expect.arrayContaining(['db.connection_lost', 'db.reconnected']));
  });

  it('cut while an instance holds its turn (exclusively): the transaction is run again on a new connection that takes the lock again, released afterwards', async () => {
    const advisoryLocks = async () =>
      (await env.query<{ n: number }>("select count(*) as n from pg_locks where locktype = 'advisory' and granted and database = (select oid from pg_database where datname = current_database())"))[0]!.n;
    let attempts = 0;
    let heldDuringRetry = -1;
    const result = await database.exclusively('inbox', (transaction) =>
      transaction(async (tx) => {
        attempts++;
        await tx.incidents.listOpen();
        if (attempts === 1) await terminateOthers();
        else heldDuringRetry = await advisoryLocks();
        return tx.incidents.insert({ title: 'in turn', severity: 'sev3', declaredBy: 'U1', declaredAt: new Date(), updatedAt: new Date() });
      }),
    );
    expect(attempts).toBe(2);
    expect(result.title).toBe('in turn');
    expect(heldDuringRetry).toBe(1);
    expect(await advisoryLocks()).toBe(0);
  });
});

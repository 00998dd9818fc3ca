import { createDataSource, pgPoolOf, TransactionRunner, WriteCheckError, type Tx } from '@tiaojie/persistence';
import { assertTestDatabase, TEST_DATABASE_URL } from '@tiaojie/testing';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';

/**
 * The command path's transactions on the real PostgreSQL: pipelined writes (Tx.write) are sent
 * without waiting, checked before COMMIT, and a failure anywhere leaves nothing behind and reports
 * the statement that failed — not the "transaction is aborted" refusals of the statements after it.
 */
describe('TransactionRunner (pipelined writes)', () => {
  let ds: DataSource;
  let runner: TransactionRunner;
  let other: Client;
  const table = 'tx_pipeline_probe';

  const rows = async () => (await other.query<{ k: string; n: number }>(`SELECT k, n FROM ${table} ORDER BY k`)).rows;

  beforeAll(async () => {
    assertTestDatabase(TEST_DATABASE_URL);
    ds = createDataSource(TEST_DATABASE_URL, 2);
    await ds.initialize();
    runner = new TransactionRunner(ds);
    other = new Client({ connectionString: TEST_DATABASE_URL });
    await other.connect();
    await other.query(`DROP TABLE IF EXISTS ${table}; CREATE TABLE ${table} (k text PRIMARY KEY, n int NOT NULL)`);
  });

  afterAll(async () => {
    await other.query(`DROP TABLE IF EXISTS ${table}`);
    await other.end();
    await ds.destroy();
  });

  beforeEach(() => other.query(`TRUNCATE ${table}`));

  it('does not wait for a write, yet commits it, and later reads in the transaction see it', async () => {
    // Another session holds the table: a write that waited for its answer could not return.
    await other.query('BEGIN');
    await other.query(`LOCK TABLE ${table} IN EXCLUSIVE MODE`);
    let writeReturned = false;
    const done = runner.run(async (tx) => {
      await tx.write(`INSERT INTO ${table} (k, n) VALUES ('a', 1)`);
      writeReturned = true;
      await tx.write(`UPDATE ${table} SET n = n + 1 WHERE k = 'a' RETURNING k`, [], 1);
      return tx.query<{ n: number }>(`SELECT n FROM ${table} WHERE k = 'a'`);
    });
    await new Promise((r) => setTimeout(r, 200));
    expect(writeReturned).toBe(true);
    await other.query('COMMIT');
    expect(await done).toEqual([{ n: 2 }]);
    expect(await rows()).toEqual([{ k: 'a', n: 2 }]);
  });

  it("reports the failed write's own error, not the refusals after it, and keeps nothing", async () => {
    await other.query(`INSERT INTO ${table} (k, n) VALUES ('taken', 0)`);
    const failure = runner.run(async (tx) => {
      await tx.write(`INSERT INTO ${table} (k, n) VALUES ('first', 1)`);
      await tx.write(`INSERT INTO ${table} (k, n) VALUES ('taken', 1)`); // unique violation
      await tx.write(`INSERT INTO ${table} (k, n) VALUES ('after', 1)`);
      return tx.query(`SELECT count(*) FROM ${table}`); // refused: 25P02
    });
    await expect(failure).rejects.toMatchObject({ code: '23505' });
    expect(await rows()).toEqual([{ k: 'taken', n: 0 }]);
  });

  it('rolls back when the last write fails: the COMMIT sent behind it without waiting commits nothing', async () => {
    await other.query(`INSERT INTO ${table} (k, n) VALUES ('taken', 0)`);
    const failure = runner.run(async (tx) => {
      await tx.write(`INSERT INTO ${table} (k, n) VALUES ('first', 1)`);
      await tx.write(`INSERT INTO ${table} (k, n) VALUES ('taken', 1)`);
      return 'answered before COMMIT';
    });
    await expect(failure).rejects.toMatchObject({ code: '23505' });
    expect(await rows()).toEqual([{ k: 'taken', n: 0 }]);
  });

  it('fails the transaction when a checked write touches other than the rows it must', async () => {
    const failure = runner.run(async (tx) => {
      await tx.write(`INSERT INTO ${table} (k, n) VALUES ('kept?', 1)`);
      await tx.write(`UPDATE ${table} SET n = 5 WHERE k = 'missing' RETURNING k`, [], 1);
      return 'done';
    });
    await expect(failure).rejects.toBeInstanceOf(WriteCheckError);
    expect(await rows()).toEqual([]);
  });

  it('lets PostgreSQL check a write it did not wait for, and reports the caller\'s error when the row was not there', async () => {
    await other.query(`INSERT INTO ${table} (k, n) VALUES ('case', 7)`);
    class Stale extends Error {}
    const update = (tx: Tx, version: number) =>
      tx.write(`UPDATE ${table} SET n = n + 1 WHERE k = 'case' AND n = $1 RETURNING k`, [version], { rows: 1, error: () => new Stale('stale') });
    // At the version read: applied. At an old one: the transaction fails as stale, and the
    // statements sent after it (refused as "transaction aborted") do not hide why.
    await runner.run((tx) => update(tx, 7));
    const stale = runner.run(async (tx) => {
      await tx.write(`INSERT INTO ${table} (k, n) VALUES ('event', 1)`);
      await update(tx, 7);
      return tx.query(`SELECT n FROM ${table} WHERE k = 'case'`);
    });
    await expect(stale).rejects.toBeInstanceOf(Stale);
    expect(await rows()).toEqual([{ k: 'case', n: 8 }]);
  });

  it("rolls back writes still in flight when the work itself throws, and reports the work's error", async () => {
    const failure = runner.run(async (tx) => {
      await tx.write(`INSERT INTO ${table} (k, n) VALUES ('x', 1)`);
      throw new Error('refused by the domain');
    });
    await expect(failure).rejects.toThrow('refused by the domain');
    expect(await rows()).toEqual([]);
  });

  it('refuses statements sent on a transaction that has ended (they would run outside it, on a pooled connection)', async () => {
    let leaked: Tx | undefined;
    await expect(
      runner.run(async (tx) => {
        leaked = tx;
        await tx.write(`INSERT INTO ${table} (k, n) VALUES ('z', 1)`);
        throw new Error('the command failed');
      }),
    ).rejects.toThrow('the command failed');
    expect(() => leaked!.write(`INSERT INTO ${table} (k, n) VALUES ('late', 1)`)).toThrow(/has ended/);
    await expect(leaked!.query(`SELECT 1`)).rejects.toThrow(/has ended/);
    expect(await rows()).toEqual([]);
  });

  it('gives the connection back to the pool as a plain, one-query-at-a-time client', async () => {
    await runner.run((tx) => tx.write(`INSERT INTO ${table} (k, n) VALUES ('y', 1)`));
    await expect(runner.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    const pool = pgPoolOf(ds);
    const clients = await Promise.all([pool.connect(), pool.connect()]);
    try {
      for (const c of clients) expect((c as unknown as { pipeline: boolean }).pipeline).toBe(false);
    } finally {
      clients.forEach((c) => c.release());
    }
    expect(await ds.query(`SELECT n FROM ${table} WHERE k = 'y'`)).toEqual([{ n: 1 }]);
  });

  describe('statements of one tick, once prepared on the connection, in one batch (StatementBatch)', () => {
    /** ReadyForQuery messages the runner's connections receive: one per Sync the driver sent. */
    let readyForQuery = 0;
    /** RowDescription messages: one per statement described (a statement's first batch on a connection). */
    let rowDescriptions = 0;
    const counted = new WeakSet<object>();
    const count = (client: { connection: { on(event: string, listener: () => void): void } }) => {
      if (counted.has(client)) return;
      counted.add(client);
      client.connection.on('readyForQuery', () => (readyForQuery += 1));
      client.connection.on('rowDescription', () => (rowDescriptions += 1));
    };

    // Three writes and a read sent in one tick, then COMMIT: the shape of a command's second round trip.
    const step = (k: string, second = `${k}-b`) =>
      runner.run(async (tx) => {
        await tx.write(`INSERT INTO ${table} (k, n) VALUES ($1, $2)`, [k, 1]);
        await tx.write(`UPDATE ${table} SET n = n + $2 WHERE k = $1 RETURNING k`, [k, 1], 1);
        await tx.write(`INSERT INTO ${table} (k, n) VALUES ($1, $2)`, [second, 5]);
        return tx.query<{ n: number }>(`SELECT n FROM ${table} WHERE k = $1`, [k]);
      });

    beforeAll(() => pgPoolOf(ds).on('acquire', count as never));
    beforeEach(async () => {
      // Both pooled connections have every statement prepared (a statement's first use carries its Parse).
      for (let i = 0; i < 3; i++) await Promise.all([step(`warm-${i}-a`), step(`warm-${i}-b`)]);
      await other.query(`TRUNCATE ${table}`);
      readyForQuery = 0;
    });

    it('answers BEGIN, the writes and the read with one ReadyForQuery, and COMMIT with one more', async () => {
      expect(await step('k')).toEqual([{ n: 2 }]);
      expect(readyForQuery).toBe(2); // one per statement would be six
      expect(await rows()).toEqual([
        { k: 'k', n: 2 },
        { k: 'k-b', n: 5 },
      ]);
    });

    it('parses rows read in a batch — without their RowDescription once described — as client.query does', async () => {
      const typed = `SELECT $1::text AS t, $2::bigint AS big, $3::date AS d, $4::timestamptz AS ts, $5::jsonb AS j,
        $6::uuid[] AS ids, $7::boolean AS b, $8::int AS i, NULL::text AS nothing WHERE $9::int > 0`;
      const params = ['文本', 9_007_199_254_740_991, '2026-02-29'.replace('29', '28'), new Date('2026-11-26T01:02:03.004Z'), { a: [1, 'x'] },
        ['00000000-0000-0000-0000-000000000001'], true, -7];
      const read = (n: number) =>
        runner.run(async (tx) => {
          await tx.write(`INSERT INTO ${table} (k, n) VALUES ($1, $2)`, [`typed-${n}`, n]);
          const [rows, none] = await Promise.all([tx.query(typed, [...params, 1]), tx.query(typed, [...params, 0])]);
          return { rows, none };
        });
      const plain = (await other.query(typed, [...params, 1])).rows;
      // Each pooled connection: the first use (with its Parse, alone), the first batch (described), then batches without.
      for (let i = 0; i < 3; i++) expect(await Promise.all([read(2 * i), read(2 * i + 1)])).toEqual([{ rows: plain, none: [] }, { rows: plain, none: [] }]);
      rowDescriptions = 0;
      expect(await Promise.all([read(6), read(7)])).toEqual([{ rows: plain, none: [] }, { rows: plain, none: [] }]);
      expect(rowDescriptions).toBe(0);
      expect(plain[0]).toEqual({ t: '文本', big: 9_007_199_254_740_991, d: '2026-02-28', ts: new Date('2026-11-26T01:02:03.004Z'), j: { a: [1, 'x'] },
        ids: ['00000000-0000-0000-0000-000000000001'], b: true, i: -7, nothing: null });
    });

    it("reports a failed statement's own error, not the skipped ones after it, keeps nothing, and leaves the connection usable", async () => {
      await other.query(`INSERT INTO ${table} (k, n) VALUES ('taken', 0)`);
      await expect(step('k', 'taken')).rejects.toMatchObject({ code: '23505' }); // the third of five fails; the read is skipped
      await expect(step('taken')).rejects.toMatchObject({ code: '23505' }); // the first write fails; everything after it is skipped
      expect(await rows()).toEqual([{ k: 'taken', n: 0 }]);
      expect(await Promise.all([step('a'), step('b')])).toEqual([[{ n: 2 }], [{ n: 2 }]]);
      expect((await rows()).map((r) => r.k)).toEqual(['a', 'a-b', 'b', 'b-b', 'taken']);
    });

    it('reports a checked write that touched other than its rows from inside a batch', async () => {
      await other.query(`INSERT INTO ${table} (k, n) VALUES ('k-b', 0)`);
      // The UPDATE matches no row of 'absent': PostgreSQL's own check fails the batch there.
      const stale = runner.run(async (tx) => {
        await tx.write(`INSERT INTO ${table} (k, n) VALUES ($1, $2)`, ['fresh', 1]);
        await tx.write(`UPDATE ${table} SET n = n + $2 WHERE k = $1 RETURNING k`, ['absent', 1], 1);
        await tx.write(`INSERT INTO ${table} (k, n) VALUES ($1, $2)`, ['fresh-b', 5]);
        return tx.query<{ n: number }>(`SELECT n FROM ${table} WHERE k = $1`, ['fresh']);
      });
      await expect(stale).rejects.toBeInstanceOf(WriteCheckError);
      expect(await rows()).toEqual([{ k: 'k-b', n: 0 }]);
    });
  });

  it('runs hot point reads (the access token check) as named prepared statements, on any pooled connection', async () => {
    const listed = (marker: string) => `SELECT name, from_sql FROM pg_prepared_statements WHERE statement LIKE '%${marker}%' -- ${marker}`;
    // The statement sees itself: PostgreSQL lists a statement prepared through the protocol under its name.
    const [mine] = await runner.hotReader.query<{ name: string; from_sql: boolean }>(listed('hot reader probe'));
    expect(mine).toEqual({ name: expect.stringMatching(/^tj_[0-9a-f]{24}$/), from_sql: false });
    // The plain reader sends its text unnamed: nothing of it is listed.
    const plain = await runner.reader.query(listed('plain reader probe'));
    expect(plain).toEqual([]);
  });
});

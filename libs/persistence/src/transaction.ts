import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { Pool, PoolClient, QueryConfig, QueryResult } from 'pg';
import { DataSource, type EntityManager } from 'typeorm';
import { corked, IN_FAILED_TRANSACTION, StatementBatch, type BatchedStatement } from './statement-batch';

/** A running transaction. Repositories take one so a command's writes commit or fail together. */
export interface Tx {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /**
   * A write whose rows the caller does not need. On the command path's transactions it is sent at
   * once and not waited for (pipelined behind the statements before it; PostgreSQL runs them in
   * order, so later reads see it), and a failure fails the whole transaction with that write's own
   * error. `check`: the rows it must return (give the statement a RETURNING clause), and the error
   * to report otherwise — a write that matched nothing fails the transaction instead of vanishing.
   * Elsewhere it is an awaited query.
   */
  write(sql: string, params?: unknown[], check?: number | WriteCheck): Promise<void>;
}

export interface WriteCheck {
  rows: number;
  /** What to report when the count differs (default: WriteCheckError). */
  error?: () => Error;
}

/** A write's answer did not touch the rows it had to: the transaction fails. */
export class WriteCheckError extends Error {
  constructor(readonly statement: string, readonly expected: number, readonly actual: number | null) {
    super(`${statement.trim().split(/\s+/).slice(0, 3).join(' ')}: expected ${expected} row(s), got ${actual ?? 'another number'}`);
  }
}

const checkOf = (check: number | WriteCheck | undefined): WriteCheck | undefined => (typeof check === 'number' ? { rows: check } : check);

function checkRows(sql: string, check: WriteCheck | undefined, actual: number): void {
  if (check && actual !== check.rows) throw check.error?.() ?? new WriteCheckError(sql, check.rows, actual);
}

/** SQLSTATE of `tiaojie_expect_rows` (migration 1765200000000): a server-checked write touched other than its rows. */
const WRONG_ROW_COUNT = 'TJ001';

/** A Tx whose writes are plain awaited queries. */
function awaitedTx(query: Tx['query']): Tx {
  return {
    query,
    write: async (sql, params, check) => checkRows(sql, checkOf(check), (await query(sql, params)).length),
  };
}

/**
 * Always answers the rows. (TypeORM's `EntityManager.query` answers `[rows, count]` for UPDATE and
 * DELETE on PostgreSQL, which would make "zero rows updated" look like two.)
 */
export function txOf(manager: EntityManager): Tx {
  return awaitedTx(async <T>(sql: string, params?: unknown[]) => {
    if (manager.queryRunner) return (await manager.queryRunner.query(sql, params, true)).records as T[];
    const runner = manager.connection.createQueryRunner();
    try {
      return (await runner.query(sql, params, true)).records as T[];
    } finally {
      await runner.release();
    }
  });
}

/** The pg pool TypeORM opened (one pool for the ORM and for raw SQL). */
export function pgPoolOf(ds: DataSource): Pool {
  const pool = (ds.driver as unknown as { master?: Pool }).master;
  if (!pool) throw new Error('the data source is not initialised (no pg pool)');
  return pool;
}

/**
 * The command path's statements run as named prepared statements: PostgreSQL parses and plans each
 * once per connection instead of on every command, and the driver sends Bind/Execute only (bench
 * part 1: parse and plan were a large share of PostgreSQL's CPU per command). Named by a hash of the
 * text, so one text is one statement. Texts are a fixed set in practice (values always travel as
 * parameters); should some code build texts without bound, naming stops at PREPARED_LIMIT distinct
 * texts and the rest run unnamed, so no connection accumulates statements without end.
 */
const PREPARED_LIMIT = 500;
const preparedNames = new Map<string, string>();

function statement(sql: string, params?: unknown[]): QueryConfig {
  let name = preparedNames.get(sql);
  if (name === undefined && preparedNames.size < PREPARED_LIMIT) {
    name = `tj_${createHash('sha1').update(sql).digest('hex').slice(0, 24)}`;
    preparedNames.set(sql, name);
  }
  return name === undefined ? { text: sql, values: params } : { name, text: sql, values: params };
}

const noop = () => undefined;

/**
 * A read sent now, beside others, that the caller may end up not awaiting (the command failed or
 * took another path first): its failure must not surface as an unhandled rejection. Answers `read`.
 */
export function readAhead<T>(read: Promise<T>): Promise<T> {
  read.catch(noop);
  return read;
}

/**
 * Waits for every branch a caller ran side by side on a pipelined transaction, then answers their
 * results in order — or throws the first branch's failure. Not before all have settled: a branch
 * still sending statements after the caller gave up would send them into a transaction being rolled back.
 */
export async function settleAll<T>(branches: readonly Promise<T>[]): Promise<T[]> {
  const settled = await Promise.allSettled(branches);
  const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((r) => (r as PromiseFulfilledResult<T>).value);
}


/** What a pipelined pg client looks like to us (pg ≥ 8.23: `Client#pipeline`, see node-postgres.com/features/pipelining). */
type PipelinedClient = PoolClient & { pipeline: boolean };

/**
 * A transaction on one pg connection in pipeline mode: reads are awaited as usual, but BEGIN and
 * every `write` go out without waiting for their answers, and COMMIT follows the writes (`commit`),
 * so a command pays a round trip for each group of reads it waits for and one for COMMIT — not one
 * per statement. The statements sent in one tick leave together as one batch (StatementBatch: one
 * socket write, and one Sync, so PostgreSQL answers them with one flush instead of one each).
 */
class PipelinedTx implements Tx {
  private readonly pending: Promise<void>[] = [];
  /** The first write that failed (in the order they were sent), and any other failure. */
  private failure: { index: number; error: unknown } | undefined;
  private sent = 0;

  /** Statements sent in this tick, not yet handed to the driver (see `flush`). */
  private queued: BatchedStatement[] | null = null;
  /** Set once COMMIT or ROLLBACK is under way: a statement sent after it would run outside the transaction. */
  private ended = false;

  constructor(private readonly client: PoolClient) {}

  /** Ends the transaction for good: from now on every statement is refused. What was sent before goes out now. */
  end(): void {
    this.ended = true;
    this.flush();
  }

  private assertOpen(): void {
    if (this.ended) throw new Error('the transaction has ended: no statement may be sent on it');
  }

  query = async <T>(sql: string, params?: unknown[]): Promise<T[]> => {
    this.assertOpen();
    const answer = this.enqueue(statement(sql, params));
    this.reads.push(answer.then(noop, noop));
    return (await answer).rows as T[];
  };

  /** Every read sent, settled or not (a failed command may leave some unawaited). */
  private readonly reads: Promise<void>[] = [];

  /** Waits until every statement sent so far has answered, whatever the answer. */
  async drain(): Promise<void> {
    this.flush();
    await Promise.all([...this.reads.splice(0), ...this.pending.splice(0)]);
  }

  write = (sql: string, params?: unknown[], checkOrRows?: number | WriteCheck): Promise<void> => {
    this.assertOpen();
    const check = checkOf(checkOrRows);
    if (!check) {
      this.track(this.enqueue(statement(sql, params)).then(noop));
      return Promise.resolve();
    }
    // PostgreSQL checks the count itself (tiaojie_expect_rows): a wrong one aborts the transaction,
    // so COMMIT need not wait for this answer. (A data-modifying WITH must be at the top level, so
    // a checked write cannot itself start with WITH.)
    if (/^\s*WITH\b/i.test(sql) || !Number.isInteger(check.rows)) throw new Error('a checked write is a single INSERT, UPDATE or DELETE … RETURNING, with a whole number of rows');
    const checked = `WITH checked_write AS (${sql}) SELECT tiaojie_expect_rows(count(*), ${check.rows}) FROM checked_write`;
    this.track(
      this.enqueue(statement(checked, params)).then(noop, (e: { code?: string }) => {
        throw e?.code === WRONG_ROW_COUNT ? (check.error?.() ?? new WriteCheckError(sql, check.rows, null)) : e;
      }),
    );
    return Promise.resolve();
  };

  /** Sends a statement without waiting (BEGIN); its failure is kept like a write's. */
  send(sql: string): void {
    this.track(this.enqueue(statement(sql)).then(noop));
  }

  /**
   * Queues a statement for the batch of this tick. The statements a command sends together thus
   * leave in one socket write (one system call, one wake-up of the backend; on this kind of machine
   * the socket writes were the largest single cost of a command, bench part 1) and are answered
   * together.
   */
  private enqueue(config: QueryConfig): Promise<QueryResult> {
    return new Promise<QueryResult>((resolve, reject) => {
      if (!this.queued) {
        this.queued = [];
        process.nextTick(() => this.flush());
      }
      this.queued.push({ config: config as BatchedStatement['config'], resolve, reject });
    });
  }

  /**
   * Hands the queued statements to the driver, in order: as one StatementBatch when every one of
   * them is already prepared on this connection (every command after a connection's first), else
   * one by one (the first use of a statement carries its Parse), in one socket write.
   */
  private flush(): void {
    const batch = this.queued;
    if (!batch) return;
    this.queued = null;
    const connection = (this.client as unknown as { connection: unknown }).connection;
    if (batch.length > 1 && StatementBatch.canBatch(connection, batch)) {
      const statements = StatementBatch.of(batch);
      // A value the driver cannot format goes the single-statement way, where pg reports it for its own statement.
      if (statements) {
        this.client.query(statements);
        return;
      }
    }
    corked(connection, () => {
      for (const s of batch) this.client.query(s.config).then(s.resolve, s.reject);
    });
  }

  private track(p: Promise<void>): void {
    const index = this.sent++;
    this.pending.push(
      p.catch((error: unknown) => {
        if (!this.failure || index < this.failure.index) this.failure = { index, error };
      }),
    );
  }

  /**
   * Commits. Every write is one PostgreSQL itself judges (its row checks included), so COMMIT goes
   * out right behind them, in their batch, without waiting: should any of them have failed, PostgreSQL
   * skips the COMMIT (or answers it with a ROLLBACK) — nothing is committed, and the write's own
   * error is thrown.
   */
  async commit(): Promise<void> {
    this.ended = true;
    const committing = this.enqueue(statement('COMMIT'));
    this.flush();
    await Promise.all(this.pending.splice(0));
    if (this.failure) {
      await committing.catch(noop);
      throw this.failure.error;
    }
    const { command } = await committing;
    if (command !== 'COMMIT') throw new Error(`the transaction ended in ${command}, not COMMIT`);
  }

  /**
   * The error to report for `e`, thrown by the work: a statement refused only because an earlier
   * pipelined write had failed (25P02, or skipped in its batch) stands for that write's own error
   * (a unique violation, a failed check), which is what the caller must hear.
   */
  async cause(e: unknown): Promise<unknown> {
    await Promise.all(this.pending.splice(0));
    const refused = (e as { code?: string } | null)?.code === IN_FAILED_TRANSACTION;
    return this.failure && (refused || e === this.failure.error) ? this.failure.error : e;
  }
}

/**
 * Transactions on the pg pool TypeORM opened, without the ORM's query runner in the way: the command
 * path is raw SQL (DESIGN §4), and every statement of it is a round trip worth keeping lean.
 */
@Injectable()
export class TransactionRunner {
  private pool?: Pool;

  constructor(private readonly ds: DataSource) {}

  private get pg(): Pool {
    return (this.pool ??= pgPoolOf(this.ds));
  }

  /**
   * Runs `work` in one READ COMMITTED transaction; rows are locked explicitly where it matters.
   * The connection is pipelined while it is ours (PipelinedTx): nothing commits that the work did
   * not see succeed — a failed write aborts the transaction, so the COMMIT behind it rolls back.
   */
  run<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.onPipelinedClient(async (client, tx, dropConnection) => {
      try {
        tx.send('BEGIN');
        const result = await work(tx);
        await tx.commit();
        return result;
      } catch (e) {
        tx.end();
        const cause = await tx.cause(e);
        // A failed ROLLBACK means the connection itself is gone: drop it from the pool.
        await client.query('ROLLBACK').catch(dropConnection);
        throw cause;
      }
    });
  }

  /**
   * Reads outside a transaction on one pipelined connection: reads sent together (a case view's
   * lists) cost one round trip and one connection, not one pool connection each. Not for writes.
   */
  read<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.onPipelinedClient((_client, tx) => work(tx));
  }

  /**
   * A pool connection in pipeline mode for `use`. Every statement sent on it has answered before it
   * goes back to the pool, as the ORM expects it: one query at a time.
   */
  private async onPipelinedClient<T>(use: (client: PoolClient, tx: PipelinedTx, dropConnection: (e: Error) => void) => Promise<T>): Promise<T> {
    const client = (await this.pg.connect()) as PipelinedClient;
    let broken: Error | undefined;
    // The pool listens for errors only on idle clients: a connection that dies while checked out
    // (PostgreSQL restarted) would emit an unhandled 'error' and end the process. The query in
    // flight fails on its own; this keeps the error and drops the connection from the pool.
    const dropConnection = (e: Error) => (broken = e);
    client.on('error', dropConnection);
    client.pipeline = true;
    const tx = new PipelinedTx(client);
    try {
      return await use(client, tx, dropConnection);
    } finally {
      // Statements the work sent but did not wait for (it failed on another) answer first.
      tx.end();
      await tx.drain();
      client.pipeline = false;
      client.off('error', dropConnection);
      client.release(broken);
    }
  }

  /** Reads outside a transaction. */
  get reader(): Tx {
    return awaitedTx(async <T>(sql: string, params?: unknown[]) => (await this.pg.query(sql, params as unknown[])).rows as T[]);
  }

  /**
   * Point reads outside a transaction that run on every request (the access token's session check),
   * as named prepared statements like the command path's: planned once per connection, and no ORM
   * query runner in between. Only for fixed texts with a plan that does not depend on the values
   * (a primary-key lookup): a prepared statement may settle on one generic plan for every value.
   */
  get hotReader(): Tx {
    return awaitedTx(async <T>(sql: string, params?: unknown[]) => (await this.pg.query(statement(sql, params))).rows as T[]);
  }
}

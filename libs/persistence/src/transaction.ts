import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { Pool, PoolClient, QueryConfig, QueryResult } from 'pg';
import { DataSource, type EntityManager } from 'typeorm';

/** A running transaction. Repositories take one so a command's writes commit or fail together. */
export interface Tx {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /**
   * Several parameterless statements in one round trip (the simple query protocol): answers each
   * statement's rows. Only for SQL with no outside input but checked literals (see `uuidLiteral`).
   * Absent on ORM-backed transactions: callers fall back to one query per statement.
   */
  batch?(statements: readonly string[]): Promise<unknown[][]>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A UUID as an SQL literal, for `Tx.batch`; anything else is refused (never interpolated). */
export function uuidLiteral(id: string): string {
  if (!UUID.test(id)) throw new Error('not a UUID');
  return `'${id.toLowerCase()}'::uuid`;
}

/** Runs statements in one round trip when the transaction can, else one by one. */
export async function batchOf(tx: Tx, statements: readonly string[]): Promise<unknown[][]> {
  if (tx.batch) return tx.batch(statements);
  const out: unknown[][] = [];
  for (const s of statements) out.push(await tx.query(s));
  return out;
}

/**
 * Always answers the rows. (TypeORM's `EntityManager.query` answers `[rows, count]` for UPDATE and
 * DELETE on PostgreSQL, which would make "zero rows updated" look like two.)
 */
export function txOf(manager: EntityManager): Tx {
  return {
    query: async <T>(sql: string, params?: unknown[]) => {
      if (manager.queryRunner) return (await manager.queryRunner.query(sql, params, true)).records as T[];
      const runner = manager.connection.createQueryRunner();
      try {
        return (await runner.query(sql, params, true)).records as T[];
      } finally {
        await runner.release();
      }
    },
  };
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

/** A Tx on one pg connection: rows in, rows out, nothing in between. */
function clientTx(client: Pick<PoolClient, 'query'>): Tx {
  return {
    query: async <T>(sql: string, params?: unknown[]) => (await client.query(statement(sql, params))).rows as T[],
    batch: async (statements) => {
      if (statements.length === 0) return [];
      // No values: pg sends one simple Query message and answers one result per statement.
      const result = (await client.query(statements.join(';\n'))) as unknown as QueryResult | QueryResult[];
      return (Array.isArray(result) ? result : [result]).map((r) => r.rows);
    },
  };
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

  /** Runs `work` in one READ COMMITTED transaction; rows are locked explicitly where it matters. */
  async run<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    const client = await this.pg.connect();
    let broken: Error | undefined;
    // The pool listens for errors only on idle clients: a connection that dies while checked out
    // (PostgreSQL restarted) would emit an unhandled 'error' and end the process. The query in
    // flight fails on its own; this keeps the error and drops the connection from the pool.
    const onError = (e: Error) => (broken = e);
    client.on('error', onError);
    try {
      await client.query('BEGIN');
      const result = await work(clientTx(client));
      await client.query('COMMIT');
      return result;
    } catch (e) {
      // A failed ROLLBACK means the connection itself is gone: drop it from the pool.
      await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
      throw e;
    } finally {
      client.off('error', onError);
      client.release(broken);
    }
  }

  /** Reads outside a transaction. */
  get reader(): Tx {
    return { query: async <T>(sql: string, params?: unknown[]) => (await this.pg.query(sql, params as unknown[])).rows as T[] };
  }
}

import { Injectable } from '@nestjs/common';
import type { Pool, PoolClient } from 'pg';
import { DataSource, type EntityManager } from 'typeorm';

/** A running transaction. Repositories take one so a command's writes commit or fail together. */
export interface Tx {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
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

/** A Tx on one pg connection: rows in, rows out, nothing in between. */
function clientTx(client: Pick<PoolClient, 'query'>): Tx {
  return { query: async <T>(sql: string, params?: unknown[]) => (await client.query(sql, params as unknown[])).rows as T[] };
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
      client.release(broken);
    }
  }

  /** Reads outside a transaction. */
  get reader(): Tx {
    return { query: async <T>(sql: string, params?: unknown[]) => (await this.pg.query(sql, params as unknown[])).rows as T[] };
  }
}

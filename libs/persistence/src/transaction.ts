import { Injectable } from '@nestjs/common';
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

@Injectable()
export class TransactionRunner {
  constructor(private readonly ds: DataSource) {}

  /** Runs `work` in one READ COMMITTED transaction; rows are locked explicitly where it matters. */
  run<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.ds.transaction((manager) => work(txOf(manager)));
  }

  /** Reads outside a transaction. */
  get reader(): Tx {
    return txOf(this.ds.manager);
  }
}

import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

/** A running transaction. Repositories take one so a command's writes commit or fail together. */
export interface Tx {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
}

export function txOf(manager: EntityManager): Tx {
  return { query: (sql, params) => manager.query(sql, params) };
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

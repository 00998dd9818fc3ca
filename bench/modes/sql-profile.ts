import { StatementBatch } from '@tiaojie/persistence';
import { Client } from 'pg';
import type { Slot } from '../lib/load';

export interface SqlProfile {
  operations: number;
  statementsPerOp: number;
  /**
   * Wall time per operation with at least one `pg` query outstanding: round trips, server work, and
   * the driver's send/parse work. Pipelined statements overlap, so this is the union of their spans,
   * not the sum of the per-statement times below.
   */
  dbMsPerOp: number;
  /** Times per operation the code went from no statement outstanding to one: the waits a pipelined command still pays. */
  waitsPerOp: number;
  totalMsPerOp: number;
  statements: { statement: string; perOp: number; avgMs: number }[];
}

/** A short label for a statement: `SELECT cases`, `INSERT case_events`, `COMMIT`. */
function label(sql: string): string {
  const s = sql.replace(/\s+/g, ' ').trim();
  const verb = s.split(' ')[0].toUpperCase();
  const table = /^(?:INSERT INTO|UPDATE|DELETE FROM) "?(\w+)/i.exec(s)?.[1] ?? /\bFROM "?(\w+)"?/i.exec(s)?.[1];
  return table ? `${verb} ${table}` : verb;
}

/**
 * Runs `operations` steps one after another while every `pg` client query (and every statement of a
 * StatementBatch) is timed, to see how many
 * statements one operation sends and how much of its time is spent in them (`between` is run but
 * neither timed nor counted). Patches `pg.Client.prototype.query` for the duration only.
 */
export async function profileSql(slot: Slot, operations: number): Promise<SqlProfile> {
  const original = Client.prototype.query;
  const seen = new Map<string, { count: number; ns: bigint }>();
  let counting = true;
  let outstanding = 0;
  let busySince = 0n;
  let busyNs = 0n;
  let waits = 0;
  const record = (sql: string, t0: bigint) => {
    const now = process.hrtime.bigint();
    outstanding -= 1;
    if (outstanding === 0 && counting) busyNs += now - busySince;
    if (!counting) return;
    const entry = seen.get(label(sql)) ?? { count: 0, ns: 0n };
    entry.count += 1;
    entry.ns += now - t0;
    seen.set(label(sql), entry);
  };
  (Client.prototype as any).query = function (this: Client, ...args: any[]) {
    const sql: string = typeof args[0] === 'string' ? args[0] : (args[0]?.text ?? '?');
    const t0 = process.hrtime.bigint();
    if (outstanding === 0) {
      busySince = t0;
      if (counting) waits += 1;
    }
    if (args[0] instanceof StatementBatch) {
      // Several statements, one Sync (the command path's transactions): each is timed to its own answer.
      for (const s of args[0].statements) {
        outstanding += 1;
        const { resolve, reject } = s;
        s.resolve = (r) => (record(s.config.text, t0), resolve(r));
        s.reject = (e) => (record(s.config.text, t0), reject(e));
      }
      return (original as any).apply(this, args);
    }
    outstanding += 1;
    const last = args[args.length - 1];
    if (typeof last === 'function') {
      args[args.length - 1] = (...cbArgs: unknown[]) => {
        record(sql, t0);
        return last(...cbArgs);
      };
      return (original as any).apply(this, args);
    }
    const result = (original as any).apply(this, args);
    if (result && typeof result.then === 'function') return result.finally(() => record(sql, t0));
    return result;
  };
  let totalNs = 0n;
  try {
    for (let i = 0; i < operations; i++) {
      counting = false;
      await slot.between?.();
      counting = true;
      const t0 = process.hrtime.bigint();
      await slot.step();
      totalNs += process.hrtime.bigint() - t0;
    }
  } finally {
    Client.prototype.query = original;
  }
  const all = [...seen.entries()];
  return {
    operations,
    statementsPerOp: all.reduce((s, [, e]) => s + e.count, 0) / operations,
    dbMsPerOp: Number(busyNs) / 1e6 / operations,
    waitsPerOp: waits / operations,
    totalMsPerOp: Number(totalNs) / 1e6 / operations,
    statements: all
      .map(([statement, e]) => ({ statement, perOp: e.count / operations, avgMs: Number(e.ns) / 1e6 / e.count }))
      .sort((a, b) => b.perOp * b.avgMs - a.perOp * a.avgMs),
  };
}

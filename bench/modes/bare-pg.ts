import { Pool } from 'pg';
import type { Slot } from '../lib/load';

/**
 * The floor: the same shape of write (append an event, bump the case's version conditionally,
 * replace its snapshot) in one transaction, straight through `pg`, with nothing else around it.
 */
export const BARE_SCHEMA = `
  CREATE TABLE bench_cases (
    id integer PRIMARY KEY,
    version integer NOT NULL,
    state text NOT NULL,
    snapshot jsonb NOT NULL,
    updated_at timestamptz NOT NULL
  );
  CREATE TABLE bench_events (
    case_id integer NOT NULL REFERENCES bench_cases(id),
    seq integer NOT NULL,
    type text NOT NULL,
    at timestamptz NOT NULL,
    payload jsonb NOT NULL,
    PRIMARY KEY (case_id, seq)
  )`;

export const SESSION_SUMMARY = '双方陈述意见，申请人坚持全额支付，被申请人提出分期。';

export class BarePg {
  readonly pool: Pool;
  private readonly snapshot: string;

  constructor(url: string, poolSize: number, snapshot: unknown) {
    this.pool = new Pool({ connectionString: url, max: poolSize, application_name: 'tiaojie-bench' });
    this.snapshot = JSON.stringify(snapshot);
  }

  async createSchema(): Promise<void> {
    await this.pool.query(BARE_SCHEMA);
  }

  /** Rows `first .. first+count-1` at version 1. */
  async seedCases(first: number, count: number): Promise<void> {
    await this.pool.query(
      `INSERT INTO bench_cases (id, version, state, snapshot, updated_at)
       SELECT g, 1, 'mediation.active', $2::jsonb, now() FROM generate_series($1::int, $1::int + $3::int - 1) g`,
      [first, this.snapshot, count],
    );
  }

  slot(caseId: number): Slot {
    let version = 1;
    const step = async () => {
      const payload = version % 2 === 1 ? { at: new Date().toISOString(), online: true } : { summary: SESSION_SUMMARY };
      const client = await this.pool.connect();
      try {
        await client.query('BEGIN');
        await client.query(`INSERT INTO bench_events (case_id, seq, type, at, payload) VALUES ($1, $2, $3, now(), $4)`, [
          caseId,
          version + 1,
          version % 2 === 1 ? 'SCHEDULE_SESSION' : 'RECORD_SESSION',
          JSON.stringify(payload),
        ]);
        const { rows } = await client.query<{ version: number }>(
          `UPDATE bench_cases SET version = version + 1, snapshot = $3, updated_at = now()
           WHERE id = $1 AND version = $2 RETURNING version`,
          [caseId, version, this.snapshot],
        );
        if (rows.length !== 1) throw new Error(`bench case ${caseId} is not at version ${version}`);
        await client.query('COMMIT');
        version = rows[0].version;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw e;
      } finally {
        client.release();
      }
    };
    return { step };
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}

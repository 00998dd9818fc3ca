import { Injectable } from '@nestjs/common';
import { TransactionRunner, type Tx } from '@tiaojie/persistence';
import type { DataSource } from 'typeorm';

/** Marks in `counters`: a demo year was started, and finished (value: the number of cases it opened). */
const STARTED = 'demo-year:started';
const FINISHED = 'demo-year:finished';
/** Advisory lock so that two processes starting on one empty database do not both generate a year. */
const DEMO_YEAR_LOCK = 7_402_306;

/** The year's main figures as the database has them (plain SQL over the base tables). */
export interface DatabaseCheck {
  cases: number;
  accepted: number;
  payments: number;
  paidFen: number;
  outreach: number;
  fromOutreach: number;
  matches: boolean;
}

export type DemoYearState = 'EMPTY' | 'HAS_CASES' | 'INTERRUPTED' | 'GENERATED';

/** What the demo year reads and writes outside the case commands. */
@Injectable()
export class DemoYearStore {
  constructor(private readonly tx: TransactionRunner) {}

  state(): Promise<DemoYearState> {
    return readDemoYearState(this.tx.reader);
  }

  async markStarted(seed: number): Promise<void> {
    await this.tx.run((tx) => tx.query(`INSERT INTO counters (name, value) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value`, [STARTED, seed]));
  }

  async markFinished(cases: number): Promise<void> {
    await this.tx.run((tx) => tx.query(`INSERT INTO counters (name, value) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value`, [FINISHED, cases]));
  }

  /** The current version of each case (what a client reads before it sends an event with If-Match). */
  async versions(caseIds: readonly string[]): Promise<Map<string, number>> {
    if (caseIds.length === 0) return new Map();
    const rows = await this.tx.reader.query<{ id: string; version: number }>(`SELECT id, version FROM cases WHERE id = ANY($1::uuid[])`, [caseIds]);
    return new Map(rows.map((r) => [r.id, Number(r.version)]));
  }

  /** Counts what the database holds, to compare with the commands the year sent. */
  async databaseCheck(expected: { intakes: number; accepted: number; payments: number; paidFen: number; outreachActivities: number; fromOutreach: number }): Promise<DatabaseCheck> {
    const [row] = await this.tx.reader.query<{ cases: number; accepted: number; payments: number; paid: number; outreach: number; from_outreach: number }>(
      `SELECT (SELECT count(*) FROM cases)::int AS cases,
              (SELECT count(*) FROM case_events WHERE type = 'ACCEPT')::int AS accepted,
              (SELECT count(*) FROM case_events WHERE type = 'RECORD_PAYMENT')::int AS payments,
              (SELECT coalesce(sum((payload->>'amountFen')::bigint), 0) FROM case_events WHERE type = 'RECORD_PAYMENT')::bigint AS paid,
              (SELECT count(*) FROM outreach_activities)::int AS outreach,
              (SELECT count(*) FROM cases WHERE outreach_activity_id IS NOT NULL)::int AS from_outreach`,
    );
    const check = { cases: row.cases, accepted: row.accepted, payments: row.payments, paidFen: Number(row.paid), outreach: row.outreach, fromOutreach: row.from_outreach };
    const matches =
      check.cases === expected.intakes &&
      check.accepted === expected.accepted &&
      check.payments === expected.payments &&
      check.paidFen === expected.paidFen &&
      check.outreach === expected.outreachActivities &&
      check.fromOutreach === expected.fromOutreach;
    return { ...check, matches };
  }

  /** Pending deadlines due by `t`, oldest first (as FireDueDeadlines takes them), with their case. */
  async dueDeadlines(t: Date): Promise<{ id: string; caseId: string }[]> {
    return this.tx.reader.query<{ id: string; caseId: string }>(
      `SELECT id, case_id AS "caseId" FROM deadlines WHERE status = 'PENDING' AND due_at <= $1 ORDER BY due_at, id`,
      [t],
    );
  }

}

/** Whether the database is empty of cases, holds a finished or interrupted demo year, or other cases. */
export async function readDemoYearState(q: Tx): Promise<DemoYearState> {
  const [row] = await q.query<{ cases: boolean; started: boolean; finished: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM cases) AS cases,
            EXISTS (SELECT 1 FROM counters WHERE name = $1) AS started,
            EXISTS (SELECT 1 FROM counters WHERE name = $2) AS finished`,
    [STARTED, FINISHED],
  );
  if (row.finished) return 'GENERATED';
  if (row.started) return 'INTERRUPTED';
  return row.cases ? 'HAS_CASES' : 'EMPTY';
}

/** Runs `work` holding the demo-year advisory lock on a connection of its own. */
export async function withDemoYearLock<T>(ds: DataSource, work: () => Promise<T>): Promise<T> {
  const runner = ds.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [DEMO_YEAR_LOCK]);
    return await work();
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [DEMO_YEAR_LOCK]).catch(() => undefined);
    await runner.release();
  }
}

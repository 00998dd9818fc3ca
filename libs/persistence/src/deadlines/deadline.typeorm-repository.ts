import { Injectable } from '@nestjs/common';
import { SERVICE_LEVEL_DEADLINE_KINDS } from '@tiaojie/domain';
import type { Tx } from '../transaction';
import type { ArmableDeadline, DeadlineRecord } from './deadline.records';

/** The deadline columns as DeadlineRecord names them. */
export const DEADLINE_COLUMNS = `id, case_id AS "caseId", kind, status, trigger_at AS "triggerAt", due_at AS "dueAt", unit, length,
  extension_days AS "extensionDays", basis, rule, last_day AS "lastDay", generation, ref, paused_at AS "pausedAt",
  suspended_days AS "suspendedDays", created_at AS "createdAt", completed_at AS "completedAt", fired_at AS "firedAt"`;

/** The engine's own service levels (DeadlineRule.serviceLevel): at a tie they fire after the statutory periods. */
const SERVICE_LEVEL_KINDS = SERVICE_LEVEL_DEADLINE_KINDS.map((k) => `'${k}'`).join(', ');

@Injectable()
export class DeadlineTypeormRepository {
  async insert(tx: Tx, d: DeadlineRecord): Promise<void> {
    await tx.write(
      `INSERT INTO deadlines (id, case_id, kind, status, trigger_at, due_at, unit, length, extension_days, basis, rule,
         last_day, generation, ref, paused_at, suspended_days, created_at, completed_at, fired_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19)`,
      [d.id, d.caseId, d.kind, d.status, d.triggerAt, d.dueAt, d.unit, d.length, d.extensionDays, d.basis, d.rule,
        d.lastDay, d.generation, d.ref, d.pausedAt, d.suspendedDays, d.createdAt, d.completedAt, d.firedAt],
    );
  }

  async findForCase(tx: Tx, caseId: string): Promise<DeadlineRecord[]> {
    return tx.query<DeadlineRecord>(`SELECT ${DEADLINE_COLUMNS} FROM deadlines WHERE case_id = $1 ORDER BY created_at, kind, length(ref), ref`, [caseId]);
  }

  async findOpenOfKind(tx: Tx, caseId: string, kind: string, ref = ''): Promise<DeadlineRecord | null> {
    const [row] = await tx.query<DeadlineRecord>(
      `SELECT ${DEADLINE_COLUMNS} FROM deadlines WHERE case_id = $1 AND kind = $2 AND ref = $3 AND status IN ('PENDING','PAUSED')`,
      [caseId, kind, ref],
    );
    return row ?? null;
  }

  /** The clock stops: the row says when, and its timer is disarmed by the caller. */
  async pause(tx: Tx, id: string, at: Date): Promise<void> {
    await tx.write(`UPDATE deadlines SET status = 'PAUSED', paused_at = $2 WHERE id = $1`, [id, at]);
  }

  /** The clock runs again with a recomputed due time and a new timer generation. */
  async resume(
    tx: Tx,
    d: Pick<DeadlineRecord, 'id' | 'dueAt' | 'basis' | 'rule' | 'lastDay' | 'generation' | 'suspendedDays'>,
  ): Promise<void> {
    await tx.write(
      `UPDATE deadlines SET status = 'PENDING', paused_at = NULL, due_at = $2, basis = $3, rule = $4, last_day = $5,
         generation = $6, suspended_days = $7 WHERE id = $1`,
      [d.id, d.dueAt, d.basis, d.rule, d.lastDay, d.generation, d.suspendedDays],
    );
  }

  /** Several deadlines locked, in id order (after their cases: DeadlineFiring.fireBatch). */
  async findManyForUpdate(tx: Tx, ids: readonly string[]): Promise<DeadlineRecord[]> {
    return tx.query<DeadlineRecord>(`SELECT ${DEADLINE_COLUMNS} FROM deadlines WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`, [ids]);
  }

  async reschedule(tx: Tx, d: Pick<DeadlineRecord, 'id' | 'dueAt' | 'length' | 'extensionDays' | 'basis' | 'rule' | 'lastDay' | 'generation'>): Promise<void> {
    await tx.write(
      `UPDATE deadlines SET due_at = $2, length = $3, extension_days = $4, basis = $5, rule = $6, last_day = $7, generation = $8
       WHERE id = $1`,
      [d.id, d.dueAt, d.length, d.extensionDays, d.basis, d.rule, d.lastDay, d.generation],
    );
  }

  /** Ends open deadlines (all, or of one kind) and returns those it ended, so their timers can be disarmed. */
  async complete(tx: Tx, caseId: string, status: 'MET' | 'CANCELLED', at: Date, kind?: string, refs?: string[]): Promise<ArmableDeadline[]> {
    return tx.query<ArmableDeadline>(
      `UPDATE deadlines SET status = $2, completed_at = $3, paused_at = NULL
       WHERE case_id = $1 AND status IN ('PENDING','PAUSED') AND ($4::text IS NULL OR kind = $4)
         AND ($5::text[] IS NULL OR ref = ANY($5))
       RETURNING id, generation, due_at AS "dueAt"`,
      [caseId, status, at, kind ?? null, refs ?? null],
    );
  }

  async markExpired(tx: Tx, id: string, firedAt: Date): Promise<void> {
    await tx.write(`UPDATE deadlines SET status = 'EXPIRED', completed_at = $2, fired_at = $2 WHERE id = $1`, [id, firedAt]);
  }

  /**
   * Pending deadlines due at or before `t`, oldest first, with their case — the order in which
   * FireDueDeadlines fires each case's deadlines. Deadlines due at the same instant fire in a fixed
   * order: the statutory periods before the engine's own service levels (a county case's 15-day
   * mediation period and its tier service level end at the same 24:00: the mediation has failed
   * under LDMAL art. 14, and escalating it first would be wrong and would depend on random ids),
   * then by when they were started, then by id. Deadlines of `skipCaseIds` are left out (a
   * sweep skips the rest of a case whose firing failed, so it neither loops on it nor fires its later
   * deadlines out of order).
   */
  async findPendingDueBefore(tx: Tx, t: Date, limit: number, skipCaseIds: readonly string[] = []): Promise<(ArmableDeadline & { caseId: string })[]> {
    return tx.query<ArmableDeadline & { caseId: string }>(
      `SELECT id, case_id AS "caseId", generation, due_at AS "dueAt" FROM deadlines
       WHERE status = 'PENDING' AND due_at <= $1 AND NOT (case_id = ANY($3::uuid[]))
       ORDER BY due_at, kind IN (${SERVICE_LEVEL_KINDS}), created_at, id LIMIT $2`,
      [t, limit, skipCaseIds],
    );
  }

  /**
   * When the next pending deadline after `t` falls due (leaving out those of `skipCaseIds`), or null:
   * what a running sweep waits for. One probe of deadlines_pending_due_idx.
   */
  async findNextPendingDueAfter(tx: Tx, t: Date, skipCaseIds: readonly string[] = []): Promise<Date | null> {
    const [row] = await tx.query<{ d: Date | null }>(
      `SELECT min(due_at) AS d FROM deadlines WHERE status = 'PENDING' AND due_at > $1 AND NOT (case_id = ANY($2::uuid[]))`,
      [t, skipCaseIds],
    );
    return row?.d ?? null;
  }

  /**
   * The distinct instants at which pending deadlines fall due, ascending — for the reconciler, which
   * keeps one wake-up per instant. A loose index scan (one probe of deadlines_pending_due_idx per
   * instant), so it costs the number of instants, not of deadlines.
   */
  async findPendingDueInstants(tx: Tx): Promise<Date[]> {
    const rows = await tx.query<{ d: Date }>(
      `WITH RECURSIVE t(d) AS (
         SELECT min(due_at) FROM deadlines WHERE status = 'PENDING'
         UNION ALL
         SELECT (SELECT min(due_at) FROM deadlines WHERE status = 'PENDING' AND due_at > t.d) FROM t WHERE t.d IS NOT NULL
       )
       SELECT d FROM t WHERE d IS NOT NULL`,
    );
    return rows.map((r) => r.d);
  }

  /** Keyset pages over every pending deadline, for the reconciler. */
  async findPendingPage(tx: Tx, afterId: string | null, limit: number): Promise<ArmableDeadline[]> {
    return tx.query<ArmableDeadline>(
      `SELECT id, generation, due_at AS "dueAt" FROM deadlines
       WHERE status = 'PENDING' AND ($1::uuid IS NULL OR id > $1) ORDER BY id LIMIT $2`,
      [afterId, limit],
    );
  }
}

import { verifyChains } from '@tiaojie/audit';
import { createDataSource } from '@tiaojie/persistence';
import { Client } from 'pg';
import type { Ledger } from './mediators';

/**
 * Compares what clients were told with what PostgreSQL holds (DESIGN §4: a 2xx is durable, every
 * command takes effect once), and checks the invariants every case must keep whatever happened.
 */

export interface LedgerCheck {
  acknowledged: number;
  /** Acknowledged commands whose effect is not in the database. */
  lost: string[];
  /** Effects in the database that no acknowledgement accounts for (a command applied twice). */
  duplicated: string[];
  /** Deliberate repeats that did not answer the first response. */
  badReplays: string[];
}

export async function checkLedger(db: Client, ledger: Ledger, simUserIds: readonly string[]): Promise<LedgerCheck> {
  const lost: string[] = [];
  const duplicated: string[] = [];
  const badReplays: string[] = [];
  const { rows: events } = await db.query<{ case_id: string; version: number; seq: number; type: string; actor_id: string }>(
    `SELECT case_id, version, seq, type, actor_id FROM case_events WHERE actor_id = ANY($1::uuid[])`,
    [simUserIds],
  );
  const byVersion = new Map(events.map((e) => [`${e.case_id}@${e.version}`, e]));
  const { rows: keys } = await db.query<{ user_id: string; key: string; case_id: string | null; response_status: number; version: number | null }>(
    `SELECT user_id, key, case_id, response_status, (response_body->>'version')::int AS version FROM idempotency_keys WHERE user_id = ANY($1::uuid[])`,
    [simUserIds],
  );
  const keyed = new Map(keys.map((k) => [`${k.user_id}/${k.key}`, k]));
  const ackedAt = new Set<string>();

  for (const a of ledger.acked) {
    const at = `${a.caseId}@${a.version}`;
    if (ackedAt.has(at)) {
      duplicated.push(`two acknowledgements for ${at}`);
      continue;
    }
    ackedAt.add(at);
    const e = byVersion.get(at);
    const expectedType = a.op === 'OPEN' ? 'OPENED' : a.op;
    if (!e) lost.push(`${a.op} ${at} (key ${a.key}) acknowledged ${a.status} but not in case_events`);
    else if (e.type !== expectedType || e.actor_id !== a.userId) lost.push(`${a.op} ${at}: case_events holds ${e.type} by ${e.actor_id}`);
    const k = keyed.get(`${a.userId}/${a.key}`);
    if (!k) lost.push(`${a.op} ${at}: idempotency key ${a.key} not stored`);
    else if (k.case_id !== a.caseId || k.version !== a.version) lost.push(`${a.op} ${at}: idempotency key ${a.key} stored for ${k.case_id}@${k.version}`);
  }
  // Every effect of a simulated user is accounted for by exactly one acknowledgement.
  for (const e of events) {
    if (!ackedAt.has(`${e.case_id}@${e.version}`)) duplicated.push(`${e.type} ${e.case_id}@${e.version} has no acknowledgement`);
  }
  // Every stored key belongs to an acknowledged command (a key without one was applied behind the client's back).
  const ackedKeys = new Set(ledger.acked.map((a) => `${a.userId}/${a.key}`));
  for (const k of keys) if (!ackedKeys.has(`${k.user_id}/${k.key}`)) duplicated.push(`idempotency key ${k.key} stored without an acknowledgement`);
  for (const r of ledger.replays) {
    if (r.status < 200 || r.status >= 300 || r.replayVersion !== r.originalVersion || !r.replayedHeader) {
      badReplays.push(`repeat of ${r.key}: ${r.status}, version ${r.replayVersion} (first ${r.originalVersion}), replayed header ${r.replayedHeader}`);
    }
  }
  return { acknowledged: ledger.acked.length, lost, duplicated, badReplays };
}

export interface InvariantReport {
  cases: number;
  events: number;
  problems: string[];
  deadlinesExpired: number;
  /** EXPIRED deadlines whose effect (event or audit entry) is missing or doubled. */
  firingsNotOnce: string[];
  /** Deadlines fired before they were due. */
  early: string[];
  chainOk: boolean;
}

/**
 * Case invariants: contiguous event chain and versions, the case row agreeing with its last event,
 * paid ≤ agreed, nothing open on a closed case, each expired deadline fired exactly once and never
 * early, and the hash chains intact (the audit verifier).
 */
export async function checkInvariants(db: Client, databaseUrl: string): Promise<InvariantReport> {
  const problems: string[] = [];
  const q = async <T extends Record<string, unknown>>(sql: string, params: unknown[] = []) => (await db.query<T>(sql, params)).rows;

  const [counts] = await q<{ cases: number; events: number }>(`SELECT (SELECT count(*)::int FROM cases) AS cases, (SELECT count(*)::int FROM case_events) AS events`);
  for (const r of await q<{ id: string; version: number; event_seq: number; n: number; max_seq: number; max_version: number; min_seq: number }>(
    `SELECT c.id, c.version, c.event_seq, count(e.*)::int AS n, max(e.seq) AS max_seq, max(e.version) AS max_version, min(e.seq) AS min_seq
     FROM cases c LEFT JOIN case_events e ON e.case_id = c.id GROUP BY c.id`,
  )) {
    if (r.n !== r.max_seq || r.min_seq !== 1 || r.event_seq !== r.max_seq) problems.push(`case ${r.id}: events 1..${r.max_seq} with ${r.n} rows, event_seq ${r.event_seq}`);
    if (r.version !== r.max_version) problems.push(`case ${r.id}: version ${r.version}, last event version ${r.max_version}`);
  }
  for (const r of await q<{ case_id: string; seq: number; version: number }>(`SELECT case_id, seq, version FROM case_events WHERE version <> seq`)) {
    problems.push(`case ${r.case_id}: event ${r.seq} has version ${r.version}`);
  }
  for (const r of await q<{ id: string }>(`SELECT id FROM cases WHERE paid_fen > agreed_fen`)) problems.push(`case ${r.id}: paid more than agreed`);
  for (const r of await q<{ id: string; paid: number; paid_fen: number }>(
    `SELECT c.id, c.paid_fen, coalesce(sum(p.amount_fen), 0)::bigint AS paid FROM cases c LEFT JOIN case_payments p ON p.case_id = c.id GROUP BY c.id HAVING c.paid_fen <> coalesce(sum(p.amount_fen), 0)`,
  ).catch(() => [])) {
    problems.push(`case ${r.id}: paid_fen ${r.paid_fen} but payments add up to ${r.paid}`);
  }
  for (const r of await q<{ case_id: string; kind: string }>(
    `SELECT d.case_id, d.kind FROM deadlines d JOIN cases c ON c.id = d.case_id WHERE c.state = 'closed' AND d.status IN ('PENDING','PAUSED')`,
  )) {
    problems.push(`closed case ${r.case_id} still has an open ${r.kind} deadline`);
  }
  for (const r of await q<{ case_id: string; seq: number; type: string }>(
    `SELECT e.case_id, e.seq, e.type FROM case_events e
     JOIN case_events closing ON closing.case_id = e.case_id AND closing.state_to = 'closed' AND closing.seq < e.seq`,
  )) {
    problems.push(`case ${r.case_id} accepted ${r.type} (event ${r.seq}) after it was closed`);
  }

  const firingsNotOnce: string[] = [];
  for (const r of await q<{ id: string; kind: string; events: number; audits: number }>(
    `SELECT d.id, d.kind,
       (SELECT count(*)::int FROM case_events e WHERE e.case_id = d.case_id AND e.type = 'DEADLINE_EXPIRED' AND e.payload->>'deadlineId' = d.id::text) AS events,
       (SELECT count(*)::int FROM audit_log a WHERE a.action = 'DEADLINE_EXPIRED' AND a.target_type = 'deadline' AND a.target_id = d.id::text) AS audits
     FROM deadlines d WHERE d.status = 'EXPIRED'`,
  )) {
    if (r.events + r.audits !== 1) firingsNotOnce.push(`${r.kind} ${r.id}: ${r.events} events + ${r.audits} audit entries`);
  }
  for (const r of await q<{ deadline_id: string; n: number }>(
    `SELECT payload->>'deadlineId' AS deadline_id, count(*)::int AS n FROM case_events WHERE type = 'DEADLINE_EXPIRED' GROUP BY 1 HAVING count(*) > 1`,
  )) {
    firingsNotOnce.push(`deadline ${r.deadline_id} fired ${r.n} times`);
  }
  const early = (
    await q<{ id: string; kind: string; due_at: Date; fired_at: Date }>(`SELECT id, kind, due_at, fired_at FROM deadlines WHERE fired_at IS NOT NULL AND fired_at < due_at`)
  ).map((r) => `${r.kind} ${r.id} due ${r.due_at.toISOString()} fired ${r.fired_at.toISOString()}`);
  for (const r of await q<{ case_id: string; seq: number }>(
    `SELECT case_id, seq FROM case_events WHERE type = 'DEADLINE_EXPIRED' AND at < (payload->>'dueAt')::timestamptz`,
  )) {
    early.push(`case ${r.case_id} event ${r.seq} recorded an expiry before the due time`);
  }
  const [expired] = await q<{ n: number }>(`SELECT count(*)::int AS n FROM deadlines WHERE status = 'EXPIRED'`);

  const ds = createDataSource(databaseUrl, 2);
  await ds.initialize();
  let chainOk = false;
  try {
    const report = await verifyChains(ds);
    chainOk = report.ok;
    if (!report.ok) problems.push(`hash chain broken: ${JSON.stringify(report.caseEvents.firstBroken ?? report.audit.firstBroken)}`);
  } finally {
    await ds.destroy();
  }
  return { cases: counts.cases, events: counts.events, problems, deadlinesExpired: expired.n, firingsNotOnce, early, chainOk };
}

/** Rows of the outbox not yet relayed or planned. */
export async function outboxPending(db: Client): Promise<number> {
  const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM outbox WHERE processed_at IS NULL`);
  return rows[0].n;
}

/** Deadlines due by `now` that are still pending (a lost deadline, once the workers have had time). */
export async function overduePending(db: Client, now: Date): Promise<number> {
  const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM deadlines WHERE status = 'PENDING' AND due_at <= $1`, [now]);
  return rows[0].n;
}

/** Notifications: one row per dedupe key (unique), none stuck, and how they ended. */
export async function notificationStates(db: Client): Promise<Record<string, number>> {
  const { rows } = await db.query<{ status: string; n: number }>(`SELECT status, count(*)::int AS n FROM notifications GROUP BY status`);
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

/** Polls `probe` until it answers truthy; returns the value and how long it took. */
export async function eventually<T>(probe: () => Promise<T | null | undefined | false>, timeoutMs: number, everyMs = 200): Promise<{ value: T; ms: number }> {
  const started = Date.now();
  for (;;) {
    const v = await probe().catch(() => null);
    if (v) return { value: v, ms: Date.now() - started };
    if (Date.now() - started > timeoutMs) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

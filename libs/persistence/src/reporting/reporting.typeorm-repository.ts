import { Injectable } from '@nestjs/common';
import { REPORT_COUNTERS, type AggregateDelta, type CaseFacts, type Counters, type DurationDelta, type ReportCounter } from '@tiaojie/domain';
import type { Tx } from '../transaction';

/** camelCase counter → its column in `report_aggregates` (`casesAccepted` → `cases_accepted`). */
export const counterColumn = (name: ReportCounter) => name.replace(/[A-Z]/g, (m) => `_${m.toLowerCase()}`);
const COUNTER_COLUMNS = REPORT_COUNTERS.map(counterColumn);
const FEN_COUNTERS = new Set<ReportCounter>(['claimedFen', 'agreedFen', 'paidFen']);

const FACT_COLUMNS: [keyof CaseFacts, string][] = [
  ['caseId', 'case_id'],
  ['regionCode', 'region_code'],
  ['orgId', 'org_id'],
  ['agency', 'agency'],
  ['tier', 'tier'],
  ['disputeType', 'dispute_type'],
  ['yearbookCategory', 'yearbook_category'],
  ['channel', 'channel'],
  ['entrusted', 'entrusted'],
  ['migrant', 'migrant'],
  ['platform', 'platform'],
  ['collective', 'collective'],
  ['fromOutreach', 'from_outreach'],
  ['workers', 'workers'],
  ['claimedFen', 'claimed_fen'],
  ['acceptedOn', 'accepted_on'],
  ['closedOn', 'closed_on'],
  ['outcome', 'outcome'],
  ['route', 'route'],
  ['returnedToCourt', 'returned_to_court'],
  ['mediationConcludedOn', 'mediation_concluded_on'],
  ['mediationSucceeded', 'mediation_succeeded'],
  ['agreementSignedOn', 'agreement_signed_on'],
  ['agreedFen', 'agreed_fen'],
  ['confirmationRequested', 'confirmation_requested'],
  ['confirmed', 'confirmed'],
  ['paidFen', 'paid_fen'],
  ['daysToClose', 'days_to_close'],
  ['daysToConclude', 'days_to_conclude'],
];
const FACT_SELECT = FACT_COLUMNS.map(([k, c]) => `${c} AS "${k}"`).join(', ');

export interface PaymentLedgerRow {
  caseId: string;
  eventSeq: number;
  paidAt: Date;
  paidOn: string;
  amountFen: number;
  method: string;
  evidenceRef: string | null;
  verifiedBy: string;
  recordedAt: Date;
}

export interface AgreementRow {
  caseId: string;
  eventSeq: number;
  signedAt: Date;
  signedOn: string;
  agreedFen: number;
  items: unknown;
  schedule: unknown;
  recordedBy: string;
  recordedAt: Date;
}

export interface ResolvedDeadlineFact {
  deadlineId: string;
  kind: string;
  status: 'MET' | 'EXPIRED';
  resolvedOn: string;
  orgId: string;
  agency: string;
  tier: string;
  regionCode: string;
  disputeType: string;
}

/** Which aggregate rows a summary reads: a region subtree and the period cut into years, months and days. */
export interface AggregateScope {
  regionPrefix: string;
  ranges: { grain: 'Y' | 'M' | 'D'; from: string; to: string }[];
}

/** The histogram cubes of `report_durations` (migration 1764800000000). */
export type DurationCube = 'COUNTY' | 'COUNTY_TYPE' | 'ORG';
const NIL_UUID = '00000000-0000-0000-0000-000000000000';

/** The SQL expression a summary groups by (never user text: chosen from a fixed list by the caller). */
export type GroupExpression = 'month' | 'agency' | 'tier' | 'disputeType' | 'org' | { regionLength: number };

export type AggregateRow = Counters & { key: string | null };
export interface DurationRow {
  key: string | null;
  stage: 'CLOSE' | 'MEDIATION';
  days: number;
  n: number;
}
export interface ComplianceRow {
  orgId: string;
  orgName: string;
  agency: string;
  met: number;
  expired: number;
}

/**
 * The reporting read models (migration 1764800000000): written in the command's transaction by the
 * case workflow, read by the managers' summary. Plain SQL; every figure is an integer (fen for money).
 */
@Injectable()
export class ReportingTypeormRepository {
  async findCaseFacts(tx: Tx, caseId: string): Promise<CaseFacts | null> {
    const [row] = await tx.query<CaseFacts>(`SELECT ${FACT_SELECT} FROM report_case_facts WHERE case_id = $1`, [caseId]);
    return row ?? null;
  }

  async upsertCaseFacts(tx: Tx, f: CaseFacts, at: Date): Promise<void> {
    const cols = FACT_COLUMNS.map(([, c]) => c);
    const values = FACT_COLUMNS.map(([k]) => f[k]);
    await tx.query(
      `INSERT INTO report_case_facts (${cols.join(', ')}, updated_at) VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')}, $${cols.length + 1})
       ON CONFLICT (case_id) DO UPDATE SET ${cols.slice(1).map((c) => `${c} = EXCLUDED.${c}`).join(', ')}, updated_at = EXCLUDED.updated_at`,
      [...values, at],
    );
  }

  /** Distinct workers on the case (by ID number), and whether any is a migrant worker or works on a platform. */
  async workerSummary(tx: Tx, caseId: string): Promise<{ workers: number; migrant: boolean; platformWorker: boolean }> {
    const [row] = await tx.query<{ workers: number; migrant: boolean | null; platformWorker: boolean | null }>(
      `SELECT count(DISTINCT coalesce(id_number_hash, id::text))::int AS workers, bool_or(is_migrant_worker) AS migrant,
              bool_or(coalesce(employment_form, '') LIKE 'PLATFORM%') AS "platformWorker"
       FROM case_parties WHERE case_id = $1 AND kind = 'WORKER'`,
      [caseId],
    );
    return { workers: row?.workers ?? 0, migrant: row?.migrant ?? false, platformWorker: row?.platformWorker ?? false };
  }

  async orgProfile(tx: Tx, orgId: string): Promise<{ agency: string; tier: string } | null> {
    const [row] = await tx.query<{ agency: string; tier: string }>(`SELECT agency, tier FROM orgs WHERE id = $1`, [orgId]);
    return row ?? null;
  }

  async insertPayment(tx: Tx, p: PaymentLedgerRow): Promise<void> {
    await tx.query(
      `INSERT INTO case_payments (case_id, event_seq, paid_at, paid_on, amount_fen, method, evidence_ref, verified_by, recorded_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)`,
      [p.caseId, p.eventSeq, p.paidAt, p.paidOn, p.amountFen, p.method, p.evidenceRef, p.verifiedBy, p.recordedAt],
    );
  }

  async insertAgreement(tx: Tx, a: AgreementRow): Promise<void> {
    await tx.query(
      `INSERT INTO case_agreements (case_id, event_seq, signed_at, signed_on, agreed_fen, items, schedule, recorded_by, recorded_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)`,
      [a.caseId, a.eventSeq, a.signedAt, a.signedOn, a.agreedFen, JSON.stringify(a.items), JSON.stringify(a.schedule), a.recordedBy, a.recordedAt],
    );
  }

  async paymentsOf(tx: Tx, caseId: string): Promise<{ paidOn: string; amountFen: number }[]> {
    return tx.query(`SELECT paid_on AS "paidOn", amount_fen AS "amountFen" FROM case_payments WHERE case_id = $1 ORDER BY event_seq`, [caseId]);
  }

  /**
   * Records the case's duty deadlines that are now met or expired and not yet recorded, each under
   * the organisation that answers for its kind (`responsible`), and returns them.
   */
  async recordResolvedDeadlines(
    tx: Tx,
    caseId: string,
    where: { regionCode: string; disputeType: string },
    responsible: Record<string, string>,
  ): Promise<ResolvedDeadlineFact[]> {
    return tx.query<ResolvedDeadlineFact>(
      `INSERT INTO report_deadline_facts (deadline_id, case_id, kind, status, resolved_on, due_on, org_id, agency, tier, region_code, dispute_type)
       SELECT d.id, d.case_id, d.kind, d.status, tiaojie_shanghai_date(d.completed_at), d.last_day, o.id, o.agency, o.tier, $2, $3
       FROM deadlines d JOIN orgs o ON o.id = ($4::jsonb ->> d.kind)::uuid
       WHERE d.case_id = $1 AND d.status IN ('MET','EXPIRED') AND d.completed_at IS NOT NULL AND $4::jsonb ? d.kind
         AND NOT EXISTS (SELECT 1 FROM report_deadline_facts f WHERE f.deadline_id = d.id)
       ORDER BY d.id
       ON CONFLICT (deadline_id) DO NOTHING
       RETURNING deadline_id AS "deadlineId", kind, status, resolved_on AS "resolvedOn", org_id AS "orgId", agency, tier,
                 region_code AS "regionCode", dispute_type AS "disputeType"`,
      [caseId, where.regionCode, where.disputeType, JSON.stringify(responsible)],
    );
  }

  /**
   * Adds the deltas to the daily and monthly rows (one statement per table, rows in key order so
   * concurrent commands lock them in one order).
   */
  async applyDeltas(tx: Tx, aggregates: readonly AggregateDelta[], durations: readonly DurationDelta[]): Promise<void> {
    if (aggregates.length) {
      const rows = expandGrains(aggregates);
      const width = 7 + COUNTER_COLUMNS.length;
      const params: unknown[] = [];
      const tuples = rows.map(({ grain, period, d }) => {
        const base = params.length;
        params.push(grain, period, d.dims.regionCode, d.dims.orgId, d.dims.disputeType, d.dims.agency, d.dims.tier);
        for (const name of REPORT_COUNTERS) params.push(d.counters[name] ?? 0);
        return `(${Array.from({ length: width }, (_, i) => `$${base + i + 1}${i === 1 ? '::date' : ''}`).join(',')})`;
      });
      await tx.query(
        `INSERT INTO report_aggregates AS a (grain, period, region_code, org_id, dispute_type, agency, tier, ${COUNTER_COLUMNS.join(', ')})
         VALUES ${tuples.join(',')}
         ON CONFLICT (grain, period, region_code, org_id, dispute_type) DO UPDATE SET
           ${COUNTER_COLUMNS.map((c) => `${c} = a.${c} + EXCLUDED.${c}`).join(', ')}`,
        params,
      );
    }
    if (durations.length) {
      const rows = foldDurations(durations);
      const params: unknown[] = [];
      const tuples = rows.map((r) => {
        const base = params.length;
        params.push(r.cube, r.grain, r.period, r.regionCode, r.orgId, r.disputeType, r.agency, r.tier, r.stage, r.days, r.n);
        return `(${Array.from({ length: 11 }, (_, i) => `$${base + i + 1}${i === 2 ? '::date' : ''}`).join(',')})`;
      });
      await tx.query(
        `INSERT INTO report_durations AS h (cube, grain, period, region_code, org_id, dispute_type, agency, tier, stage, days, n)
         VALUES ${tuples.join(',')}
         ON CONFLICT (cube, grain, period, region_code, org_id, dispute_type, stage, days) DO UPDATE SET n = h.n + EXCLUDED.n`,
        params,
      );
    }
  }

  // ---- reading ----

  /** Counters summed per group over the scope (one row with key null when not grouped). */
  async aggregateRows(tx: Tx, scope: AggregateScope, group: GroupExpression | null): Promise<AggregateRow[]> {
    const { where, params } = scopeWhere(scope);
    const key = groupSql(group);
    const sums = REPORT_COUNTERS.map((n) => `sum(${counterColumn(n)})::bigint AS "${n}"`).join(', ');
    const rows = await tx.query<AggregateRow>(
      `SELECT ${key} AS key, ${sums} FROM report_aggregates WHERE ${where} GROUP BY 1 ORDER BY 1`,
      params,
    );
    for (const r of rows) for (const n of REPORT_COUNTERS) r[n] = safeCount(r[n], FEN_COUNTERS.has(n) ? 'fen' : 'count');
    return rows;
  }

  /** Day histograms per group from one cube (the caller picks the smallest cube that can answer). */
  async durationRows(tx: Tx, scope: AggregateScope, group: GroupExpression | null, cube: DurationCube): Promise<DurationRow[]> {
    const { where, params } = scopeWhere(scope);
    params.push(cube);
    const rows = await tx.query<DurationRow>(
      `SELECT ${groupSql(group)} AS key, stage, days, sum(n)::bigint AS n FROM report_durations WHERE cube = $${params.length} AND ${where}
       GROUP BY 1, 2, 3 HAVING sum(n) <> 0 ORDER BY 1, 2, 3`,
      params,
    );
    for (const r of rows) r.n = safeCount(r.n, 'count');
    return rows;
  }

  /**
   * Day histograms by dispute type for a region deeper than a county, where no cube keeps both: from
   * the case facts themselves (a township's or village's cases are few).
   */
  async durationRowsFromFacts(tx: Tx, regionPrefix: string, from: string, to: string): Promise<DurationRow[]> {
    const rows = await tx.query<DurationRow>(
      `SELECT dispute_type AS key, 'CLOSE' AS stage, days_to_close AS days, count(*)::bigint AS n FROM report_case_facts
       WHERE region_code LIKE $1 AND closed_on BETWEEN $2::date AND $3::date AND days_to_close IS NOT NULL GROUP BY 1, 3
       UNION ALL
       SELECT dispute_type, 'MEDIATION', days_to_conclude, count(*)::bigint FROM report_case_facts
       WHERE region_code LIKE $1 AND mediation_concluded_on BETWEEN $2::date AND $3::date AND days_to_conclude IS NOT NULL GROUP BY 1, 3`,
      [escapeLike(regionPrefix) + '%', from, to],
    );
    for (const r of rows) r.n = safeCount(r.n, 'count');
    return rows;
  }

  /** Deadlines met and expired per organisation that answered for them. */
  async complianceByOrg(tx: Tx, scope: AggregateScope): Promise<ComplianceRow[]> {
    const { where, params } = scopeWhere(scope, 'a.');
    const rows = await tx.query<ComplianceRow>(
      `SELECT a.org_id AS "orgId", o.name AS "orgName", o.agency, sum(a.deadlines_met)::bigint AS met, sum(a.deadlines_expired)::bigint AS expired
       FROM report_aggregates a JOIN orgs o ON o.id = a.org_id WHERE ${where}
       GROUP BY a.org_id, o.name, o.agency HAVING sum(a.deadlines_met) + sum(a.deadlines_expired) > 0 ORDER BY o.agency, o.name`,
      params,
    );
    for (const r of rows) {
      r.met = safeCount(r.met, 'count');
      r.expired = safeCount(r.expired, 'count');
    }
    return rows;
  }

  async orgNames(tx: Tx, ids: string[]): Promise<Map<string, string>> {
    if (!ids.length) return new Map();
    const rows = await tx.query<{ id: string; name: string }>(`SELECT id, name FROM orgs WHERE id = ANY($1::uuid[])`, [ids]);
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  /** Rebuilds every read model from the base tables (the same functions the migration ran). */
  async rebuildAll(tx: Tx): Promise<void> {
    await tx.query(`SELECT report_backfill()`);
  }

  /** Rebuilds the aggregates from the facts and ledgers as they stand. */
  async rebuildAggregates(tx: Tx): Promise<void> {
    await tx.query(`SELECT report_rebuild_aggregates()`);
  }
}

const periodOf = (grain: 'D' | 'M' | 'Y', day: string) => (grain === 'D' ? day : grain === 'M' ? `${day.slice(0, 7)}-01` : `${day.slice(0, 4)}-01-01`);
const byKey = (a: { key: string }, b: { key: string }) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/**
 * Each delta once per grain (day, month, year), deltas that land on one row summed into it (one row
 * per key in a statement), sorted by grain then key so that concurrent commands lock in one order.
 */
function expandGrains(deltas: readonly AggregateDelta[]): { grain: 'D' | 'M' | 'Y'; period: string; d: AggregateDelta }[] {
  const out: { grain: 'D' | 'M' | 'Y'; period: string; d: AggregateDelta; key: string }[] = [];
  for (const grain of ['D', 'M', 'Y'] as const) {
    const rows = new Map<string, { grain: 'D' | 'M' | 'Y'; period: string; d: AggregateDelta; key: string }>();
    for (const d of deltas) {
      const period = periodOf(grain, d.day);
      const key = [period, d.dims.regionCode, d.dims.orgId, d.dims.disputeType].join('|');
      const seen = rows.get(key);
      if (!seen) {
        rows.set(key, { grain, period, key, d: { ...d, counters: { ...d.counters } } });
        continue;
      }
      for (const [k, v] of Object.entries(d.counters) as [keyof AggregateDelta['counters'], number][]) {
        seen.d.counters[k] = (seen.d.counters[k] ?? 0) + v;
      }
    }
    out.push(...[...rows.values()].sort(byKey));
  }
  return out;
}

interface DurationRowDelta {
  key: string;
  cube: DurationCube;
  grain: 'D' | 'M' | 'Y';
  period: string;
  regionCode: string;
  orgId: string;
  disputeType: string;
  agency: string;
  tier: string;
  stage: string;
  days: number;
  n: number;
}

/** Each histogram delta into its three cubes and three grains, summed per row, in key order. */
function foldDurations(deltas: readonly DurationDelta[]): DurationRowDelta[] {
  const rows = new Map<string, DurationRowDelta>();
  for (const cube of ['COUNTY', 'COUNTY_TYPE', 'ORG'] as const) {
    for (const grain of ['D', 'M', 'Y'] as const) {
      for (const d of deltas) {
        const org = cube === 'ORG';
        const row = {
          cube,
          grain,
          period: periodOf(grain, d.day),
          regionCode: org ? d.dims.regionCode : d.dims.regionCode.slice(0, 6),
          orgId: org ? d.dims.orgId : NIL_UUID,
          disputeType: cube === 'COUNTY_TYPE' ? d.dims.disputeType : '',
          agency: org ? d.dims.agency : '',
          tier: org ? d.dims.tier : '',
          stage: d.stage,
          days: d.days,
        };
        const key = [row.cube, row.grain, row.period, row.regionCode, row.orgId, row.disputeType, row.stage, String(row.days).padStart(6, '0')].join('|');
        const seen = rows.get(key);
        if (seen) seen.n += d.n;
        else rows.set(key, { ...row, key, n: d.n });
      }
    }
  }
  return [...rows.values()].filter((r) => r.n !== 0).sort(byKey);
}

function scopeWhere(scope: AggregateScope, alias = ''): { where: string; params: unknown[] } {
  const params: unknown[] = [escapeLike(scope.regionPrefix) + '%'];
  const ranges = scope.ranges.map((r) => {
    params.push(r.grain, r.from, r.to);
    const n = params.length;
    return `(${alias}grain = $${n - 2} AND ${alias}period BETWEEN $${n - 1}::date AND $${n}::date)`;
  });
  return { where: `${alias}region_code LIKE $1 AND (${ranges.join(' OR ') || 'false'})`, params };
}

function groupSql(group: GroupExpression | null): string {
  if (group === null) return 'NULL::text';
  if (typeof group === 'object') {
    const n = group.regionLength;
    if (![4, 6, 9, 12].includes(n)) throw new RangeError('region grouping is by 4, 6, 9 or 12 digits');
    return n === 4 ? `substr(region_code, 1, 4) || '00'` : `substr(region_code, 1, ${n})`;
  }
  switch (group) {
    case 'month':
      return `to_char(period, 'YYYY-MM')`;
    case 'agency':
      return 'agency';
    case 'tier':
      return 'tier';
    case 'disputeType':
      return 'dispute_type';
    case 'org':
      return 'org_id::text';
  }
}

/** bigint sums arrive as numbers (data-source type parser); refuse any that would not be exact. */
function safeCount(v: unknown, what: 'fen' | 'count'): number {
  const n = typeof v === 'number' ? v : Number(v ?? 0);
  if (!Number.isSafeInteger(n)) throw new RangeError(`a ${what} total left the safe-integer range`);
  return n;
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (m) => `\\${m}`);
}

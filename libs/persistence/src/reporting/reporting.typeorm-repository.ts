import { Injectable } from '@nestjs/common';
import { REPORT_COUNTERS, type AggregateDelta, type CaseFacts, type Counters, type DurationDelta, type ReportCounter } from '@tiaojie/domain';
import type { Tx } from '../transaction';
import { outreachGroupSql, type OutreachGroup } from './outreach.typeorm-repository';

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

/** The histogram cubes of `report_duration_buckets` (migrations 1764800000000, 1765100000100). */
export type DurationCube = 'COUNTY' | 'COUNTY_TYPE' | 'ORG';
const NIL_UUID = '00000000-0000-0000-0000-000000000000';
/** Days per histogram row (migration 1765100000100): counter dNN holds the values `bucket * 32 + NN`. */
export const DURATION_BUCKET_DAYS = 32;
const SLOT_COLUMNS = Array.from({ length: DURATION_BUCKET_DAYS }, (_, i) => `d${String(i).padStart(2, '0')}`);

/** The SQL expression a summary groups by (never user text: chosen from a fixed list by the caller). */
export type GroupExpression = 'month' | 'agency' | 'tier' | 'disputeType' | 'org' | { regionLength: number };

export type AggregateRow = Counters & { key: string | null };
/** One merged day histogram of a group and stage: `days` ascending, `n[i]` values of `days[i]`. */
export interface DurationHistogramRow {
  key: string | null;
  stage: 'CLOSE' | 'MEDIATION';
  days: number[];
  n: number[];
}
export interface OutreachSumsRow {
  key: string | null;
  activities: number;
  peopleReached: number;
  consultations: number;
}
/** What a summary reads (see `summary`). */
export interface SummaryQuery {
  scope: AggregateScope;
  group: GroupExpression | null;
  /** The histogram cube that answers the grouping, or the case facts (dispute types below a county). */
  durations: DurationCube | 'FACTS';
  /** Outreach per group (null: not grouped, or activities are not typed by the grouping). */
  outreachGroup: OutreachGroup | null;
  from: string;
  to: string;
}
export interface SummaryRows {
  aggregates: AggregateRow[];
  durations: DurationHistogramRow[];
  compliance: ComplianceRow[];
  outreach: OutreachSumsRow[];
  outreachTotals: OutreachSumsRow | undefined;
  orgNames: Map<string, string>;
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

  /** The facts of the cases these deadlines belong to, by case id (FireDeadline reads them beside the locks it takes). */
  async findCaseFactsOfDeadlines(tx: Tx, deadlineIds: readonly string[]): Promise<Map<string, CaseFacts>> {
    const rows = await tx.query<CaseFacts>(
      `SELECT ${FACT_SELECT} FROM report_case_facts WHERE case_id IN (SELECT case_id FROM deadlines WHERE id = ANY($1::uuid[]))`,
      [deadlineIds],
    );
    return new Map(rows.map((r) => [r.caseId, r]));
  }

  async upsertCaseFacts(tx: Tx, f: CaseFacts, at: Date): Promise<void> {
    const cols = FACT_COLUMNS.map(([, c]) => c);
    const values = FACT_COLUMNS.map(([k]) => f[k]);
    await tx.write(
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
    await tx.write(
      `INSERT INTO case_payments (case_id, event_seq, paid_at, paid_on, amount_fen, method, evidence_ref, verified_by, recorded_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)`,
      [p.caseId, p.eventSeq, p.paidAt, p.paidOn, p.amountFen, p.method, p.evidenceRef, p.verifiedBy, p.recordedAt],
    );
  }

  async insertAgreement(tx: Tx, a: AgreementRow): Promise<void> {
    await tx.write(
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
      await tx.write(
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
        params.push(r.cube, r.grain, r.period, r.regionCode, r.orgId, r.disputeType, r.agency, r.tier, r.stage, r.bucket);
        // The 32 counters are integers this code computed (checked): literals, not parameters.
        const slots = r.slots.map((n) => String(checkedInt(n)));
        return `(${Array.from({ length: 10 }, (_, i) => `$${base + i + 1}${i === 2 ? '::date' : i === 9 ? '::int' : ''}`).join(',')},${slots.join(',')})`;
      });
      await tx.write(
        `INSERT INTO report_duration_buckets AS h (cube, grain, period, region_code, org_id, dispute_type, agency, tier, stage, bucket, ${SLOT_COLUMNS.join(', ')})
         VALUES ${tuples.join(',')}
         ON CONFLICT (cube, grain, period, region_code, org_id, dispute_type, stage, bucket) DO UPDATE SET
           ${SLOT_COLUMNS.map((c) => `${c} = h.${c} + EXCLUDED.${c}`).join(', ')}`,
        params,
      );
    }
  }

  // ---- reading ----

  /**
   * Everything a summary needs in ONE statement (one round trip, one snapshot — no transaction):
   * counters per group and deadline counters per organisation from one pass over the aggregates,
   * the day histograms per group and stage (from the bucket cube the caller picks, or from the case
   * facts), outreach sums per group and in total, and the names of the organisations it names.
   */
  async summary(tx: Tx, q: SummaryQuery): Promise<SummaryRows> {
    const { where, params } = scopeWhere(q.scope);
    const key = groupSql(q.group);
    const arg = (v: unknown) => `$${params.push(v)}`;
    const like = '$1';
    const sumsBy = (prefix: string) => REPORT_COUNTERS.map((n) => `sum(${prefix}${counterColumn(n)})::bigint AS ${counterColumn(n)}`).join(', ');
    const histograms =
      q.durations === 'FACTS'
        ? `h AS (
             SELECT dispute_type AS key, 'CLOSE' AS stage, days_to_close AS days, count(*)::bigint AS n FROM report_case_facts
             WHERE region_code LIKE ${like} AND closed_on BETWEEN ${arg(q.from)}::date AND ${arg(q.to)}::date AND days_to_close IS NOT NULL GROUP BY 1, 3
             UNION ALL
             SELECT dispute_type, 'MEDIATION', days_to_conclude, count(*)::bigint FROM report_case_facts
             WHERE region_code LIKE ${like} AND mediation_concluded_on BETWEEN $${params.length - 1}::date AND $${params.length}::date
               AND days_to_conclude IS NOT NULL GROUP BY 1, 3
           )`
        : `hb AS (
             SELECT ${key} AS key, stage, bucket, ${SLOT_COLUMNS.map((c) => `sum(${c})::bigint AS ${c}`).join(', ')}
             FROM report_duration_buckets WHERE cube = ${arg(q.durations)} AND ${where} GROUP BY 1, 2, 3
           ), h AS (
             SELECT hb.key, hb.stage, hb.bucket * ${DURATION_BUCKET_DAYS} + s.i - 1 AS days, s.n
             FROM hb CROSS JOIN LATERAL unnest(ARRAY[${SLOT_COLUMNS.map((c) => `hb.${c}`).join(', ')}]) WITH ORDINALITY AS s(n, i) WHERE s.n <> 0
           )`;
    const outreachFrom = `FROM outreach_activities a JOIN orgs o ON o.id = a.org_id
       WHERE a.region_code LIKE ${like} AND a.held_on BETWEEN ${arg(q.from)}::date AND ${arg(q.to)}::date`;
    const outreachSums = `count(*)::bigint AS activities, sum(a.people_reached)::bigint AS "peopleReached", sum(a.consultations)::bigint AS consultations`;
    const rows = await tx.query<{ aggregates: unknown; durations: unknown; compliance: unknown; outreach: unknown; outreachTotals: unknown; names: unknown }>(
      `WITH k AS (
         SELECT ${key} AS key, org_id, ${sumsBy('')} FROM report_aggregates WHERE ${where} GROUP BY 1, 2
       ), agg AS (
         SELECT key, ${sumsBy('k.')} FROM k GROUP BY key
       ), comp AS (
         SELECT k.org_id, sum(k.deadlines_met)::bigint AS met, sum(k.deadlines_expired)::bigint AS expired FROM k GROUP BY k.org_id
         HAVING sum(k.deadlines_met) + sum(k.deadlines_expired) > 0
       ), ${histograms},
       hist AS (
         SELECT key, stage, array_agg(days ORDER BY days) AS days, array_agg(n ORDER BY days) AS n FROM h GROUP BY key, stage
       ), og AS (
         ${q.outreachGroup ? `SELECT ${outreachGroupSql(q.outreachGroup)} AS key, ${outreachSums} ${outreachFrom} GROUP BY 1` : `SELECT NULL::text AS key, 0::bigint AS activities, 0::bigint AS "peopleReached", 0::bigint AS consultations WHERE false`}
       )
       SELECT (SELECT json_agg(agg ORDER BY agg.key) FROM agg) AS aggregates,
              (SELECT json_agg(hist) FROM hist) AS durations,
              (SELECT json_agg(c ORDER BY c.agency, c."orgName") FROM (
                 SELECT comp.org_id AS "orgId", o.name AS "orgName", o.agency, comp.met, comp.expired FROM comp JOIN orgs o ON o.id = comp.org_id) c) AS compliance,
              (SELECT json_agg(og) FROM og) AS outreach,
              (SELECT json_agg(t) FROM (SELECT ${outreachSums} ${outreachFrom}) t) AS "outreachTotals",
              ${
                q.group === 'org'
                  ? `(SELECT json_object_agg(o.id, o.name) FROM orgs o WHERE o.id::text IN (SELECT key FROM agg UNION SELECT key FROM hist UNION SELECT key FROM og))`
                  : 'NULL::json'
              } AS names`,
      params,
    );
    const r = rows[0];
    const aggregates = ((r.aggregates ?? []) as Record<string, unknown>[]).map((row) => {
      const out = { key: row.key as string | null } as AggregateRow;
      for (const n of REPORT_COUNTERS) out[n] = safeCount(row[counterColumn(n)], FEN_COUNTERS.has(n) ? 'fen' : 'count');
      return out;
    });
    const durations = ((r.durations ?? []) as { key: string | null; stage: 'CLOSE' | 'MEDIATION'; days: number[]; n: number[] }[]).map((h) => ({
      key: h.key,
      stage: h.stage,
      days: h.days,
      n: h.n.map((v) => safeCount(v, 'count')),
    }));
    const compliance = ((r.compliance ?? []) as ComplianceRow[]).map((c) => ({ ...c, met: safeCount(c.met, 'count'), expired: safeCount(c.expired, 'count') }));
    const outreachRow = (o: Record<string, unknown>) => ({
      key: (o.key ?? null) as string | null,
      activities: safeCount(o.activities, 'count'),
      peopleReached: safeCount(o.peopleReached, 'count'),
      consultations: safeCount(o.consultations, 'count'),
    });
    const outreach = ((r.outreach ?? []) as Record<string, unknown>[]).map(outreachRow);
    const [totals] = ((r.outreachTotals ?? []) as Record<string, unknown>[]).map(outreachRow);
    return { aggregates, durations, compliance, outreach, outreachTotals: totals, orgNames: new Map(Object.entries((r.names ?? {}) as Record<string, string>)) };
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
  bucket: number;
  slots: number[];
}

/**
 * Each histogram delta into its three cubes and three grains and its 32-day bucket, summed per row
 * (one row per key in a statement), rows that net to nothing dropped, in key order.
 */
function foldDurations(deltas: readonly DurationDelta[]): DurationRowDelta[] {
  const rows = new Map<string, DurationRowDelta>();
  for (const cube of ['COUNTY', 'COUNTY_TYPE', 'ORG'] as const) {
    for (const grain of ['D', 'M', 'Y'] as const) {
      for (const d of deltas) {
        if (!Number.isInteger(d.days) || d.days < 0) throw new RangeError('a duration is a whole number of days, at least 0');
        const org = cube === 'ORG';
        const bucket = Math.floor(d.days / DURATION_BUCKET_DAYS);
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
          bucket,
        };
        const key = [row.cube, row.grain, row.period, row.regionCode, row.orgId, row.disputeType, row.stage, String(bucket).padStart(6, '0')].join('|');
        let seen = rows.get(key);
        if (!seen) rows.set(key, (seen = { ...row, key, slots: new Array<number>(DURATION_BUCKET_DAYS).fill(0) }));
        seen.slots[d.days % DURATION_BUCKET_DAYS] += d.n;
      }
    }
  }
  return [...rows.values()].filter((r) => r.slots.some((n) => n !== 0)).sort(byKey);
}

function checkedInt(n: number): number {
  if (!Number.isSafeInteger(n)) throw new RangeError('a histogram count must be an integer');
  return n;
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

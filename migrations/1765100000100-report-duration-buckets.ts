import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 8 (summary p99 ≤ 200 ms at 1M cases): the day histograms of `report_durations` took one row
 * per (cube, grain, period, key, stage, days) — a month of one organisation's closings is ~200 rows,
 * and a summary by organisation, tier or month read 50k–170k of them. `report_duration_buckets`
 * keeps the same exact histograms 32 days to a row: (…, stage, bucket) with counters d00…d31, where
 * dNN counts the values `bucket * 32 + NN`. A summary sums ~10× fewer rows with plain sum() columns;
 * nothing is approximated (each day keeps its own counter).
 *
 * The rows are moved over, `report_durations` is dropped, and `report_rebuild_aggregates()` (used by
 * `report_backfill()`) now rebuilds the buckets; the counters of `report_aggregates` are unchanged.
 */
export const DURATION_BUCKET_DAYS = 32;
const SLOTS = Array.from({ length: DURATION_BUCKET_DAYS }, (_, i) => `d${String(i).padStart(2, '0')}`);

/** The counters of `report_aggregates` (migration 1764800000000, unchanged). */
const COUNTERS: [column: string, type: 'integer' | 'bigint'][] = [
  ['cases_accepted', 'integer'],
  ['workers', 'integer'],
  ['claimed_fen', 'bigint'],
  ['entrusted', 'integer'],
  ['migrant', 'integer'],
  ['platform', 'integer'],
  ['collective', 'integer'],
  ['from_outreach', 'integer'],
  ['cases_closed', 'integer'],
  ['route_mediation', 'integer'],
  ['route_arbitration', 'integer'],
  ['route_litigation', 'integer'],
  ['route_other', 'integer'],
  ['mediations_concluded', 'integer'],
  ['mediation_successes', 'integer'],
  ['agreements', 'integer'],
  ['agreed_fen', 'bigint'],
  ['confirmation_requested', 'integer'],
  ['confirmed', 'integer'],
  ['payments', 'integer'],
  ['paid_fen', 'bigint'],
  ['deadlines_met', 'integer'],
  ['deadlines_expired', 'integer'],
];
const DIMS = 'region_code, org_id, dispute_type, agency, tier';
const X_DIMS = DIMS.split(', ').map((d) => `x.${d}`).join(', ');

function contribution(day: string, from: string, values: Record<string, string>): string {
  const cols = COUNTERS.map(([c, t]) => `${values[c] ?? '0'}::${t} AS ${c}`).join(', ');
  return `SELECT ${day} AS day, ${X_DIMS}, ${cols} ${from}`;
}

const routeCounters = {
  route_mediation: `(x.route = 'MEDIATION')::int`,
  route_arbitration: `(x.route = 'ARBITRATION')::int`,
  route_litigation: `(x.route = 'LITIGATION')::int`,
  route_other: `(x.route = 'OTHER')::int`,
};

const CONTRIBUTIONS = [
  contribution('x.accepted_on', `FROM report_case_facts x WHERE x.accepted_on IS NOT NULL`, {
    cases_accepted: '1', workers: 'x.workers', claimed_fen: 'x.claimed_fen', entrusted: 'x.entrusted::int', migrant: 'x.migrant::int',
    platform: 'x.platform::int', collective: 'x.collective::int', from_outreach: 'x.from_outreach::int',
  }),
  contribution('x.closed_on', `FROM report_case_facts x WHERE x.closed_on IS NOT NULL AND x.days_to_close IS NOT NULL`, { cases_closed: '1', ...routeCounters }),
  contribution('x.mediation_concluded_on', `FROM report_case_facts x WHERE x.mediation_concluded_on IS NOT NULL AND x.days_to_conclude IS NOT NULL`, {
    mediations_concluded: '1', mediation_successes: 'coalesce(x.mediation_succeeded, false)::int',
  }),
  contribution('x.agreement_signed_on', `FROM report_case_facts x WHERE x.agreement_signed_on IS NOT NULL`, {
    agreements: '1', agreed_fen: 'x.agreed_fen', confirmation_requested: 'x.confirmation_requested::int', confirmed: 'x.confirmed::int',
  }),
  contribution('p.paid_on', `FROM case_payments p JOIN report_case_facts x ON x.case_id = p.case_id`, { payments: '1', paid_fen: 'p.amount_fen' }),
  contribution('x.resolved_on', `FROM report_deadline_facts x`, { deadlines_met: `(x.status = 'MET')::int`, deadlines_expired: `(x.status = 'EXPIRED')::int` }),
].join('\n  UNION ALL\n  ');

const DURATIONS = `
  SELECT x.closed_on AS day, ${X_DIMS}, 'CLOSE' AS stage, x.days_to_close AS days
  FROM report_case_facts x WHERE x.closed_on IS NOT NULL AND x.days_to_close IS NOT NULL
  UNION ALL
  SELECT x.mediation_concluded_on, ${X_DIMS}, 'MEDIATION', x.days_to_conclude
  FROM report_case_facts x WHERE x.mediation_concluded_on IS NOT NULL AND x.days_to_conclude IS NOT NULL
`;

const NIL = `'00000000-0000-0000-0000-000000000000'::uuid`;
const AGG_KEY = 'region_code, org_id, dispute_type';
const BUCKET_KEY = 'cube, region_code, org_id, dispute_type, agency, tier, stage, bucket';
/** One day value's counter out of `days`, as the column list of an aggregate over single values. */
const slotCounts = (days: string, agg: (cond: string) => string) =>
  SLOTS.map((s, i) => `${agg(`${days} % ${DURATION_BUCKET_DAYS} = ${i}`)}::int AS ${s}`).join(', ');
const slotSums = SLOTS.map((s) => `sum(${s})::int`).join(', ');
const NONZERO = `(${SLOTS.join(', ')}) IS DISTINCT FROM (${SLOTS.map(() => '0').join(', ')})`;

/** Daily rows from the facts; monthly rows from the daily ones; yearly rows from the monthly ones (as 1764800000000). */
const REBUILD_AGGREGATES = `
  DELETE FROM report_aggregates;
  DELETE FROM report_duration_buckets;
  INSERT INTO report_aggregates (grain, period, ${DIMS}, ${COUNTERS.map(([c]) => c).join(', ')})
  SELECT 'D', c.day, c.region_code, c.org_id, c.dispute_type, min(c.agency), min(c.tier),
         ${COUNTERS.map(([c, t]) => `sum(c.${c})::${t}`).join(', ')}
  FROM (${CONTRIBUTIONS}) c
  GROUP BY c.day, c.region_code, c.org_id, c.dispute_type
  ORDER BY c.day, c.region_code, c.org_id, c.dispute_type;
  ${['M', 'Y']
    .map(
      (g, i) => `
  INSERT INTO report_aggregates (grain, period, ${DIMS}, ${COUNTERS.map(([c]) => c).join(', ')})
  SELECT '${g}', date_trunc('${g === 'M' ? 'month' : 'year'}', period)::date, ${AGG_KEY}, min(agency), min(tier),
         ${COUNTERS.map(([c, t]) => `sum(${c})::${t}`).join(', ')}
  FROM report_aggregates WHERE grain = '${i === 0 ? 'D' : 'M'}'
  GROUP BY 2, ${AGG_KEY} ORDER BY 2, ${AGG_KEY};`,
    )
    .join('')}
  INSERT INTO report_duration_buckets (grain, period, ${BUCKET_KEY}, ${SLOTS.join(', ')})
  SELECT 'D', d.day, k.cube,
         CASE k.cube WHEN 'ORG' THEN d.region_code ELSE substr(d.region_code, 1, 6) END,
         CASE k.cube WHEN 'ORG' THEN d.org_id ELSE ${NIL} END,
         CASE k.cube WHEN 'COUNTY_TYPE' THEN d.dispute_type ELSE '' END,
         CASE k.cube WHEN 'ORG' THEN d.agency ELSE '' END,
         CASE k.cube WHEN 'ORG' THEN d.tier ELSE '' END,
         d.stage, d.days / ${DURATION_BUCKET_DAYS}, ${slotCounts('d.days', (cond) => `count(*) FILTER (WHERE ${cond})`)}
  FROM (${DURATIONS}) d CROSS JOIN (VALUES ('COUNTY'), ('COUNTY_TYPE'), ('ORG')) k(cube)
  GROUP BY 2, 3, 4, 5, 6, 7, 8, 9, 10 ORDER BY 3, 2, 4, 5, 6, 9, 10;
  ${['M', 'Y']
    .map(
      (g, i) => `
  INSERT INTO report_duration_buckets (grain, period, ${BUCKET_KEY}, ${SLOTS.join(', ')})
  SELECT '${g}', date_trunc('${g === 'M' ? 'month' : 'year'}', period)::date, ${BUCKET_KEY}, ${slotSums}
  FROM report_duration_buckets WHERE grain = '${i === 0 ? 'D' : 'M'}'
  GROUP BY 2, ${BUCKET_KEY} ORDER BY cube, 2, region_code, org_id, dispute_type, stage, bucket;`,
    )
    .join('')}
`;

async function partitionByGrain(q: QueryRunner, table: string): Promise<void> {
  for (const [grain, suffix] of [['D', 'daily'], ['M', 'monthly'], ['Y', 'yearly']]) {
    await q.query(`CREATE TABLE ${table}_${suffix} PARTITION OF ${table} FOR VALUES IN ('${grain}')`);
  }
}

export class ReportDurationBuckets1765100000100 implements MigrationInterface {
  name = 'ReportDurationBuckets1765100000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE report_duration_buckets (
        cube text NOT NULL CHECK (cube IN ('COUNTY','COUNTY_TYPE','ORG')),
        grain char(1) NOT NULL CHECK (grain IN ('D','M','Y')),
        period date NOT NULL,
        region_code text NOT NULL,
        org_id uuid NOT NULL,
        dispute_type text NOT NULL,
        agency text NOT NULL,
        tier text NOT NULL,
        stage text NOT NULL CHECK (stage IN ('CLOSE','MEDIATION')),
        bucket integer NOT NULL CHECK (bucket >= 0),
        ${SLOTS.map((s) => `${s} integer NOT NULL DEFAULT 0`).join(',\n        ')},
        PRIMARY KEY (cube, grain, period, region_code, org_id, dispute_type, stage, bucket)
      ) PARTITION BY LIST (cube)`);
    for (const cube of ['COUNTY', 'COUNTY_TYPE', 'ORG']) {
      const table = `report_duration_buckets_${cube.toLowerCase()}`;
      await q.query(`CREATE TABLE ${table} PARTITION OF report_duration_buckets FOR VALUES IN ('${cube}') PARTITION BY LIST (grain)`);
      await partitionByGrain(q, table);
    }
    await q.query(`
      INSERT INTO report_duration_buckets (grain, period, ${BUCKET_KEY}, ${SLOTS.join(', ')})
      SELECT grain, period, cube, region_code, org_id, dispute_type, min(agency), min(tier), stage, days / ${DURATION_BUCKET_DAYS},
             ${slotCounts('days', (cond) => `coalesce(sum(n) FILTER (WHERE ${cond}), 0)`)}
      FROM report_durations WHERE n <> 0
      GROUP BY grain, period, cube, region_code, org_id, dispute_type, stage, days / ${DURATION_BUCKET_DAYS}`);
    await q.query(`DELETE FROM report_duration_buckets WHERE NOT ${NONZERO}`);
    await q.query(`CREATE OR REPLACE FUNCTION report_rebuild_aggregates() RETURNS void LANGUAGE sql AS $$ ${REBUILD_AGGREGATES} $$`);
    await q.query(`DROP TABLE report_durations`);
    await q.query(`ANALYZE report_duration_buckets`);
  }

  async down(): Promise<void> {
    throw new Error('ReportDurationBuckets1765100000100 cannot be reverted; restore from a backup');
  }
}

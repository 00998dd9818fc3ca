import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reporting (DOMAIN §6, DESIGN §8): read models kept by the command transaction, so that managers'
 * figures never scan the event log at query time.
 *
 * - `case_payments`: the payment ledger (one row per RECORD_PAYMENT: date paid in Asia/Shanghai,
 *   amount, method, evidence reference, the user who verified it). `cases.paid_fen` stays the total.
 * - `case_agreements`: agreements as signed (REACH_AGREEMENT: signing day, sum agreed, items).
 * - `report_case_facts`: one row per case — where it is counted (region, organisation, body, tier,
 *   first dispute type and its yearbook category), its flags, and the days that matter (accepted,
 *   mediation concluded, agreement signed, closed) with its route and days to close.
 * - `report_deadline_facts`: each organisation duty deadline once met or expired, under the
 *   organisation that answered for it then (frozen: an escalated case does not move a village's
 *   missed service level to the township).
 * - `report_aggregates`: counters keyed by (grain D|M|Y, day/month/year, region, organisation,
 *   dispute type) — a summary reads whole years from the yearly rows, whole months from the monthly
 *   rows and the edge days from the daily rows.
 * - `report_durations`: integer-day histograms (days to close, days of mediation) in three cubes of
 *   the same grains, so medians and p90 are exact and a summary reads few rows.
 *
 * SQL functions rebuild the read models from the base tables (`report_backfill()`: ledgers and
 * deadline facts for rows missing them, every case's facts, then the aggregates) — run here for the
 * cases already on file, and available to repair a database by hand. Money is integer fen (bigint).
 */
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

/** Duty deadlines and the context field naming the organisation that answers for each (else the handling centre). */
const COMPLIANCE_KINDS: Record<string, string | null> = {
  ACCEPTANCE_SLA: null,
  TIER_SLA: null,
  COURT_ACCEPT_CONFIRMATION: `{judicialConfirmation,courtOrgId}`,
  COURT_RULE_CONFIRMATION: `{judicialConfirmation,courtOrgId}`,
  ARBITRATION_ACCEPTANCE: `{arbitration,commissionOrgId}`,
  ARBITRATION_AWARD: `{arbitration,commissionOrgId}`,
  SUPPORT_PROSECUTION_SLA: `{supportProsecution,orgId}`,
  LEGAL_AID_REVIEW: `{legalAid,orgId}`,
};

/** The statistics yearbook's categories (libs/domain YEARBOOK_CATEGORY as of this migration). */
const YEARBOOK: Record<string, string> = {
  CONTRACT_DISPUTE: 'CONTRACT_CHANGE',
  DISMISSAL_OR_RESIGNATION: 'TERMINATION',
  SOCIAL_INSURANCE: 'SOCIAL_INSURANCE',
  WAGE_ARREARS: 'WAGES',
  OVERTIME: 'WAGES',
  DOUBLE_PAY_NO_CONTRACT: 'WAGES',
  ECONOMIC_COMPENSATION: 'TERMINATION',
  UNLAWFUL_TERMINATION_DAMAGES: 'TERMINATION',
};

const DIMS = 'region_code, org_id, dispute_type, agency, tier';

/** One SELECT of contributions: `values` names some counters; the others are 0. */
function contribution(day: string, from: string, values: Record<string, string>): string {
  const cols = COUNTERS.map(([c, t]) => `${values[c] ?? '0'}::${t} AS ${c}`).join(', ');
  return `SELECT ${day} AS day, ${DIMS.split(', ').map((d) => `x.${d}`).join(', ')}, ${cols} ${from}`;
}

/**
 * One partition per grain (and, for the histograms, per cube): a summary reads the small yearly and
 * monthly partitions of the one cube it needs, and only a few days of the large daily one.
 */
async function partitionByGrain(q: QueryRunner, table: string): Promise<void> {
  for (const [grain, suffix] of [['D', 'daily'], ['M', 'monthly'], ['Y', 'yearly']]) {
    await q.query(`CREATE TABLE ${table}_${suffix} PARTITION OF ${table} FOR VALUES IN ('${grain}')`);
  }
}

export class Reporting1764800000000 implements MigrationInterface {
  name = 'Reporting1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION tiaojie_shanghai_date(t timestamptz) RETURNS date LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT ((t AT TIME ZONE 'UTC') + interval '8 hours')::date
      $$`);
    await q.query(`
      CREATE TABLE case_payments (
        case_id uuid NOT NULL REFERENCES cases(id),
        event_seq integer NOT NULL,
        paid_at timestamptz NOT NULL,
        paid_on date NOT NULL,
        amount_fen bigint NOT NULL CHECK (amount_fen > 0),
        method text NOT NULL,
        evidence_ref text,
        verified_by uuid NOT NULL,
        recorded_at timestamptz NOT NULL,
        PRIMARY KEY (case_id, event_seq)
      )`);
    await q.query(`CREATE INDEX case_payments_paid_on_idx ON case_payments (paid_on)`);
    await q.query(`
      CREATE TABLE case_agreements (
        case_id uuid NOT NULL REFERENCES cases(id),
        event_seq integer NOT NULL,
        signed_at timestamptz NOT NULL,
        signed_on date NOT NULL,
        agreed_fen bigint NOT NULL CHECK (agreed_fen >= 0),
        items jsonb NOT NULL,
        schedule jsonb NOT NULL,
        recorded_by uuid NOT NULL,
        recorded_at timestamptz NOT NULL,
        PRIMARY KEY (case_id, event_seq)
      )`);
    await q.query(`CREATE INDEX case_agreements_signed_on_idx ON case_agreements (signed_on)`);
    await q.query(`
      CREATE TABLE report_case_facts (
        case_id uuid PRIMARY KEY REFERENCES cases(id),
        region_code text NOT NULL,
        org_id uuid NOT NULL,
        agency text NOT NULL,
        tier text NOT NULL,
        dispute_type text NOT NULL,
        yearbook_category text NOT NULL,
        channel text NOT NULL,
        entrusted boolean NOT NULL,
        migrant boolean NOT NULL,
        platform boolean NOT NULL,
        collective boolean NOT NULL,
        from_outreach boolean NOT NULL,
        workers integer NOT NULL CHECK (workers >= 0),
        claimed_fen bigint NOT NULL CHECK (claimed_fen >= 0),
        accepted_on date,
        closed_on date,
        outcome text,
        route text NOT NULL CHECK (route IN ('MEDIATION','ARBITRATION','LITIGATION','OTHER')),
        returned_to_court boolean NOT NULL,
        mediation_concluded_on date,
        mediation_succeeded boolean,
        agreement_signed_on date,
        agreed_fen bigint NOT NULL CHECK (agreed_fen >= 0),
        confirmation_requested boolean NOT NULL,
        confirmed boolean NOT NULL,
        paid_fen bigint NOT NULL CHECK (paid_fen >= 0),
        days_to_close integer,
        days_to_conclude integer,
        updated_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX report_case_facts_accepted_idx ON report_case_facts (accepted_on) WHERE accepted_on IS NOT NULL`);
    await q.query(`CREATE INDEX report_case_facts_closed_idx ON report_case_facts (closed_on) WHERE closed_on IS NOT NULL`);
    await q.query(`
      CREATE TABLE report_deadline_facts (
        deadline_id uuid PRIMARY KEY,
        case_id uuid NOT NULL,
        kind text NOT NULL,
        status text NOT NULL CHECK (status IN ('MET','EXPIRED')),
        resolved_on date NOT NULL,
        due_on date NOT NULL,
        org_id uuid NOT NULL,
        agency text NOT NULL,
        tier text NOT NULL,
        region_code text NOT NULL,
        dispute_type text NOT NULL
      )`);
    await q.query(`CREATE INDEX report_deadline_facts_case_idx ON report_deadline_facts (case_id)`);
    const counterColumns = COUNTERS.map(([c, t]) => `${c} ${t} NOT NULL DEFAULT 0`).join(',\n        ');
    await q.query(`
      CREATE TABLE report_aggregates (
        grain char(1) NOT NULL CHECK (grain IN ('D','M','Y')),
        period date NOT NULL,
        region_code text NOT NULL,
        org_id uuid NOT NULL,
        dispute_type text NOT NULL,
        agency text NOT NULL,
        tier text NOT NULL,
        ${counterColumns},
        PRIMARY KEY (grain, period, region_code, org_id, dispute_type),
        CHECK (grain = 'D' OR period = date_trunc(CASE grain WHEN 'M' THEN 'month' ELSE 'year' END, period::timestamp)::date)
      ) PARTITION BY LIST (grain)`);
    await partitionByGrain(q, 'report_aggregates');
    // Histograms are kept in three cubes, so a summary reads few rows: COUNTY (region cut to its first
    // six digits) for totals, months and a city's counties; COUNTY_TYPE for dispute types; ORG (full
    // region and organisation, with body and tier) for every other grouping and deeper regions.
    await q.query(`
      CREATE TABLE report_durations (
        cube text NOT NULL CHECK (cube IN ('COUNTY','COUNTY_TYPE','ORG')),
        grain char(1) NOT NULL CHECK (grain IN ('D','M','Y')),
        period date NOT NULL,
        region_code text NOT NULL,
        org_id uuid NOT NULL,
        dispute_type text NOT NULL,
        agency text NOT NULL,
        tier text NOT NULL,
        stage text NOT NULL CHECK (stage IN ('CLOSE','MEDIATION')),
        days integer NOT NULL CHECK (days >= 0),
        n integer NOT NULL,
        PRIMARY KEY (cube, grain, period, region_code, org_id, dispute_type, stage, days)
      ) PARTITION BY LIST (cube)`);
    for (const cube of ['COUNTY', 'COUNTY_TYPE', 'ORG']) {
      const table = `report_durations_${cube.toLowerCase()}`;
      await q.query(`CREATE TABLE ${table} PARTITION OF report_durations FOR VALUES IN ('${cube}') PARTITION BY LIST (grain)`);
      await partitionByGrain(q, table);
    }

    await q.query(`CREATE FUNCTION report_backfill_ledgers() RETURNS void LANGUAGE sql AS $$ ${BACKFILL_LEDGERS} $$`);
    await q.query(`CREATE FUNCTION report_backfill_deadline_facts() RETURNS void LANGUAGE sql AS $$ ${BACKFILL_DEADLINE_FACTS} $$`);
    await q.query(`CREATE FUNCTION report_rebuild_case_facts() RETURNS void LANGUAGE sql AS $$ ${REBUILD_CASE_FACTS} $$`);
    await q.query(`CREATE FUNCTION report_rebuild_aggregates() RETURNS void LANGUAGE sql AS $$ ${REBUILD_AGGREGATES} $$`);
    await q.query(`
      CREATE FUNCTION report_backfill() RETURNS void LANGUAGE sql AS $$
        SELECT report_backfill_ledgers();
        SELECT report_rebuild_case_facts();
        SELECT report_backfill_deadline_facts();
        SELECT report_rebuild_aggregates();
      $$`);
    await q.query(`SELECT report_backfill()`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const f of ['report_backfill', 'report_rebuild_aggregates', 'report_rebuild_case_facts', 'report_backfill_deadline_facts', 'report_backfill_ledgers']) {
      await q.query(`DROP FUNCTION IF EXISTS ${f}()`);
    }
    for (const t of ['report_durations', 'report_aggregates', 'report_deadline_facts', 'report_case_facts', 'case_agreements', 'case_payments']) {
      await q.query(`DROP TABLE IF EXISTS ${t}`);
    }
    await q.query(`DROP FUNCTION IF EXISTS tiaojie_shanghai_date(timestamptz)`);
  }
}

const BACKFILL_LEDGERS = `
  INSERT INTO case_payments (case_id, event_seq, paid_at, paid_on, amount_fen, method, evidence_ref, verified_by, recorded_at)
  SELECT e.case_id, e.seq, (e.payload->>'paidAt')::timestamptz, tiaojie_shanghai_date((e.payload->>'paidAt')::timestamptz),
         (e.payload->>'amountFen')::bigint, e.payload->>'method', e.payload->>'evidenceRef', e.actor_id, e.at
  FROM case_events e WHERE e.type = 'RECORD_PAYMENT'
  ON CONFLICT (case_id, event_seq) DO NOTHING;
  INSERT INTO case_agreements (case_id, event_seq, signed_at, signed_on, agreed_fen, items, schedule, recorded_by, recorded_at)
  SELECT e.case_id, e.seq, (e.payload->>'signedAt')::timestamptz, tiaojie_shanghai_date((e.payload->>'signedAt')::timestamptz),
         (SELECT coalesce(sum((i->>'agreedFen')::bigint), 0) FROM jsonb_array_elements(e.payload->'items') i),
         e.payload->'items', e.payload->'schedule', e.actor_id, e.at
  FROM case_events e WHERE e.type = 'REACH_AGREEMENT'
  ON CONFLICT (case_id, event_seq) DO NOTHING;
`;

const responsibleOrgSql = `CASE d.kind ${Object.entries(COMPLIANCE_KINDS)
  .filter(([, path]) => path)
  .map(([kind, path]) => `WHEN '${kind}' THEN (c.snapshot->'context' #>> '${path}')::uuid`)
  .join(' ')} END`;

const BACKFILL_DEADLINE_FACTS = `
  INSERT INTO report_deadline_facts (deadline_id, case_id, kind, status, resolved_on, due_on, org_id, agency, tier, region_code, dispute_type)
  SELECT d.id, d.case_id, d.kind, d.status, tiaojie_shanghai_date(d.completed_at), d.last_day, o.id, o.agency, o.tier,
         c.region_code, coalesce(c.dispute_types[1], 'OTHER')
  FROM deadlines d
  JOIN cases c ON c.id = d.case_id
  JOIN orgs o ON o.id = coalesce(${responsibleOrgSql}, c.org_id)
  WHERE d.status IN ('MET','EXPIRED') AND d.completed_at IS NOT NULL
    AND d.kind IN (${Object.keys(COMPLIANCE_KINDS).map((k) => `'${k}'`).join(',')})
  ON CONFLICT (deadline_id) DO NOTHING;
`;

const yearbookSql = (col: string) =>
  `CASE ${col} ${Object.entries(YEARBOOK).map(([t, y]) => `WHEN '${t}' THEN '${y}'`).join(' ')} ELSE 'OTHER' END`;

const REBUILD_CASE_FACTS = `
  DELETE FROM report_case_facts;
  WITH w AS (
    SELECT case_id, count(DISTINCT coalesce(id_number_hash, id::text))::int AS workers,
           bool_or(is_migrant_worker) AS migrant, bool_or(coalesce(employment_form, '') LIKE 'PLATFORM%') AS platform_worker
    FROM case_parties WHERE kind = 'WORKER' GROUP BY case_id
  ), m AS (
    SELECT DISTINCT ON (case_id) case_id, type, at
    FROM case_events WHERE state_from LIKE 'mediation%' AND state_to NOT LIKE 'mediation%'
    ORDER BY case_id, seq
  ), r AS (
    SELECT DISTINCT case_id FROM case_events WHERE state_to = 'returnedToCourt'
  ), b AS (
    SELECT c.id, c.region_code, c.org_id, o.agency, c.tier, coalesce(c.dispute_types[1], 'OTHER') AS dispute_type, c.channel,
           c.dispute_types, c.collective, c.outreach_activity_id IS NOT NULL AS from_outreach, c.claimed_fen, c.paid_fen,
           c.snapshot->'context' AS ctx, r.case_id IS NOT NULL AS returned, w.workers, w.migrant, w.platform_worker, m.type AS m_type, m.at AS m_at,
           tiaojie_shanghai_date((c.snapshot->'context'->>'acceptedAt')::timestamptz) AS accepted_on
    FROM cases c JOIN orgs o ON o.id = c.org_id
    LEFT JOIN w ON w.case_id = c.id LEFT JOIN m ON m.case_id = c.id LEFT JOIN r ON r.case_id = c.id
  ), f AS (
    SELECT b.*,
      CASE WHEN b.accepted_on IS NOT NULL THEN tiaojie_shanghai_date((b.ctx->>'closedAt')::timestamptz) END AS closed_on,
      CASE WHEN b.m_type IS NULL THEN NULL
           WHEN b.m_type = 'REACH_AGREEMENT' AND b.ctx ? 'agreement' THEN tiaojie_shanghai_date((b.ctx->'agreement'->>'signedAt')::timestamptz)
           ELSE tiaojie_shanghai_date(b.m_at) END AS concluded_on,
      CASE WHEN b.m_type IS NULL THEN NULL ELSE b.m_type = 'REACH_AGREEMENT' AND b.ctx ? 'agreement' END AS succeeded
    FROM b
  )
  INSERT INTO report_case_facts (case_id, region_code, org_id, agency, tier, dispute_type, yearbook_category, channel, entrusted,
    migrant, platform, collective, from_outreach, workers, claimed_fen, accepted_on, closed_on, outcome, route, returned_to_court,
    mediation_concluded_on, mediation_succeeded, agreement_signed_on, agreed_fen, confirmation_requested, confirmed, paid_fen,
    days_to_close, days_to_conclude, updated_at)
  SELECT f.id, f.region_code, f.org_id, f.agency, f.tier, f.dispute_type, ${yearbookSql('f.dispute_type')}, f.channel,
    f.channel = 'COURT_ENTRUSTED', coalesce(f.migrant, false),
    coalesce(f.platform_worker, false) OR 'PLATFORM_WORK' = ANY(f.dispute_types), f.collective, f.from_outreach,
    coalesce(f.workers, 0), f.claimed_fen, f.accepted_on, f.closed_on, f.ctx->>'outcome',
    CASE WHEN f.ctx ? 'litigation' OR f.returned THEN 'LITIGATION' WHEN f.ctx ? 'arbitration' THEN 'ARBITRATION'
         WHEN f.ctx ? 'agreement' THEN 'MEDIATION' ELSE 'OTHER' END,
    f.returned, f.concluded_on, f.succeeded,
    tiaojie_shanghai_date((f.ctx->'agreement'->>'signedAt')::timestamptz), coalesce((f.ctx->'agreement'->>'totalFen')::bigint, 0),
    f.ctx ? 'judicialConfirmation', coalesce(f.ctx->'judicialConfirmation' ? 'rulingNo', false), f.paid_fen,
    f.closed_on - f.accepted_on, CASE WHEN f.concluded_on IS NOT NULL AND f.accepted_on IS NOT NULL THEN greatest(0, f.concluded_on - f.accepted_on) END,
    now()
  FROM f;
`;

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
  SELECT x.closed_on AS day, ${DIMS.split(', ').map((d) => `x.${d}`).join(', ')}, 'CLOSE' AS stage, x.days_to_close AS days
  FROM report_case_facts x WHERE x.closed_on IS NOT NULL AND x.days_to_close IS NOT NULL
  UNION ALL
  SELECT x.mediation_concluded_on, ${DIMS.split(', ').map((d) => `x.${d}`).join(', ')}, 'MEDIATION', x.days_to_conclude
  FROM report_case_facts x WHERE x.mediation_concluded_on IS NOT NULL AND x.days_to_conclude IS NOT NULL
`;

const NIL = `'00000000-0000-0000-0000-000000000000'::uuid`;
const AGG_KEY = 'region_code, org_id, dispute_type';
const DUR_KEY = 'cube, region_code, org_id, dispute_type, agency, tier, stage, days';

/** Daily rows from the facts; monthly rows from the daily ones; yearly rows from the monthly ones. */
const REBUILD_AGGREGATES = `
  DELETE FROM report_aggregates;
  DELETE FROM report_durations;
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
  INSERT INTO report_durations (grain, period, ${DUR_KEY}, n)
  SELECT 'D', d.day, k.cube,
         CASE k.cube WHEN 'ORG' THEN d.region_code ELSE substr(d.region_code, 1, 6) END,
         CASE k.cube WHEN 'ORG' THEN d.org_id ELSE ${NIL} END,
         CASE k.cube WHEN 'COUNTY_TYPE' THEN d.dispute_type ELSE '' END,
         CASE k.cube WHEN 'ORG' THEN d.agency ELSE '' END,
         CASE k.cube WHEN 'ORG' THEN d.tier ELSE '' END,
         d.stage, d.days, count(*)::int
  FROM (${DURATIONS}) d CROSS JOIN (VALUES ('COUNTY'), ('COUNTY_TYPE'), ('ORG')) k(cube)
  GROUP BY 2, 3, 4, 5, 6, 7, 8, 9, 10 ORDER BY 3, 2, 4, 5, 6, 9, 10;
  ${['M', 'Y']
    .map(
      (g, i) => `
  INSERT INTO report_durations (grain, period, ${DUR_KEY}, n)
  SELECT '${g}', date_trunc('${g === 'M' ? 'month' : 'year'}', period)::date, ${DUR_KEY}, sum(n)::int
  FROM report_durations WHERE grain = '${i === 0 ? 'D' : 'M'}'
  GROUP BY 2, ${DUR_KEY} ORDER BY cube, 2, region_code, org_id, dispute_type, stage, days;`,
    )
    .join('')}
`;

/**
 * The reporting part: how fast `GET /api/reports/summary` answers over 100k and 1M cases. Bulk-generates
 * the base rows the read models hang on (orgs, cases) and the reporting rows a year-by-year case load
 * leaves behind (report_case_facts, case_payments, report_deadline_facts, outreach_activities) with
 * generate_series into a scratch database, rebuilds the aggregates with the same SQL function the
 * migration uses (report_rebuild_aggregates), then times the summary query — in the service (QueryBus →
 * handler → PostgreSQL) and over HTTP — for one year and all time, ungrouped and grouped. Target: p99 ≤
 * 200 ms at 1M cases. The database is dropped at the end.
 */
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { QueryBus } from '@nestjs/cqrs';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Caller } from '@tiaojie/cases';
import { loadConfig } from '@tiaojie/config';
import { GetReportSummaryQuery, type ReportSummaryParams } from '@tiaojie/reports';
import type { AddressInfo } from 'node:net';
import { hash } from 'bcryptjs';
import { Client } from 'pg';
import { ApiModule } from '../../apps/api/src/api.module';
import { setupApp } from '../../apps/api/src/setup-app';
import { dropBenchDatabase, migrateBenchDatabase, recreateBenchDatabase } from '../lib/database';
import { checkTarget, type PartOutcome, type TargetCheck } from '../lib/report';
import { partDatabaseUrl, type BenchSettings } from '../lib/settings';

const TARGET_P99_MS = 200;
const BENCH_USER = 'bench-city-manager';
const BENCH_PASSWORD = 'bench-city-manager-pw';
const FIRST_DAY = '2023-01-01';
const DAYS = 1096; // three years of cases: 2023–2025
const COUNTIES = ['420302', '420303', '420304', '420322', '420323', '420324', '420325', '420381'];
const TYPES = ['WAGE_ARREARS', 'WAGE_ARREARS', 'WAGE_ARREARS', 'OVERTIME', 'ECONOMIC_COMPENSATION', 'UNLAWFUL_TERMINATION_DAMAGES', 'SOCIAL_INSURANCE', 'WORK_INJURY', 'CONTRACT_DISPUTE', 'DISMISSAL_OR_RESIGNATION', 'LABOR_RELATION_CONFIRMATION', 'DOUBLE_PAY_NO_CONTRACT', 'PLATFORM_WORK', 'BENEFITS', 'WORKING_TIME_AND_LEAVE', 'NON_COMPETE'];

export interface ReportsScenario {
  name: string;
  params: ReportSummaryParams;
}

export const REPORT_SCENARIOS: ReportsScenario[] = [
  { name: 'year 2025, totals', params: { from: '2025-01-01', to: '2025-12-31', basis: 'paid' } },
  { name: 'year 2025, by month', params: { from: '2025-01-01', to: '2025-12-31', groupBy: 'month', basis: 'paid' } },
  { name: 'year 2025, by region', params: { from: '2025-01-01', to: '2025-12-31', groupBy: 'region', basis: 'agreed' } },
  { name: 'year 2025, by dispute type', params: { from: '2025-01-01', to: '2025-12-31', groupBy: 'disputeType', basis: 'paid' } },
  { name: 'all time, totals', params: { from: '2023-01-01', to: '2025-12-31', basis: 'paid' } },
  { name: 'all time, by region', params: { from: '2023-01-01', to: '2025-12-31', groupBy: 'region', basis: 'paid' } },
  { name: 'all time, by org', params: { from: '2023-01-01', to: '2025-12-31', groupBy: 'org', basis: 'paid' } },
  { name: '17 months with ragged edges, by tier', params: { from: '2024-03-17', to: '2025-08-09', groupBy: 'tier', basis: 'paid' } },
];

export interface LatencyRow {
  cases: number;
  via: 'service' | 'http';
  scenario: string;
  samples: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface ReportsBenchData {
  sizes: { cases: number; generateSeconds: number; rebuildSeconds: number; rows: Record<string, number> }[];
  latencies: LatencyRow[];
}

const CITY_MANAGER: Caller = {
  id: '00000000-0000-4000-8000-00000000b001',
  displayName: 'bench',
  agency: 'UNION',
  roles: ['CITY_MANAGER'],
  orgId: '00000000-0000-4000-8000-00000000a000',
  regionCode: '420300',
};

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];

/** The organisations: the city union, 8 county centres, 2 township stations and 2 village points per county, and the other bodies. */
async function seedOrgs(db: Client): Promise<void> {
  const statements = [
    `INSERT INTO orgs (id, name, agency, region_code, tier, parent_id) VALUES ('${CITY_MANAGER.orgId}', '市总工会', 'UNION', '420300', 'CITY', NULL)`,
    `INSERT INTO orgs (id, name, agency, region_code, tier, parent_id)
     SELECT md5('county' || c)::uuid, c || '调解中心', 'UNION', c, 'COUNTY', '${CITY_MANAGER.orgId}' FROM unnest($1::text[]) c`,
    `INSERT INTO orgs (id, name, agency, region_code, tier, parent_id)
     SELECT md5('town' || c || t)::uuid, c || t || '工作站', 'UNION', c || t, 'TOWNSHIP', md5('county' || c)::uuid
     FROM unnest($1::text[]) c, unnest(ARRAY['001','002']) t`,
    `INSERT INTO orgs (id, name, agency, region_code, tier, parent_id)
     SELECT md5('village' || c || t)::uuid, c || t || '001调解点', 'UNION', c || t || '001', 'VILLAGE', md5('town' || c || t)::uuid
     FROM unnest($1::text[]) c, unnest(ARRAY['001','002']) t`,
    `INSERT INTO orgs (id, name, agency, region_code, tier, parent_id)
     SELECT md5(a || c)::uuid, c || a, a, c, 'COUNTY', NULL FROM unnest($1::text[]) c, unnest(ARRAY['COURT','HRSS','PROCURATORATE','JUSTICE']) a`,
    `INSERT INTO orgs (id, name, agency, region_code, tier, parent_id)
     SELECT md5(a || '420300')::uuid, '市' || a, a, '420300', 'CITY', NULL FROM unnest(ARRAY['COURT','HRSS','PROCURATORATE','JUSTICE']) a`,
  ];
  for (const sql of statements) await db.query(sql, sql.includes('$1') ? [COUNTIES] : []);
  await db.query(
    `INSERT INTO users (id, username, display_name, password_hash, org_id, roles) VALUES ($1, $2, 'bench', $3, $4, ARRAY['CITY_MANAGER'])`,
    [CITY_MANAGER.id, BENCH_USER, await hash(BENCH_PASSWORD, 10), CITY_MANAGER.orgId],
  );
  await db.query(`CREATE TEMP TABLE bench_orgs AS
    SELECT (row_number() OVER (ORDER BY region_code) - 1)::int AS k, id, region_code, tier, agency FROM orgs WHERE agency = 'UNION' AND tier <> 'CITY'`);
  await db.query(`CREATE TEMP TABLE bench_types AS SELECT (i - 1)::int AS k, t FROM unnest($1::text[]) WITH ORDINALITY AS u(t, i)`, [TYPES]);
}

/** Cases `first..last` (1-based): base rows and their reporting rows, spread evenly over three years. */
async function generate(db: Client, first: number, last: number): Promise<void> {
  const n = `generate_series(${first}, ${last}) AS i`;
  // Deterministic pseudo-random numbers in [0, 1) from the case number and a salt.
  const r = (salt: number) => `(('x' || substr(md5(i::text || '-${salt}'), 1, 8))::bit(32)::bigint / 4294967296.0)`;
  await db.query(`SET LOCAL synchronous_commit = off`).catch(() => undefined);
  await db.query(`
    CREATE TEMP TABLE IF NOT EXISTS bench_gen (i bigint PRIMARY KEY, id uuid, org_k int, type_k int, opened date, accepted boolean,
      closed_after int, concluded_after int, succeeded boolean, route text, agreed_fen bigint, paid_share numeric, confirmation int,
      workers int, migrant boolean, platform boolean, collective boolean, entrusted boolean, outreach boolean, claimed_fen bigint)`);
  await db.query(`TRUNCATE bench_gen`);
  await db.query(`
    INSERT INTO bench_gen
    SELECT i, md5('case' || i)::uuid,
      CASE WHEN ${r(1)} < 0.6 THEN floor(${r(2)} * 8) * 5 ELSE floor(${r(2)} * 40) END::int,
      (floor(${r(3)} * ${TYPES.length}))::int,
      DATE '${FIRST_DAY}' + ((i * ${DAYS}) / ${last + 1})::int,
      ${r(4)} < 0.95,
      CASE WHEN ${r(5)} < 0.85 THEN (CASE WHEN ${r(6)} < 0.7 THEN floor(${r(7)} * 45) ELSE 45 + floor(power(${r(7)}, 2) * 320) END)::int END,
      floor(${r(8)} * 30)::int,
      ${r(9)} < 0.65,
      CASE WHEN ${r(10)} < 0.1 THEN 'ARBITRATION' WHEN ${r(10)} < 0.15 THEN 'LITIGATION' ELSE NULL END,
      (50000 + floor(${r(11)} * 5000000))::bigint,
      CASE WHEN ${r(12)} < 0.7 THEN 1 WHEN ${r(12)} < 0.9 THEN 0.5 ELSE 0 END,
      CASE WHEN ${r(13)} < 0.15 THEN 2 WHEN ${r(13)} < 0.25 THEN 1 ELSE 0 END,
      CASE WHEN ${r(14)} < 0.03 THEN 10 + floor(${r(15)} * 40) ELSE 1 + floor(${r(15)} * 2) END::int,
      ${r(16)} < 0.55, ${r(17)} < 0.08, false, ${r(18)} < 0.12, ${r(19)} < 0.02,
      (100000 + floor(${r(20)} * 8000000))::bigint
    FROM ${n}`);
  await db.query(`UPDATE bench_gen SET collective = workers >= 10`);
  await db.query(`
    INSERT INTO cases (id, case_no, version, machine_version, state, snapshot, channel, region_code, org_id, tier, collective, facts,
      dispute_types, received_at, opened_at, closed_at, outcome, claimed_fen, agreed_fen, paid_fen, created_by, event_seq, last_event_hash,
      updated_at, venue_region_code, origin_org_id)
    SELECT g.id, 'B-' || g.i, 1, 'case-v2', 'closed', '{}'::jsonb, CASE WHEN g.entrusted THEN 'COURT_ENTRUSTED' ELSE 'WALK_IN' END,
      o.region_code, o.id, o.tier, g.collective, '', ARRAY[t.t], g.opened::timestamptz, g.opened::timestamptz, NULL, NULL, g.claimed_fen, 0, 0,
      '${CITY_MANAGER.id}', 1, '', now(), o.region_code, o.id
    FROM bench_gen g JOIN bench_orgs o ON o.k = g.org_k JOIN bench_types t ON t.k = g.type_k`);
  await db.query(`
    INSERT INTO report_case_facts (case_id, region_code, org_id, agency, tier, dispute_type, yearbook_category, channel, entrusted,
      migrant, platform, collective, from_outreach, workers, claimed_fen, accepted_on, closed_on, outcome, route, returned_to_court,
      mediation_concluded_on, mediation_succeeded, agreement_signed_on, agreed_fen, confirmation_requested, confirmed, paid_fen,
      days_to_close, days_to_conclude, updated_at)
    SELECT g.id, o.region_code, o.id, o.agency, o.tier, t.t,
      CASE WHEN t.t IN ('WAGE_ARREARS','OVERTIME','DOUBLE_PAY_NO_CONTRACT') THEN 'WAGES' WHEN t.t IN ('ECONOMIC_COMPENSATION','UNLAWFUL_TERMINATION_DAMAGES','DISMISSAL_OR_RESIGNATION') THEN 'TERMINATION'
           WHEN t.t = 'SOCIAL_INSURANCE' THEN 'SOCIAL_INSURANCE' WHEN t.t = 'CONTRACT_DISPUTE' THEN 'CONTRACT_CHANGE' ELSE 'OTHER' END,
      CASE WHEN g.entrusted THEN 'COURT_ENTRUSTED' ELSE 'WALK_IN' END, g.entrusted, g.migrant, g.platform OR t.t = 'PLATFORM_WORK', g.collective, g.outreach,
      g.workers, g.claimed_fen,
      CASE WHEN g.accepted THEN g.opened END,
      CASE WHEN g.accepted AND g.closed_after IS NOT NULL THEN g.opened + g.closed_after END,
      NULL,
      CASE WHEN g.accepted AND g.route IS NOT NULL THEN g.route WHEN g.accepted AND g.succeeded THEN 'MEDIATION' ELSE 'OTHER' END,
      coalesce(g.route = 'LITIGATION', false),
      CASE WHEN g.accepted THEN g.opened + least(g.concluded_after, coalesce(g.closed_after, 999)) END,
      CASE WHEN g.accepted THEN g.succeeded END,
      CASE WHEN g.accepted AND g.succeeded THEN g.opened + least(g.concluded_after, coalesce(g.closed_after, 999)) END,
      CASE WHEN g.accepted AND g.succeeded THEN g.agreed_fen ELSE 0 END,
      g.accepted AND g.succeeded AND g.confirmation > 0, g.accepted AND g.succeeded AND g.confirmation > 1,
      CASE WHEN g.accepted AND g.succeeded THEN floor(g.agreed_fen * g.paid_share)::bigint ELSE 0 END,
      CASE WHEN g.accepted AND g.closed_after IS NOT NULL THEN g.closed_after END,
      CASE WHEN g.accepted THEN least(g.concluded_after, coalesce(g.closed_after, 999)) END,
      now()
    FROM bench_gen g JOIN bench_orgs o ON o.k = g.org_k JOIN bench_types t ON t.k = g.type_k`);
  // Payments: one or two per agreement that was paid, the second a month after the first.
  await db.query(`
    INSERT INTO case_payments (case_id, event_seq, paid_at, paid_on, amount_fen, method, evidence_ref, verified_by, recorded_at)
    SELECT f.case_id, s.seq, (f.agreement_signed_on + s.after)::timestamptz, f.agreement_signed_on + s.after,
      CASE WHEN s.seq = 2 THEN f.paid_fen / 2 ELSE f.paid_fen - f.paid_fen / 2 END, 'BANK_TRANSFER', NULL, '${CITY_MANAGER.id}', now()
    FROM report_case_facts f JOIN bench_gen g ON g.id = f.case_id
    CROSS JOIN LATERAL (VALUES (2, 3), (3, 33)) s(seq, after)
    WHERE f.paid_fen > 1 AND (s.seq = 2 OR g.i % 2 = 0)`);
  // Duty deadlines: acceptance (95% met) for every accepted case; a court or a commission deadline for some.
  await db.query(`
    INSERT INTO report_deadline_facts (deadline_id, case_id, kind, status, resolved_on, due_on, org_id, agency, tier, region_code, dispute_type)
    SELECT md5('acc' || g.i)::uuid, g.id, 'ACCEPTANCE_SLA', CASE WHEN g.i % 20 = 0 THEN 'EXPIRED' ELSE 'MET' END, g.opened, g.opened + 3,
      f.org_id, f.agency, f.tier, f.region_code, f.dispute_type
    FROM bench_gen g JOIN report_case_facts f ON f.case_id = g.id WHERE g.accepted
    UNION ALL
    SELECT md5('court' || g.i)::uuid, g.id, CASE WHEN f.confirmation_requested THEN 'COURT_ACCEPT_CONFIRMATION' ELSE 'ARBITRATION_ACCEPTANCE' END,
      CASE WHEN g.i % 7 = 0 THEN 'EXPIRED' ELSE 'MET' END, coalesce(f.closed_on, g.opened + 20), coalesce(f.closed_on, g.opened + 20),
      o.id, o.agency, o.tier, f.region_code, f.dispute_type
    FROM bench_gen g JOIN report_case_facts f ON f.case_id = g.id
    JOIN orgs o ON o.id = md5(CASE WHEN f.confirmation_requested THEN 'COURT' ELSE 'HRSS' END || substr(f.region_code, 1, 6))::uuid
    WHERE f.confirmation_requested OR f.route = 'ARBITRATION'`);
  // Outreach: about one activity per hundred cases.
  await db.query(`
    INSERT INTO outreach_activities (id, org_id, region_code, kind, title, held_on, place, people_reached, consultations, created_by, created_at)
    SELECT md5('out' || g.i)::uuid, o.id, o.region_code, 'LEGAL_TALK', '普法', g.opened, '现场', 20 + g.i % 200, g.i % 30, '${CITY_MANAGER.id}', now()
    FROM bench_gen g JOIN bench_orgs o ON o.k = g.org_k WHERE g.i % 100 = 0`);
}

async function timeIt<T>(fn: () => Promise<T>): Promise<number> {
  const t0 = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

async function measure(label: (s: ReportsScenario) => string, run: (s: ReportsScenario) => Promise<unknown>, samples: number, warmup: number) {
  const out: { scenario: ReportsScenario; samples: number; p50Ms: number; p99Ms: number; maxMs: number }[] = [];
  for (const s of REPORT_SCENARIOS) {
    for (let i = 0; i < warmup; i++) await run(s);
    const times: number[] = [];
    for (let i = 0; i < samples; i++) times.push(await timeIt(() => run(s)));
    times.sort((a, b) => a - b);
    out.push({ scenario: s, samples, p50Ms: percentile(times, 50), p99Ms: percentile(times, 99), maxMs: times[times.length - 1] });
    void label;
  }
  return out;
}

async function bootApi(databaseUrl: string, redisUrl: string): Promise<{ app: INestApplication; url: string }> {
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: '{tiaojie-bench-reports}',
    LOG_LEVEL: 'silent',
    DEMO_DATA: 'none',
    DATABASE_POOL_SIZE: '4',
  });
  const app = await NestFactory.create<NestExpressApplication>(ApiModule.forRoot(config), { logger: false, bodyParser: false });
  setupApp(app, config);
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { app, url: `http://127.0.0.1:${port}` };
}

/** The bench's city manager logs in once, as any client would. */
async function tokenFor(url: string): Promise<string> {
  const r = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: BENCH_USER, password: BENCH_PASSWORD }),
  });
  if (r.status !== 200) throw new Error(`login answered ${r.status}`);
  return ((await r.json()) as { accessToken: string }).accessToken;
}

export async function runReportsPart(s: BenchSettings, log: (msg: string) => void = console.log): Promise<PartOutcome<ReportsBenchData>> {
  const started = Date.now();
  const url = partDatabaseUrl(s.databaseUrl, 'reports');
  const sizes = process.env.BENCH_REPORT_SIZES ? process.env.BENCH_REPORT_SIZES.split(',').map(Number) : s.quick ? [20_000, 100_000] : [100_000, 1_000_000];
  const samples = s.quick ? 30 : 120;
  // BENCH_REUSE_DB=1 (with BENCH_KEEP_DB=1 before): measure again on the rows a previous run left.
  const reuse = process.env.BENCH_REUSE_DB === '1';
  if (!reuse) await recreateBenchDatabase(url);
  // A kept database may predate a migration (e.g. the histogram buckets): bring it up to date.
  else if ((await migrateBenchDatabase(url)).length) log('  reports: migrated the reused database');
  const db = new Client({ connectionString: url });
  await db.connect();
  const data: ReportsBenchData = { sizes: [], latencies: [] };
  let api: { app: INestApplication; url: string } | undefined;
  try {
    if (!reuse) await seedOrgs(db);
    api = await bootApi(url, `${s.redisUrl}/10`);
    const bus = api.app.get(QueryBus);
    let done = 0;
    const onFile = reuse ? Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM cases`)).rows[0].n) : 0;
    for (const size of reuse ? [onFile] : sizes) {
      log(`  reports: ${reuse ? `reusing ${size} cases` : `generating cases ${done + 1}–${size}`}…`);
      const generateMs = reuse ? 0 : await timeIt(() => generate(db, done + 1, size));
      const rebuildMs = reuse ? 0 : await timeIt(async () => {
        await db.query(`SELECT report_rebuild_aggregates()`);
        await db.query(`VACUUM ANALYZE report_aggregates`);
        await db.query(`VACUUM ANALYZE report_duration_buckets`);
        await db.query(`VACUUM ANALYZE outreach_activities`);
      });
      done = size;
      const counts = await db.query<{ t: string; n: string }>(`
        SELECT 'cases' AS t, count(*) AS n FROM cases UNION ALL SELECT 'case_payments', count(*) FROM case_payments
        UNION ALL SELECT 'report_deadline_facts', count(*) FROM report_deadline_facts
        UNION ALL SELECT 'report_aggregates', count(*) FROM report_aggregates UNION ALL SELECT 'report_duration_buckets', count(*) FROM report_duration_buckets
        UNION ALL SELECT 'outreach_activities', count(*) FROM outreach_activities`);
      const rows = Object.fromEntries(counts.rows.map((r) => [r.t, Number(r.n)]));
      data.sizes.push({ cases: size, generateSeconds: generateMs / 1000, rebuildSeconds: rebuildMs / 1000, rows });
      log(`  reports: ${size.toLocaleString('en-US')} cases in ${(generateMs / 1000).toFixed(1)} s, aggregates rebuilt in ${(rebuildMs / 1000).toFixed(1)} s (${JSON.stringify(rows)})`);

      // An access token lives 15 minutes: log in again for each size.
      let httpToken: string | null = null;
      try {
        httpToken = await tokenFor(api.url);
      } catch (e) {
        log(`  http: skipped (${(e as Error).message})`);
      }
      const service = await measure((x) => x.name, (x) => bus.execute(new GetReportSummaryQuery(CITY_MANAGER, x.params)), samples, 5);
      for (const m of service) data.latencies.push({ cases: size, via: 'service', scenario: m.scenario.name, samples: m.samples, p50Ms: m.p50Ms, p99Ms: m.p99Ms, maxMs: m.maxMs });
      if (httpToken) {
        const http = await measure(
          (x) => x.name,
          async (x) => {
            const qs = new URLSearchParams(Object.entries(x.params).filter(([, v]) => v !== undefined) as [string, string][]).toString();
            const r = await fetch(`${api!.url}/api/reports/summary?${qs}`, { headers: { authorization: `Bearer ${httpToken}` } });
            if (r.status !== 200) throw new Error(`summary answered ${r.status}`);
            await r.arrayBuffer();
          },
          Math.max(10, Math.floor(samples / 2)),
          3,
        );
        for (const m of http) data.latencies.push({ cases: size, via: 'http', scenario: m.scenario.name, samples: m.samples, p50Ms: m.p50Ms, p99Ms: m.p99Ms, maxMs: m.maxMs });
      }
      log(latencyTable(data.latencies.filter((l) => l.cases === size)));
    }
  } finally {
    await api?.app.close().catch((e) => log(`closing the API failed: ${e}`));
    await db.end().catch(() => undefined);
    if (process.env.BENCH_KEEP_DB !== '1') await dropBenchDatabase(url).catch((e) => log(`dropping the bench database failed: ${e}`));
  }
  const largest = Math.max(...data.sizes.map((x) => x.cases));
  const worst = Math.max(...data.latencies.filter((l) => l.cases === largest && l.via === 'service').map((l) => l.p99Ms));
  const targets: TargetCheck[] = [checkTarget('reports', `summary p99 (service, worst scenario) at ${largest.toLocaleString('en-US')} cases`, worst, 'ms', '≤', TARGET_P99_MS, 1)];
  const table = latencyTable(data.latencies);
  const sizesTable = data.sizes
    .map((x) => `| ${x.cases.toLocaleString('en-US')} | ${x.generateSeconds.toFixed(1)} | ${x.rebuildSeconds.toFixed(1)} | ${x.rows.report_aggregates} | ${x.rows.report_duration_buckets} |`)
    .join('\n');
  const markdown = [
    '## Reports: summary latency',
    '',
    `Scratch database, cases spread evenly over ${FIRST_DAY} … 2025-12-31 in 41 union organisations of 十堰市; the caller is a city manager (all of 4203…).`,
    'Service = QueryBus → handler → PostgreSQL; HTTP = the same over `GET /api/reports/summary` on loopback.',
    '',
    '| cases | generate s | rebuild aggregates s | aggregate rows | histogram rows (32-day buckets) |',
    '|---|---|---|---|---|',
    sizesTable,
    '',
    table,
    '',
    ...targets.map((t) => `- ${t.text}`),
  ].join('\n');
  return { part: 'reports', title: 'Reports: summary latency', markdown, console: table, targets, data, seconds: (Date.now() - started) / 1000 };
}

export function latencyTable(rows: LatencyRow[]): string {
  const header = '| cases | via | scenario | samples | p50 ms | p99 ms | max ms |\n|---|---|---|---|---|---|---|';
  return [
    header,
    ...rows.map((r) => `| ${r.cases.toLocaleString('en-US')} | ${r.via} | ${r.scenario} | ${r.samples} | ${r.p50Ms.toFixed(1)} | ${r.p99Ms.toFixed(1)} | ${r.maxMs.toFixed(1)} |`),
  ].join('\n');
}

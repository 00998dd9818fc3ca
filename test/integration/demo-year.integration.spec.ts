import { verifyChains } from '@tiaojie/audit';
import { openCaseRequestSchema } from '@tiaojie/cases';
import {
  COUNTY_NAMES,
  DEMO_SEED,
  demoYearPlanOptions,
  generateDemoYear,
  planTotals,
  planYear,
  type DemoYearOutcome,
  type YearPlan,
} from '@tiaojie/demo';
import { DayCalendar } from '@tiaojie/demo/plan/day-calendar';
import { materialize } from '@tiaojie/demo/run/demo-year.runner';
import { parseCreditCode, parseMobile, parseResidentId } from '@tiaojie/domain';
import { createDataSource, runMigrations } from '@tiaojie/persistence';
import { assertTestDatabase, TEST_DATABASE_URL, testConfig } from '@tiaojie/testing';
import { createHash } from 'node:crypto';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';

/**
 * The demo year (issue 6): planned from a seed, run through the real command path on the test clock
 * against a real PostgreSQL, and its figures checked against plain SQL over the base tables.
 *
 * The full year (~2,500 accepted cases, ~23,000 commands) takes minutes on a small machine, so the
 * year that runs here is a tenth of it (same seed, same mix); the full year's plan — which decides
 * every figure the full run produces — is checked on its own, which is cheap.
 *
 * Runs on a database of its own (<test database>_demo): the year moves the test clock back to its
 * first day, which the shared test database's clock has long passed.
 */
const DEMO_DB_URL = Object.assign(new URL(TEST_DATABASE_URL), { pathname: `/${new URL(TEST_DATABASE_URL).pathname.slice(1)}_demo` }).toString();
/** Fixed dates, so the year is the same on every run and every machine. */
const END_DATE = '2026-11-24';
const NOW = new Date('2026-11-25T09:00:00+08:00');
const SCALE = 0.1;

const fen = (yuan: number) => yuan * 100;

async function adminQuery(sql: string): Promise<void> {
  const c = new Client({ connectionString: Object.assign(new URL(TEST_DATABASE_URL), { pathname: '/postgres' }).toString() });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

function fullPlan(seed = DEMO_SEED): YearPlan {
  return planYear(demoYearPlanOptions({ seed, endDate: END_DATE, now: NOW, scale: 1 }).plan);
}

describe('Demo year', () => {
  describe('the full year as planned', () => {
    let plan: YearPlan;

    beforeAll(() => {
      plan = fullPlan();
    });

    it('is the same plan for the same seed, and another for another seed', () => {
      const digest = (p: YearPlan) => createHash('sha256').update(JSON.stringify(p)).digest('hex');
      expect(digest(fullPlan())).toBe(digest(plan));
      expect(digest(fullPlan(DEMO_SEED + 1))).not.toBe(digest(plan));
    });

    it('adds up to the city of DOMAIN §1: 2,400+ accepted cases, about ¥65 million recovered, 100+ outreach activities', () => {
      const t = planTotals(plan);
      expect(t.accepted).toBeGreaterThanOrEqual(2_400);
      expect(t.accepted).toBeLessThanOrEqual(2_600);
      expect(t.paidFen).toBeGreaterThanOrEqual(fen(64_000_000));
      expect(t.paidFen).toBeLessThanOrEqual(fen(66_000_000));
      expect(Number.isInteger(t.paidFen) && Number.isInteger(t.agreedFen)).toBe(true);
      expect(t.outreachActivities).toBeGreaterThanOrEqual(100);
      expect(t.fromOutreach).toBeGreaterThan(0);
      expect(t.refused).toBeGreaterThan(0);
    });

    it('has the mix of a real year: counties, migrant, platform, collective, entrusted, confirmations, defaults and referrals', () => {
      const t = planTotals(plan);
      const share = (x: number) => x / t.accepted;
      const counties = Object.entries(t.acceptedByCounty).sort((a, b) => b[1] - a[1]);
      expect(counties).toHaveLength(8);
      expect(counties.every(([, n]) => n >= 100)).toBe(true);
      expect(counties.slice(0, 2).map(([c]) => COUNTY_NAMES[c]).sort()).toEqual(['张湾区', '茅箭区']);
      expect(share(t.migrant)).toBeGreaterThan(0.25);
      expect(share(t.migrant)).toBeLessThan(0.35);
      expect(share(t.platform)).toBeGreaterThan(0.06);
      expect(share(t.platform)).toBeLessThan(0.11);
      expect(share(t.collective)).toBeGreaterThan(0.02);
      expect(share(t.collective)).toBeLessThan(0.04);
      expect(share(t.entrusted)).toBeGreaterThan(0.04);
      expect(share(t.entrusted)).toBeLessThan(0.07);
      expect(t.confirmed).toBeGreaterThan(0);
      for (const n of [t.paymentOrders, t.enforcements, t.arbitrationReferrals, t.awards, t.lawsuits, t.supportProsecutions, t.legalAidRequests, t.laborInspections, t.escalations, t.transfers, t.station]) {
        expect(n).toBeGreaterThan(0);
      }
      // Wage arrears lead the dispute types.
      const types = new Map<string, number>();
      for (const c of plan.cases) {
        const open = c.steps[0].body as { disputeTypes: string[] };
        types.set(open.disputeTypes[0], (types.get(open.disputeTypes[0]) ?? 0) + 1);
      }
      expect([...types.entries()].sort((a, b) => b[1] - a[1])[0][0]).toBe('WAGE_ARREARS');
    });

    it('files intakes the API accepts: valid resident IDs (GB 11643), credit codes (GB 32100) and mobiles, no number twice', () => {
      const cal = new DayCalendar(plan.options.startDate);
      const phones = new Set<string>();
      let workers = 0;
      const outreachIds = new Map(plan.outreach.map((o) => [o.ref, '00000000-0000-4000-8000-000000000001']));
      for (const c of plan.cases) {
        const open = c.steps[0];
        expect(open.type).toBe('OPEN');
        const request = openCaseRequestSchema.parse(materialize(open.body, cal, open.day, new Date(cal.instant(open.day, '09:30')), outreachIds));
        expect(parseCreditCode(request.employer.creditCode).ok).toBe(true);
        for (const w of request.workers) {
          workers++;
          expect(parseResidentId(w.idNumber).ok).toBe(true);
          expect(parseMobile(w.phone).ok).toBe(true);
          phones.add(w.phone);
        }
      }
      expect(phones.size).toBe(workers);
    });
  });

  describe(`a year run through the command path (scale ${SCALE})`, () => {
    let ds: DataSource;
    let db: Client;
    let outcome: Extract<DemoYearOutcome, { generated: true }>;
    const sql = async <T = Record<string, unknown>>(text: string, params: unknown[] = []) => (await db.query(text, params)).rows as T[];
    const one = async (text: string, params: unknown[] = []) => Number(Object.values((await sql(text, params))[0])[0]);

    beforeAll(async () => {
      assertTestDatabase(DEMO_DB_URL);
      const name = new URL(DEMO_DB_URL).pathname.slice(1);
      await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await adminQuery(`CREATE DATABASE "${name}"`);
      ds = createDataSource(DEMO_DB_URL, 2);
      await ds.initialize();
      await runMigrations(ds);
      db = new Client({ connectionString: DEMO_DB_URL });
      await db.connect();
      const result = await generateDemoYear(testConfig({ DATABASE_URL: DEMO_DB_URL }), { endDate: END_DATE, now: NOW, scale: SCALE });
      if (!result.generated) throw new Error(`the demo year was not generated: ${result.state}`);
      outcome = result;
    }, 900_000);

    afterAll(async () => {
      await db?.end();
      await ds?.destroy();
    });

    it('ran every planned step on its day and waited only for deadlines', () => {
      expect(outcome.report.leftOver).toBe(0);
      expect(outcome.report.totals).toEqual(outcome.expected);
      expect(outcome.report.deadlinesFired).toBeGreaterThan(0);
      expect(outcome.check.matches).toBe(true);
    });

    it('reports cases, acceptances and closings that the base tables hold', async () => {
      const t = outcome.report.totals;
      expect(await one(`SELECT count(*) FROM cases`)).toBe(t.intakes);
      expect(await one(`SELECT count(*) FROM case_events WHERE type = 'ACCEPT'`)).toBe(t.accepted);
      expect(await one(`SELECT count(*) FROM cases WHERE state = 'closed'`)).toBe(t.closed);
      expect(await one(`SELECT count(*) FROM cases WHERE outcome = 'REJECTED'`)).toBe(t.refused);
      const byCounty = await sql<{ county: string; n: string }>(
        `SELECT left(c.region_code, 6) AS county, count(*) AS n FROM cases c
         WHERE EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = c.id AND e.type = 'ACCEPT') GROUP BY 1`,
      );
      expect(Object.fromEntries(byCounty.map((r) => [r.county, Number(r.n)]))).toEqual(t.acceptedByCounty);
      const collective = await sql<{ cases: string; workers: string }>(
        `SELECT count(DISTINCT c.id) AS cases, count(p.id) AS workers FROM cases c JOIN case_parties p ON p.case_id = c.id AND p.kind = 'WORKER'
         WHERE c.collective AND EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = c.id AND e.type = 'ACCEPT')`,
      );
      expect(Number(collective[0].cases)).toBe(t.collective);
      expect(Number(collective[0].workers)).toBe(t.collectiveWorkers);
      expect(await one(`SELECT count(*) FROM cases WHERE channel = 'COURT_ENTRUSTED' AND EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = cases.id AND e.type = 'ACCEPT')`)).toBe(t.entrusted);
      expect(t.collective).toBeGreaterThan(0);
      expect(t.entrusted).toBeGreaterThan(0);
    });

    it('recovered on the paid basis exactly what the verified payments add up to, in integer fen', async () => {
      const t = outcome.report.totals;
      expect(await one(`SELECT count(*) FROM case_events WHERE type = 'RECORD_PAYMENT'`)).toBe(t.payments);
      expect(await one(`SELECT sum((payload->>'amountFen')::bigint) FROM case_events WHERE type = 'RECORD_PAYMENT'`)).toBe(t.paidFen);
      expect(await one(`SELECT sum(paid_fen) FROM cases`)).toBe(t.paidFen);
      expect(await one(`SELECT count(*) FROM case_events WHERE type = 'REACH_AGREEMENT'`)).toBe(t.agreements);
      expect(await one(`SELECT sum(agreed_fen) FROM cases`)).toBe(t.agreedFen);
      // A tenth of the year recovers about a tenth of ¥65 million.
      expect(t.paidFen).toBeGreaterThanOrEqual(fen(6_400_000));
      expect(t.paidFen).toBeLessThanOrEqual(fen(6_600_000));
    });

    it('has confirmations, defaults, remedies and escalations that happened for real', async () => {
      const t = outcome.report.totals;
      expect(await one(`SELECT count(*) FROM referrals WHERE kind = 'JUDICIAL_CONFIRMATION'`)).toBe(t.confirmationsRequested);
      expect(await one(`SELECT count(*) FROM case_events WHERE type = 'JC_CONFIRM'`)).toBe(t.confirmed);
      expect(await one(`SELECT count(*) FROM referrals WHERE kind = 'ARBITRATION'`)).toBe(t.arbitrationReferrals);
      expect(await one(`SELECT count(*) FROM referrals WHERE kind = 'LITIGATION'`)).toBe(t.lawsuits);
      expect(await one(`SELECT count(*) FROM referrals WHERE kind = 'ENFORCEMENT'`)).toBe(t.enforcements);
      expect(t.confirmed).toBeGreaterThan(0);
      expect(t.arbitrationReferrals).toBeGreaterThan(0);
      // Deadlines that fired by themselves on the test clock: instalments missed, periods run out, windows lapsed.
      for (const kind of ['INSTALMENT_DUE', 'ARBITRATION_RIGHT', 'MEDIATION_PERIOD', 'CONFIRMATION_WINDOW', 'SUE_AFTER_AWARD']) {
        expect(await one(`SELECT count(*) FROM deadlines WHERE kind = $1 AND status = 'EXPIRED'`, [kind])).toBeGreaterThan(0);
      }
      expect(await one(`SELECT count(*) FROM cases WHERE tracks->>'performance' = 'defaulted' OR snapshot->'context'->'defaultedInstalments' IS NOT NULL`)).toBeGreaterThan(0);
      expect(await one(`SELECT count(*) FROM case_events WHERE type = 'DEADLINE_EXPIRED'`)).toBe(outcome.report.deadlinesFired);
    });

    it('recorded the outreach activities beside the cases', async () => {
      const t = outcome.report.totals;
      expect(await one(`SELECT count(*) FROM outreach_activities`)).toBe(t.outreachActivities);
      expect(await one(`SELECT sum(people_reached) FROM outreach_activities`)).toBe(t.outreachPeopleReached);
      expect(await one(`SELECT count(*) FROM outreach_activities WHERE held_on < $1 OR held_on > $2`, [outcome.startDate, outcome.endDate])).toBe(0);
      // Applications that came out of an activity name it at intake (POST /api/cases outreachActivityId).
      expect(await one(`SELECT count(*) FROM cases WHERE outreach_activity_id IS NOT NULL`)).toBe(t.fromOutreach);
      expect(t.fromOutreach).toBeGreaterThan(0);
    });

    it('keeps every case event chain and the audit chain intact', async () => {
      const report = await verifyChains(ds);
      expect(report.ok).toBe(true);
      expect(report.caseEvents.cases).toBe(outcome.report.totals.intakes);
    });

    it('leaves the test clock at "now" and sends only what the events carry: no personal data in the log', async () => {
      const [clock] = await sql<{ now: Date }>(`SELECT now FROM test_clock WHERE id = 1`);
      expect(new Date(clock.now).getTime()).toBeGreaterThanOrEqual(NOW.getTime());
      // ID numbers and phones are encrypted at rest; the event log never holds them.
      const leaked = await one(`SELECT count(*) FROM case_events WHERE payload::text ~ '(^|[^0-9a-f-])([0-9]{17}[0-9X]|1[3-9][0-9]{9})([^0-9]|$)'`);
      expect(leaked).toBe(0);
    });

    it('does not generate a second year into the same database', async () => {
      const again = await generateDemoYear(testConfig({ DATABASE_URL: DEMO_DB_URL }), { endDate: END_DATE, now: NOW, scale: SCALE });
      expect(again).toEqual({ generated: false, state: 'GENERATED' });
      expect(await one(`SELECT count(*) FROM cases`)).toBe(outcome.report.totals.intakes);
    });
  });
});

import { CommandBus } from '@nestjs/cqrs';
import { FireDeadlineCommand } from '@tiaojie/cases';
import { LegalCalendar } from '@tiaojie/domain';
import { demoUserId } from '@tiaojie/identity';
import { TEST_REDIS_URL } from '@tiaojie/testing';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { startApi, type RunningApi } from '../support/harness';
import { checkInvariants } from './support/checker';
import { freshDatabase } from './support/databases';
import { Http } from './support/http';
import { residentIdFor, phoneFor } from './support/mediators';
import { CHAOS_PROFILE } from './support/profile';
import { ScenarioResult } from './support/results';

/**
 * Scenario 5 (issue 9): races on one case.
 * - A user's event and the deadline's timer at the same moment: a mediator records the agreement
 *   while the 15-day mediation period's timer fires FireDeadline (what the worker's job runs).
 *   Exactly one wins: agreed with the deadline MET, or failed with the deadline EXPIRED — never
 *   both, never neither, never a 500 or a deadlock.
 * - Parallel commands at the same version: one succeeds, every other one is told 409.
 */
const P = CHAOS_PROFILE.races;
const START = '2025-11-03T09:00:00+08:00'; // a Monday
const DAY = 86_400_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function inBatches<T, R>(items: readonly T[], size: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) out.push(...(await Promise.all(items.slice(i, i + size).map((x, j) => fn(x, i + j)))));
  return out;
}

describe(`Races (${CHAOS_PROFILE.name} profile)`, () => {
  const result = new ScenarioResult('5', 'races: user event vs deadline; parallel commands at one version', CHAOS_PROFILE.name);
  let api: RunningApi;
  let databaseUrl: string;
  let db: Client;
  let mediator: Http;
  let bus: CommandBus;
  const tally = { userWon: 0, deadlineWon: 0, parallelOk: 0, parallel409: 0 };
  let passed = 0;

  beforeAll(async () => {
    databaseUrl = await freshDatabase('races');
    api = await startApi({ DATABASE_URL: databaseUrl, QUEUE_PREFIX: '{chaos-races}', REDIS_URL: TEST_REDIS_URL, TEST_CLOCK_START: START });
    bus = api.app.get(CommandBus);
    db = new Client({ connectionString: databaseUrl });
    await db.connect();
    mediator = await Http.login(api.url, 'mediator', 'tiaojie-demo');
  }, 180_000);

  afterAll(async () => {
    result.load = `${P.userVsDeadline} user-vs-deadline races; ${P.parallelRounds} × ${P.parallel} parallel commands`;
    result.faults = `${P.userVsDeadline + P.parallelRounds} races`;
    result.measure('user event won', tally.userWon);
    result.measure('deadline won', tally.deadlineWon);
    result.measure('parallel: 200 / 409', `${tally.parallelOk} / ${tally.parallel409}`);
    result.passed = passed === 2;
    result.write();
    await db?.end();
    await api?.close();
  });

  async function caseInMediation(n: number): Promise<{ id: string; version: number }> {
    const opened = await mediator.post('/api/cases', {
      channel: 'WALK_IN',
      regionCode: '420302',
      facts: '拖欠工资（竞态）',
      disputeTypes: ['WAGE_ARREARS'],
      workers: [{ name: `竞态工人${n}`, idType: 'RESIDENT_ID', idNumber: residentIdFor(n), phone: phoneFor(n) }],
      employer: { name: '十堰市竞态有限公司', creditCode: '91370200163562681G' },
      claims: [{ type: 'WAGE_ARREARS', claimedFen: 500_000 }],
    });
    expect(opened.status).toBe(201);
    const accepted = await mediator.post(`/api/cases/${opened.body.id}/events`, { type: 'ACCEPT' }, { 'if-match': '"1"' });
    expect(accepted.status).toBe(200);
    const assigned = await mediator.post(`/api/cases/${opened.body.id}/events`, { type: 'ASSIGN_MEDIATOR', mediatorId: demoUserId('mediator') }, { 'if-match': '"2"' });
    expect(assigned.status).toBe(200);
    expect(assigned.body.state).toBe('mediation.active');
    return { id: opened.body.id, version: assigned.body.version };
  }

  /** Moves the shared test clock without firing anything (as time passing would), and waits for the API to see it. */
  async function moveClock(to: Date): Promise<void> {
    await db.query(`UPDATE test_clock SET now = $1, set_at = clock_timestamp() WHERE id = 1`, [to]);
    await sleep(1300); // processes re-read the clock every second
  }

  it('a user event and a deadline firing at the same moment: exactly one wins, the case stays consistent', async () => {
    const cases = await inBatches(Array.from({ length: P.userVsDeadline }, (_, i) => i), 4, (i) => caseInMediation(10_000 + i));
    const periods = new Map<string, { id: string; due: Date }>();
    for (const r of (await db.query(`SELECT id, case_id, due_at FROM deadlines WHERE kind = 'MEDIATION_PERIOD' AND status = 'PENDING'`)).rows) {
      periods.set(r.case_id, { id: r.id, due: r.due_at });
    }
    const lastDue = Math.max(...[...periods.values()].map((p) => p.due.getTime()));
    await moveClock(new Date(lastDue + 5_000));
    const signedAt = new Date(lastDue - 3 * DAY).toISOString();
    const agreement = {
      type: 'REACH_AGREEMENT',
      items: [{ type: 'WAGE_ARREARS', agreedFen: 300_000 }],
      schedule: [{ dueDate: LegalCalendar.shanghaiDate(new Date(lastDue + 20 * DAY)), amountFen: 300_000 }],
      signedAt,
    };

    // A staircase on the timer's head start: the HTTP request spends a while in authentication
    // before its transaction, so the timer is held back by `lead` ms, nudged after every race
    // towards the point where each side wins half the time — where the two transactions overlap.
    let lead = 5;
    const outcomes = await inBatches(cases, 4, async (c) => {
      const deadline = periods.get(c.id)!;
      const wait = Math.max(0, lead + Math.floor(Math.random() * 5) - 2);
      const [fired, answered] = await Promise.all([
        sleep(wait).then(() =>
          bus.execute(new FireDeadlineCommand(deadline.id)).then(
            (r: { outcome: string }) => r.outcome,
            (e: Error) => `error: ${e.message}`,
          ),
        ),
        Promise.resolve().then(() =>
          mediator.post(`/api/cases/${c.id}/events`, agreement, { 'if-match': `"${c.version}"`, 'idempotency-key': randomUUID() }),
        ),
      ]);
      lead = Math.max(0, lead + (fired === 'fired' ? 1 : -1));
      return { c, deadline, fired, status: answered.status, code: answered.body?.code as string | undefined };
    });
    result.measure('timer head start settled at', `${lead} ms`);

    const problems: string[] = [];
    for (const o of outcomes) {
      const userWon = o.status === 200;
      const deadlineWon = o.fired === 'fired';
      if (userWon === deadlineWon) problems.push(`${o.c.id}: user ${o.status} ${o.code ?? ''}, deadline ${o.fired}`);
      if (userWon) tally.userWon++;
      if (deadlineWon) tally.deadlineWon++;
      if (!userWon && !(o.status === 409 || o.status === 422)) problems.push(`${o.c.id}: the losing user got ${o.status} ${o.code ?? ''}`);
      if (!deadlineWon && o.fired !== 'not-pending') problems.push(`${o.c.id}: the losing timer ended ${o.fired}`);
      const [row] = (
        await db.query(
          `SELECT c.state, d.status,
             (SELECT count(*)::int FROM case_events e WHERE e.case_id = c.id AND e.type = 'REACH_AGREEMENT') AS agreements,
             (SELECT count(*)::int FROM case_events e WHERE e.case_id = c.id AND e.type = 'DEADLINE_EXPIRED' AND e.payload->>'deadlineId' = d.id::text) AS expiries
           FROM cases c JOIN deadlines d ON d.case_id = c.id AND d.id = $2 WHERE c.id = $1`,
          [o.c.id, o.deadline.id],
        )
      ).rows;
      const consistent = userWon
        ? row.state === 'agreed' && row.status === 'MET' && row.agreements === 1 && row.expiries === 0
        : row.state === 'failed' && row.status === 'EXPIRED' && row.agreements === 0 && row.expiries === 1;
      if (!consistent) problems.push(`${o.c.id}: ${JSON.stringify(row)} after user ${o.status}, deadline ${o.fired}`);
    }
    expect(problems).toEqual([]);
    expect(tally.userWon + tally.deadlineWon).toBe(P.userVsDeadline);
    // Both sides won races: the test really raced them.
    expect(tally.userWon).toBeGreaterThan(0);
    expect(tally.deadlineWon).toBeGreaterThan(0);
    passed++;
  }, 900_000);

  it(`${P.parallel} parallel commands at the same version: one succeeds, the rest get 409`, async () => {
    const problems: string[] = [];
    for (let round = 0; round < P.parallelRounds; round++) {
      const c = await caseInMediation(20_000 + round);
      const now = new Date(Date.now() + 60_000);
      const bodies = Array.from({ length: P.parallel }, (_, i) =>
        i % 3 === 0
          ? { type: 'EXTEND_MEDIATION', days: 1 + (i % 10), consentOfBoth: true }
          : { type: 'SCHEDULE_SESSION', at: new Date(now.getTime() + (i + 1) * 3_600_000 * 24 * 3).toISOString(), online: true },
      );
      const answers = await Promise.all(
        bodies.map((b) => mediator.post(`/api/cases/${c.id}/events`, b, { 'if-match': `"${c.version}"`, 'idempotency-key': randomUUID() })),
      );
      const ok = answers.filter((a) => a.status === 200);
      const conflicts = answers.filter((a) => a.status === 409 && a.body?.code === 'STALE_VERSION');
      tally.parallelOk += ok.length;
      tally.parallel409 += conflicts.length;
      if (ok.length !== 1 || conflicts.length !== P.parallel - 1) {
        problems.push(`round ${round}: ${answers.map((a) => `${a.status}${a.body?.code ? ` ${a.body.code}` : ''}`).join(', ')}`);
      }
      const [row] = (await db.query(`SELECT version, (SELECT count(*)::int FROM case_events WHERE case_id = $1) AS events FROM cases WHERE id = $1`, [c.id])).rows;
      if (row.version !== c.version + 1 || row.events !== c.version + 1) problems.push(`round ${round}: version ${row.version}, ${row.events} events`);
    }
    expect(problems).toEqual([]);
    const inv = await checkInvariants(db, databaseUrl);
    expect(inv.problems).toEqual([]);
    expect(inv.firingsNotOnce).toEqual([]);
    expect(inv.early).toEqual([]);
    result.duplicated = inv.firingsNotOnce.length;
    passed++;
  }, 600_000);
});

import { checkInvariants, checkLedger } from './support/checker';
import { createMediators, Ledger, startSimulation } from './support/mediators';
import { CHAOS_PROFILE } from './support/profile';
import { ScenarioResult } from './support/results';
import { ChaosStack } from './support/stack';

/**
 * Scenario 4 (issue 9): PostgreSQL stopped immediately (SIGQUIT to the postmaster: every backend
 * dies, no checkpoint) several times while mediators work, and started again on the same data
 * directory (crash recovery). A client that got no definitive answer repeats its command with the
 * same Idempotency-Key. Afterwards no acknowledged write is missing, and every repeated command took
 * effect exactly once — answered from the stored response when the first attempt had committed.
 */
const P = CHAOS_PROFILE.postgresRestart;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe(`PostgreSQL restarted (immediate stop) ${P.restarts} times during load (${CHAOS_PROFILE.name} profile)`, () => {
  const result = new ScenarioResult('4', 'PostgreSQL immediate stop + restart during load', CHAOS_PROFILE.name);
  let stack: ChaosStack;
  const ledger = new Ledger();

  beforeAll(async () => {
    stack = await ChaosStack.start({ name: 'pgrestart', apis: 1, workers: 1, privatePostgres: true, clockStart: '2025-11-12T09:00:00+08:00' });
  }, 300_000);

  afterAll(async () => {
    result.write();
    await stack?.stop();
  }, 120_000);

  it('loses no acknowledged write and applies every repeated command once', async () => {
    const users = await createMediators(stack.admin, P.mediators, 'chaos-pg');
    const sims = await startSimulation(stack.apis.map((a) => a.url), users, ledger, stack.clock, { seed: 4, crossShare: 0.1, replayShare: 0.03 });
    const started = Date.now();
    const stopAt = started + P.seconds * 1000;
    const running = Promise.all(sims.map((s) => s.run(() => Date.now() >= stopAt)));

    const outages: number[] = [];
    const gap = (P.seconds * 1000) / (P.restarts + 1);
    for (let i = 0; i < P.restarts; i++) {
      await sleep(gap * (0.5 + Math.random() * 0.5));
      const down = Date.now();
      await stack.pg!.crash();
      await sleep(500 + Math.random() * 2000);
      await stack.pg!.restart();
      outages.push(Date.now() - down);
    }
    await running;
    const ran = (Date.now() - started) / 1000;
    await stack.reconnect();
    const settled = await stack.settle(180_000);

    const check = await checkLedger(stack.db, ledger, users.map((u) => u.userId));
    const inv = await checkInvariants(stack.db, stack.databaseUrl);
    const retried = ledger.acked.filter((a) => a.retried.length > 0);
    const seen = new Map<string, number>();
    for (const a of retried) for (const r of a.retried) seen.set(r, (seen.get(r) ?? 0) + 1);

    result.load = `${P.mediators} mediators × ${ran.toFixed(0)} s: ${check.acknowledged} acknowledged commands, ${retried.length} of them repeated after an outage`;
    result.faults = `${outages.length} × immediate stop + restart of PostgreSQL`;
    result.lost = check.lost.length;
    result.duplicated = check.duplicated.length + inv.firingsNotOnce.length;
    result.measure('outages (stop → accepting again)', outages.map((ms) => `${(ms / 1000).toFixed(1)} s`).join(', '));
    result.measure('repeated commands answered from the stored response (first attempt had committed)', retried.filter((a) => a.replayed).length);
    result.measure('answers seen during outages', [...seen.entries()].map(([k, v]) => `${k}×${v}`).join(', ') || 'none');
    result.measure('refused (expected 4xx)', [...ledger.refused.entries()].map(([k, v]) => `${k}×${v}`).join(', ') || 'none');
    result.measure('notifications', JSON.stringify(settled.notifications));

    expect(outages).toHaveLength(P.restarts);
    // While PostgreSQL is down the API says so — 503 DATABASE_UNAVAILABLE with Retry-After — or the
    // connection fails; never a bare 500, which would tell a client nothing about retrying.
    expect([...seen.keys()].filter((k) => /^5\d\d/.test(k) && !k.startsWith('503 DATABASE_UNAVAILABLE'))).toEqual([]);
    expect(check.lost).toEqual([]);
    expect(check.duplicated).toEqual([]);
    expect(check.badReplays).toEqual([]);
    expect(ledger.undecided).toEqual([]);
    expect(check.acknowledged).toBeGreaterThan(P.mediators * 3);
    expect(inv.problems).toEqual([]);
    expect(inv.firingsNotOnce).toEqual([]);
    expect(inv.early).toEqual([]);
    // The API and the worker ride out every restart.
    expect([...stack.apis, ...stack.workers].every((p) => p.alive())).toBe(true);
    result.passed = true;
  }, 1_800_000);
});

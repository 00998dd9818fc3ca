import { checkInvariants, checkLedger, eventually, outboxPending } from './support/checker';
import { createMediators, Ledger, startSimulation, type SimMediator } from './support/mediators';
import { CHAOS_PROFILE } from './support/profile';
import { ScenarioResult } from './support/results';
import { ChaosStack, endOfDay } from './support/stack';

/**
 * Scenarios 1 and 6 (issue 9): simulated mediators drive cases over HTTP through two API processes
 * while two worker processes relay the outbox, fire deadlines and send notifications, all against
 * one PostgreSQL and one Redis. Every acknowledged answer is logged; afterwards the ledger is
 * compared with PostgreSQL: nothing lost, nothing applied twice, no deadline fired twice or early,
 * no text sent twice, and the outbox drains.
 *
 * Deadlines fire during the load: half the cases were received 15 days before the test day D, so
 * their 3-working-day acceptance service level is long past (it fires as soon as the case is opened,
 * racing the mediators' ACCEPT) and their ARBITRATION_RIGHT ends at midnight after D — which the
 * shared test clock passes while the mediators work (a burst of delayed timers in both workers).
 */
const P = CHAOS_PROFILE.load;
const D = '2025-11-12'; // a Wednesday, a working day; D − 15 = 2025-10-28, a Tuesday
const MIDNIGHT = endOfDay(D);
const RECEIVED = new Date('2025-10-28T10:00:00+08:00');

describe(`Load with a ledger: ${P.mediators} mediators × ${P.seconds} s, 2 APIs + 2 workers (${CHAOS_PROFILE.name} profile)`, () => {
  const result = new ScenarioResult('1+6', 'load with a ledger; 2 APIs + 2 workers', CHAOS_PROFILE.name);
  let stack: ChaosStack;
  const ledger = new Ledger();

  beforeAll(async () => {
    stack = await ChaosStack.start({ name: 'load', apis: 2, workers: 2, clockStart: `${D}T12:00:00+08:00` });
  }, 300_000);

  afterAll(async () => {
    result.write();
    await stack?.stop();
  }, 120_000);

  it('keeps every acknowledged command exactly once, fires every deadline once and never early, sends every text once', async () => {
    const users = await createMediators(stack.admin, P.mediators, 'chaos-load');
    // Midnight (when the ARBITRATION_RIGHT timers ring) falls 40 % into the run.
    await stack.clock.set(stack.admin, new Date(MIDNIGHT.getTime() - P.seconds * 400));
    const sims: SimMediator[] = await startSimulation(
      stack.apis.map((a) => a.url),
      users,
      ledger,
      stack.clock,
      { seed: 1, receivedAt: () => (Math.random() < 0.5 ? RECEIVED : undefined), crossShare: 0.1, replayShare: 0.03 },
    );
    const started = Date.now();
    const stopAt = started + P.seconds * 1000;
    await Promise.all(sims.map((s) => s.run(() => Date.now() >= stopAt)));
    const ran = (Date.now() - started) / 1000;
    expect(stack.clock.now().getTime()).toBeGreaterThan(MIDNIGHT.getTime());

    // Afterwards: the outbox drains, every due deadline fires, every message settles.
    const drained = await eventually(async () => (await outboxPending(stack.db)) === 0, 120_000, 100);
    result.measure('outbox drained after load (promise ≤ 10 s)', `${(drained.ms / 1000).toFixed(1)} s`);
    const settled = await stack.settle(120_000);

    const check = await checkLedger(stack.db, ledger, users.map((u) => u.userId));
    const inv = await checkInvariants(stack.db, stack.databaseUrl);
    const sms = (await stack.db.query(`SELECT dedupe_key FROM notifications WHERE channel = 'SMS' AND status = 'SENT'`)).rows.map((r) => r.dedupe_key as string);
    const requestsPerKey = new Map<string, number>();
    for (const r of stack.gateway.requests) requestsPerKey.set(r.key ?? '', (requestsPerKey.get(r.key ?? '') ?? 0) + 1);
    const textsTwice = [...requestsPerKey.entries()].filter(([, n]) => n > 1).map(([k, n]) => `${k} sent ${n} times`);
    const unknownTexts = [...requestsPerKey.keys()].filter((k) => !sms.includes(k));

    result.load = `${P.mediators} mediators × ${ran.toFixed(0)} s, 2 APIs + 2 workers: ${check.acknowledged.toLocaleString('en-US')} acknowledged commands (${(check.acknowledged / ran).toFixed(1)}/s), ${ledger.replays.length} repeats`;
    result.faults = 'concurrent workers; deadline timers racing users';
    result.lost = check.lost.length;
    result.duplicated = check.duplicated.length + inv.firingsNotOnce.length + textsTwice.length;
    result.measure('refused (expected 4xx)', [...ledger.refused.entries()].map(([k, v]) => `${k}×${v}`).join(', ') || 'none');
    result.measure('mean answer time seen by the mediators', `${Math.round(ledger.waitedMs / Math.max(1, ledger.requests))} ms over ${ledger.requests} requests`);
    result.measure('deadlines fired', inv.deadlinesExpired);
    result.measure('texts delivered', sms.length);
    result.measure('notifications', JSON.stringify(settled.notifications));
    result.measure('fired early', inv.early.length);

    expect(check.lost).toEqual([]);
    expect(check.duplicated).toEqual([]);
    expect(check.badReplays).toEqual([]);
    expect(ledger.undecided).toEqual([]);
    expect(check.acknowledged).toBeGreaterThan(P.mediators * 5);
    expect(inv.problems).toEqual([]);
    expect(inv.firingsNotOnce).toEqual([]);
    expect(inv.early).toEqual([]);
    expect(inv.deadlinesExpired).toBeGreaterThan(0);
    expect(textsTwice).toEqual([]);
    expect(unknownTexts).toEqual([]);
    expect(settled.notifications.FAILED ?? 0).toBe(0);
    expect(sms.length).toBeGreaterThan(0);
    // Nothing fell over: every API and worker process is still running.
    expect([...stack.apis, ...stack.workers].map((p) => p.alive())).toEqual([true, true, true, true]);
    result.passed = true;
  }, 900_000);
});

import { checkInvariants, eventually } from './support/checker';
import { Http, sendUntilDefinitive } from './support/http';
import { phoneFor, residentIdFor } from './support/mediators';
import { CHAOS_PROFILE } from './support/profile';
import { ScenarioResult } from './support/results';
import { ChaosStack, endOfDay } from './support/stack';

/**
 * Scenario 2 (issue 9): the worker is killed with SIGKILL at random moments while deadlines fire and
 * notifications go out, and restarted at once (as a supervisor would). Afterwards every expired
 * deadline has had its effect exactly once, none fired early, none was lost, every text reached the
 * provider once per dedupe key, and the outbox is empty. How long each kill took to recover from
 * (until everything due before it was done) is measured and reported.
 */
const P = CHAOS_PROFILE.workerKill;
const D = '2025-11-12';
const MIDNIGHT = endOfDay(D);
// Received 15 days before D: ARBITRATION_RIGHT ends at MIDNIGHT (a delayed timer); 16 days: it is already due.
const RECEIVED_FOR_MIDNIGHT = new Date('2025-10-28T10:00:00+08:00');
const RECEIVED_DUE_NOW = new Date('2025-10-27T10:00:00+08:00');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe(`Worker killed (kill -9) ${P.kills} times while deadlines and notifications fire (${CHAOS_PROFILE.name} profile)`, () => {
  const result = new ScenarioResult('2', 'worker kill -9 during firings', CHAOS_PROFILE.name);
  let stack: ChaosStack;

  beforeAll(async () => {
    stack = await ChaosStack.start({ name: 'kill', apis: 1, workers: 1, clockStart: `${D}T12:00:00+08:00` });
  }, 300_000);

  afterAll(async () => {
    result.write();
    await stack?.stop();
  }, 120_000);

  it('every deadline takes effect exactly once, no text goes out twice, nothing is lost', async () => {
    const mediator = await Http.login(stack.apis[0].url, 'mediator', 'tiaojie-demo');
    let opened = 0;
    const openAndAccept = async (receivedAt: Date) => {
      const n = 3_000_000 + opened++;
      const r = await sendUntilDefinitive(mediator, 'POST', '/api/cases', {
        channel: 'WALK_IN',
        regionCode: '420302',
        receivedAt: receivedAt.toISOString(),
        facts: '拖欠工资（进程被杀）',
        disputeTypes: ['WAGE_ARREARS'],
        workers: [{ name: `工人${n}`, idType: 'RESIDENT_ID', idNumber: residentIdFor(n), phone: phoneFor(n) }],
        employer: { name: '十堰市某公司', creditCode: '91110000802100433B' },
        claims: [{ type: 'WAGE_ARREARS', claimedFen: 800_000 }],
      });
      expect(r.answer.status).toBe(201);
      // ACCEPT races the acceptance service level's timer: on 409 read the new version and try again.
      for (let version = r.answer.body.version as number; ; ) {
        const a = await sendUntilDefinitive(mediator, 'POST', `/api/cases/${r.answer.body.id}/events`, { type: 'ACCEPT' }, { 'if-match': `"${version}"` });
        if (a.answer.status !== 409) break;
        version = (await mediator.get(`/api/cases/${r.answer.body.id}`)).body.version;
      }
    };

    // Every case's acceptance service level is long past (its timer fires as soon as the case is
    // opened, racing the ACCEPT); the cases opened in the first seconds wait for midnight, which falls
    // a few seconds into the kills (a burst of delayed timers); later ones are due at once.
    const burstLeadMs = CHAOS_PROFILE.name === 'full' ? 45_000 : 20_000;
    await stack.clock.set(stack.admin, new Date(MIDNIGHT.getTime() - burstLeadMs));
    const kills: { at: number; clockAt: Date; restartMs: number; recoveredMs?: number }[] = [];
    let feeding = true;
    const feed = async () => {
      while (feeding && opened < P.cases) {
        const beforeMidnight = stack.clock.now().getTime() < MIDNIGHT.getTime() - 3_000;
        await openAndAccept(beforeMidnight ? RECEIVED_FOR_MIDNIGHT : RECEIVED_DUE_NOW);
      }
    };
    const feeder = Promise.all([feed(), feed()]);

    // Recovery of each kill: until everything due or written before it has been done.
    const watching = { on: true };
    const watcher = (async () => {
      while (watching.on) {
        const pendingKill = kills.find((k) => k.recoveredMs === undefined);
        if (pendingKill) {
          const { rows } = await stack.db.query(
            `SELECT (SELECT count(*)::int FROM deadlines WHERE status = 'PENDING' AND due_at <= $1) AS deadlines,
                    (SELECT count(*)::int FROM outbox WHERE processed_at IS NULL AND created_at <= to_timestamp($2 / 1000.0)) AS outbox,
                    (SELECT count(*)::int FROM notifications WHERE status IN ('PENDING','SENDING') AND created_at <= $1) AS notifications`,
            [pendingKill.clockAt, pendingKill.at],
          );
          if (rows[0].deadlines + rows[0].outbox + rows[0].notifications === 0) pendingKill.recoveredMs = Date.now() - pendingKill.at;
        }
        await sleep(200);
      }
    })();

    let settled: { notifications: Record<string, number> };
    try {
      try {
        for (let k = 0; k < P.kills; k++) {
          await sleep(1000 + Math.random() * 3000);
          const [worker] = stack.liveWorkers();
          const at = Date.now();
          const clockAt = stack.clock.now();
          await worker.kill('SIGKILL');
          expect((await worker.exited).signal).toBe('SIGKILL');
          await stack.addWorker();
          kills.push({ at, clockAt, restartMs: Date.now() - at });
        }
      } finally {
        feeding = false;
        await feeder;
      }
      // The last worker finishes everything.
      settled = await stack.settle(180_000);
      await eventually(async () => kills.every((k) => k.recoveredMs !== undefined), 60_000).catch(() => undefined);
    } finally {
      watching.on = false;
      await watcher;
    }

    const inv = await checkInvariants(stack.db, stack.databaseUrl);
    const smsRows = (await stack.db.query(`SELECT dedupe_key FROM notifications WHERE channel = 'SMS' AND status = 'SENT'`)).rows.map((r) => r.dedupe_key as string);
    const deliveredPerKey = new Map<string, number>();
    for (const d of stack.gateway.delivered) deliveredPerKey.set(d.key ?? '', (deliveredPerKey.get(d.key ?? '') ?? 0) + 1);
    const requestsPerKey = new Map<string, number>();
    for (const r of stack.gateway.requests) requestsPerKey.set(r.key ?? '', (requestsPerKey.get(r.key ?? '') ?? 0) + 1);
    const deliveredTwice = [...deliveredPerKey.entries()].filter(([, n]) => n > 1);
    const notDelivered = smsRows.filter((k) => !deliveredPerKey.has(k));
    const resent = [...requestsPerKey.values()].filter((n) => n > 1).length;

    const recoveries = kills.map((k) => k.recoveredMs ?? Number.POSITIVE_INFINITY).sort((a, b) => a - b);
    const restarts = kills.map((k) => k.restartMs).sort((a, b) => a - b);
    const s = (ms: number) => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(1)} s` : 'not within the wait');
    result.load = `${opened} cases opened and accepted during the kills; ${inv.deadlinesExpired} deadlines fired; ${smsRows.length} texts`;
    result.faults = `${kills.length} × kill -9 of the worker`;
    result.duplicated = inv.firingsNotOnce.length + deliveredTwice.length;
    result.lost = notDelivered.length;
    result.measure('worker back up after kill (median / max)', `${s(restarts[Math.floor(restarts.length / 2)])} / ${s(restarts[restarts.length - 1])}`);
    result.measure('caught up after kill (median / max; promise ≤ 15 s)', `${s(recoveries[Math.floor(recoveries.length / 2)])} / ${s(recoveries[recoveries.length - 1])}`);
    result.measure('texts re-sent after a kill, deduplicated by the provider key', resent);
    result.measure('notifications', JSON.stringify(settled.notifications));
    result.measure('fired early', inv.early.length);

    expect(kills).toHaveLength(P.kills);
    expect(inv.problems).toEqual([]);
    expect(inv.firingsNotOnce).toEqual([]);
    expect(inv.early).toEqual([]);
    expect(inv.deadlinesExpired).toBeGreaterThanOrEqual(opened);
    expect(deliveredTwice).toEqual([]);
    expect(notDelivered).toEqual([]);
    expect(settled.notifications.FAILED ?? 0).toBe(0);
    expect(stack.liveWorkers()).toHaveLength(1);
    expect(stack.apis[0].alive()).toBe(true);
    result.passed = true;
  }, 1_800_000);
});


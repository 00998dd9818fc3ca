import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { checkInvariants, eventually, overduePending } from './support/checker';
import { Http, sendUntilDefinitive } from './support/http';
import { phoneFor, residentIdFor } from './support/mediators';
import { CHAOS_PROFILE } from './support/profile';
import { ScenarioResult } from './support/results';
import { ChaosStack, endOfDay } from './support/stack';

/**
 * Deadline timers under faults (issue 9), one API and one worker process on a private Redis:
 *
 * Scenario 2 — the worker is killed with SIGKILL at random moments while deadlines fire and
 * notifications go out, and restarted at once (as a supervisor would). Afterwards every expired
 * deadline has had its effect exactly once, none fired early, none was lost, every text reached the
 * provider once per dedupe key, and the outbox is empty. How long each kill took to recover from
 * (until everything due before it was done) is measured and reported.
 *
 * Scenario 3 — Redis loses everything while thousands of deadlines are pending: first a FLUSHALL,
 * then a kill -9 and a restart without persistence. PostgreSQL holds the deadlines; Redis only the
 * wake-up calls. Each time every pending deadline gets its timer back (measured; promise: within
 * 30 s: one wake-up job per distinct due instant, so a few dozen jobs), and the ones due next fire
 * once, at their time, never early. The test clock stands a little before midnight at each fault, so
 * the re-armed wake-up of the deadlines ending then rings seconds later: proof it was re-armed for
 * when they are due, not at once and not never.
 */
const D = '2025-11-12'; // a Wednesday; D + 1 and D + 2 are working days too
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe(`Deadline timers under faults (${CHAOS_PROFILE.name} profile)`, () => {
  let stack: ChaosStack;

  beforeAll(async () => {
    stack = await ChaosStack.start({ name: 'timers', apis: 1, workers: 1, clockStart: `${D}T12:00:00+08:00` });
  }, 300_000);

  afterAll(async () => {
    await stack?.stop();
  }, 120_000);

  describe(`worker killed (kill -9) ${CHAOS_PROFILE.workerKill.kills} times while deadlines and notifications fire`, () => {
    const P = CHAOS_PROFILE.workerKill;
    const MIDNIGHT = endOfDay(D);
    // Received 15 days before D: ARBITRATION_RIGHT ends at MIDNIGHT (a delayed timer); 16 days: it is already due.
    const RECEIVED_FOR_MIDNIGHT = new Date('2025-10-28T10:00:00+08:00');
    const RECEIVED_DUE_NOW = new Date('2025-10-27T10:00:00+08:00');
    const result = new ScenarioResult('2', 'worker kill -9 during firings', CHAOS_PROFILE.name);
    afterAll(() => result.write());

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
      // Two clerks at a steady pace, so work keeps arriving for as long as the kills go on.
      const feed = async () => {
        while (feeding && opened < P.cases) {
          const beforeMidnight = stack.clock.now().getTime() < MIDNIGHT.getTime() - 3_000;
          await openAndAccept(beforeMidnight ? RECEIVED_FOR_MIDNIGHT : RECEIVED_DUE_NOW);
          await sleep(300);
        }
      };
      const feeder = Promise.all([feed(), feed()]);

      // Recovered from a kill: everything that was due, or written, before it has been done.
      const recovered = async (k: { at: number; clockAt: Date }) => {
        const { rows } = await stack.db.query(
          `SELECT (SELECT count(*)::int FROM deadlines WHERE status = 'PENDING' AND due_at <= $1) AS deadlines,
                  (SELECT count(*)::int FROM outbox WHERE processed_at IS NULL AND created_at <= to_timestamp($2 / 1000.0)) AS outbox,
                  (SELECT count(*)::int FROM notifications WHERE status IN ('PENDING','SENDING') AND created_at <= $1) AS notifications`,
          [k.clockAt, k.at],
        );
        return rows[0].deadlines + rows[0].outbox + rows[0].notifications === 0;
      };

      let settled: { notifications: Record<string, number> };
      try {
        for (let k = 0; k < P.kills; k++) {
          // A random moment while cases keep arriving and their deadlines and texts keep going out.
          await sleep(500 + Math.random() * 2500);
          const [worker] = stack.liveWorkers();
          const kill = { at: Date.now(), clockAt: stack.clock.now(), restartMs: 0, recoveredMs: undefined as number | undefined };
          await worker.kill('SIGKILL');
          expect((await worker.exited).signal).toBe('SIGKILL');
          await stack.addWorker(); // restarted at once, as a supervisor would
          kill.restartMs = Date.now() - kill.at;
          kills.push(kill);
          // Before the next kill, the new worker catches up with what the killed one left (measured, not asserted).
          await eventually(() => recovered(kill), 120_000, 200)
            .then(() => (kill.recoveredMs = Date.now() - kill.at))
            .catch(() => undefined);
        }
      } finally {
        feeding = false;
        await feeder;
      }
      // Midnight has passed (its burst included), and the last worker finishes everything.
      await eventually(async () => stack.clock.now().getTime() > MIDNIGHT.getTime() + 1000, 120_000);
      settled = await stack.settle(180_000);

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
      // Every case's right to arbitration opened (at midnight or at once), each exactly once.
      const rights = (await stack.db.query(`SELECT status, count(*)::int AS n FROM deadlines WHERE kind = 'ARBITRATION_RIGHT' GROUP BY status`)).rows;
      expect(rights).toEqual([{ status: 'EXPIRED', n: opened }]);
      expect(deliveredTwice).toEqual([]);
      expect(notDelivered).toEqual([]);
      expect(settled.notifications.FAILED ?? 0).toBe(0);
      expect(stack.liveWorkers()).toHaveLength(1);
      expect(stack.apis[0].alive()).toBe(true);
      result.passed = true;
    }, 1_800_000);
  });

  describe(`Redis loses everything with ${(CHAOS_PROFILE.redisLoss.cases * 3).toLocaleString('en-US')}± pending deadlines`, () => {
    const P = CHAOS_PROFILE.redisLoss;
    const MIDNIGHT_1 = endOfDay('2025-11-13');
    const MIDNIGHT_2 = endOfDay('2025-11-14');
    const RECEIVED_1 = new Date('2025-10-29T10:00:00+08:00'); // ARBITRATION_RIGHT ends at MIDNIGHT_1
    const RECEIVED_2 = new Date('2025-10-30T10:00:00+08:00'); // … at MIDNIGHT_2
    const LEAD_MS = CHAOS_PROFILE.name === 'full' ? 25_000 : 12_000;
    const result = new ScenarioResult('3', 'Redis loses everything (FLUSHALL; restart empty)', CHAOS_PROFILE.name);
    let connection: IORedis;
    let queue: Queue;

    afterAll(async () => {
      result.write();
      await queue?.close().catch(() => undefined);
      connection?.disconnect();
    });

    const pending = async () =>
      (await stack.db.query(`SELECT id, generation, due_at FROM deadlines WHERE status = 'PENDING'`)).rows as { id: string; generation: number; due_at: Date }[];

    /**
     * Pending deadlines that no live wake-up job will fire. There is one wake-up per due instant
     * (job id `due-<epochMs>`, or `due-<epochMs>-<suffix>` for one of its own): a pending deadline is
     * covered by a waiting, delayed, active or prioritized wake-up for its own instant, or — once it
     * is due — by any such wake-up for an instant already come (it fires everything due).
     */
    async function withoutTimer(): Promise<number> {
      const rows = await pending();
      const p = connection.pipeline();
      for (const set of ['delayed', 'prioritized']) p.zrange(queue.toKey(set), 0, -1);
      for (const list of ['wait', 'active', 'paused']) p.lrange(queue.toKey(list), 0, -1);
      const instants = new Set<number>();
      for (const [, ids] of (await p.exec()) ?? []) {
        for (const id of (ids as string[] | null) ?? []) {
          const m = /^due-(\d+)(?:-|$)/.exec(id);
          if (m) instants.add(Number(m[1]));
        }
      }
      const now = stack.clock.now().getTime();
      const anyCome = [...instants].some((t) => t <= now);
      return rows.filter((d) => !instants.has(d.due_at.getTime()) && !(d.due_at.getTime() <= now && anyCome)).length;
    }

    it('re-arms every pending deadline after a FLUSHALL and after a restart without persistence; each fires once, never early', async () => {
      const mediator = await Http.login(stack.apis[0].url, 'mediator', 'tiaojie-demo');
      let n = 0;
      const open = async (receivedAt?: Date) => {
        const i = 5_000_000 + n++;
        const r = await sendUntilDefinitive(mediator, 'POST', '/api/cases', {
          channel: 'WALK_IN',
          regionCode: '420302',
          ...(receivedAt ? { receivedAt: receivedAt.toISOString() } : {}),
          facts: '拖欠工资（Redis 丢失）',
          disputeTypes: ['WAGE_ARREARS'],
          workers: [{ name: `工人${i}`, idType: 'RESIDENT_ID', idNumber: residentIdFor(i), phone: phoneFor(i) }],
          employer: { name: '十堰市某公司', creditCode: '91350100M000100Y43' },
          claims: [{ type: 'WAGE_ARREARS', claimedFen: 300_000 }],
        });
        expect(r.answer.status).toBe(201);
      };
      const kinds = Array.from({ length: P.cases }, (_, i) => (i % 6 === 0 ? RECEIVED_1 : i % 6 === 1 ? RECEIVED_2 : undefined));
      for (let i = 0; i < kinds.length; i += 4) await Promise.all(kinds.slice(i, i + 4).map((k) => open(k)));

      connection = new IORedis(stack.redis.url, { maxRetriesPerRequest: null });
      connection.on('error', () => undefined);
      queue = new Queue('deadlines', { connection, prefix: stack.env.QUEUE_PREFIX });
      await stack.settle(120_000);
      await eventually(async () => (await withoutTimer()) === 0, 120_000);
      const armed = (await pending()).length;
      const dueAt1 = Number((await stack.db.query(`SELECT count(*)::int n FROM deadlines WHERE status = 'PENDING' AND due_at = $1`, [MIDNIGHT_1])).rows[0].n);
      expect(armed).toBeGreaterThan(P.cases * 2);
      expect(dueAt1).toBeGreaterThan(0);

      // Fault 1: FLUSHALL shortly before midnight.
      await stack.clock.set(stack.admin, new Date(MIDNIGHT_1.getTime() - LEAD_MS));
      await eventually(async () => (await withoutTimer()) === 0, 60_000);
      const armedNow = (await pending()).length;
      await stack.redis.flushAll();
      const flushedAt = Date.now();
      expect(await withoutTimer()).toBe(armedNow);
      const rearm1 = await eventually(async () => (await withoutTimer()) === 0, 180_000, 250).catch(async (e) => {
        throw new Error(`${(e as Error).message}: ${await withoutTimer()} of ${armed} pending deadlines still without a timer\n${await stack.diagnose()}`);
      });
      result.measure('re-armed after FLUSHALL (promise ≤ 30 s)', `${(rearm1.ms / 1000).toFixed(1)} s for ${armed} deadlines`);
      // Midnight passes: the deadlines ending then fire, once.
      await eventually(async () => stack.clock.now().getTime() > MIDNIGHT_1.getTime() + 1000, 120_000);
      await stack.settle(120_000);
      const fired1 = Number((await stack.db.query(`SELECT count(*)::int n FROM deadlines WHERE status = 'EXPIRED' AND due_at = $1`, [MIDNIGHT_1])).rows[0].n);
      expect(fired1).toBe(dueAt1);
      result.measure('fired at midnight after the flush', `${fired1} of ${dueAt1}, ${((Date.now() - flushedAt) / 1000).toFixed(0)} s after the flush`);

      // Fault 2: Redis killed and restarted without persistence, shortly before the next midnight.
      const stillPending = (await pending()).length;
      const dueAt2 = Number((await stack.db.query(`SELECT count(*)::int n FROM deadlines WHERE status = 'PENDING' AND due_at = $1`, [MIDNIGHT_2])).rows[0].n);
      expect(dueAt2).toBeGreaterThan(0);
      await stack.clock.set(stack.admin, new Date(MIDNIGHT_2.getTime() - LEAD_MS));
      await stack.redis.kill();
      await new Promise((r) => setTimeout(r, 2000));
      await stack.redis.restart();
      const restartedAt = Date.now();
      const rearm2 = await eventually(async () => (await withoutTimer()) === 0, 180_000, 250).catch(async (e) => {
        throw new Error(`${(e as Error).message}: ${await withoutTimer()} still without a timer\n${await stack.diagnose()}`);
      });
      result.measure('re-armed after restart without persistence (promise ≤ 30 s)', `${(rearm2.ms / 1000).toFixed(1)} s for ${stillPending} deadlines`);
      await eventually(async () => stack.clock.now().getTime() > MIDNIGHT_2.getTime() + 1000, 120_000);
      await stack.settle(120_000);
      const fired2 = Number((await stack.db.query(`SELECT count(*)::int n FROM deadlines WHERE status = 'EXPIRED' AND due_at = $1`, [MIDNIGHT_2])).rows[0].n);
      expect(fired2).toBe(dueAt2);
      result.measure('fired at midnight after the restart', `${fired2} of ${dueAt2}, ${((Date.now() - restartedAt) / 1000).toFixed(0)} s after the restart`);

      expect(await overduePending(stack.db, new Date(stack.clock.now().getTime() - 1000))).toBe(0);
      expect(await withoutTimer()).toBe(0);
      const inv = await checkInvariants(stack.db, stack.databaseUrl);
      result.load = `${n} cases, ${armed.toLocaleString('en-US')} pending deadlines`;
      result.faults = 'FLUSHALL; kill -9 + restart without persistence';
      result.duplicated = inv.firingsNotOnce.length;
      result.lost = dueAt1 - fired1 + (dueAt2 - fired2);
      result.measure('fired early', inv.early.length);
      expect(inv.problems).toEqual([]);
      expect(inv.firingsNotOnce).toEqual([]);
      expect(inv.early).toEqual([]);
      // The API and the last worker rode out both losses.
      expect(stack.apis.every((p) => p.alive())).toBe(true);
      expect(stack.liveWorkers()).toHaveLength(1);
      result.passed = true;
    }, 1_800_000);
  });
});

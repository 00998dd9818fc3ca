import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { checkInvariants, eventually, overduePending } from './support/checker';
import { Http, sendUntilDefinitive } from './support/http';
import { phoneFor, residentIdFor } from './support/mediators';
import { CHAOS_PROFILE } from './support/profile';
import { ScenarioResult } from './support/results';
import { ChaosStack, endOfDay } from './support/stack';

/**
 * Scenario 3 (issue 9): Redis loses everything while thousands of deadlines are pending — first a
 * FLUSHALL, then a kill -9 and a restart without persistence. PostgreSQL holds the deadlines;
 * Redis only the wake-up calls. Each time, every pending deadline gets its timer back (measured,
 * promise: within 30 s), the ones due next fire once, at their time, never early.
 *
 * The test clock stands a little before midnight at each fault, so the re-armed timers of the
 * deadlines ending at that midnight ring a few seconds later: proof they were re-armed for when they
 * are due, not at once and not never.
 */
const P = CHAOS_PROFILE.redisLoss;
const D = '2025-11-12'; // Wednesday; D + 1 is a Thursday
const MIDNIGHT_1 = endOfDay(D);
const MIDNIGHT_2 = endOfDay('2025-11-13');
const RECEIVED_1 = new Date('2025-10-28T10:00:00+08:00'); // ARBITRATION_RIGHT ends at MIDNIGHT_1
const RECEIVED_2 = new Date('2025-10-29T10:00:00+08:00'); // … at MIDNIGHT_2
const LEAD_MS = 25_000;

describe(`Redis loses everything with ${P.cases * 3}± pending deadlines (${CHAOS_PROFILE.name} profile)`, () => {
  const result = new ScenarioResult('3', 'Redis loses everything (FLUSHALL; restart empty)', CHAOS_PROFILE.name);
  let stack: ChaosStack;
  let connection: IORedis;
  let queue: Queue;

  beforeAll(async () => {
    stack = await ChaosStack.start({ name: 'redis', apis: 1, workers: 1, clockStart: `${D}T12:00:00+08:00` });
  }, 300_000);

  afterAll(async () => {
    result.write();
    await queue?.close().catch(() => undefined);
    connection?.disconnect();
    await stack?.stop();
  }, 120_000);

  const pending = async () =>
    (await stack.db.query(`SELECT id, generation FROM deadlines WHERE status = 'PENDING'`)).rows as { id: string; generation: number }[];

  /** Pending deadlines without a timer in Redis. */
  async function withoutTimer(): Promise<number> {
    const rows = await pending();
    const pipeline = connection.pipeline();
    for (const d of rows) pipeline.exists(queue.toKey(`deadline-${d.id}-g${d.generation}`));
    const results = (await pipeline.exec()) ?? [];
    return rows.filter((_, i) => results[i]?.[1] !== 1).length;
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
    await stack.redis.flushAll();
    const flushedAt = Date.now();
    expect(await withoutTimer()).toBe(armed);
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
    expect([...stack.apis, ...stack.workers].every((p) => p.alive())).toBe(true);
    result.passed = true;
  }, 1_800_000);
});

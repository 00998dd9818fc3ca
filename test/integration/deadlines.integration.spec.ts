import type { INestApplicationContext } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { FireDeadlineCommand, FireDueDeadlinesCommand } from '@tiaojie/cases';
import { DeadlineReconciler, DeadlineTimers, deadlineJobId, FIRE_DEADLINE_JOB, OutboxRelay, WAKE_UP_JOB, wakeUpInstant, wakeUpJobId } from '@tiaojie/deadlines';
import { demoUserId } from '@tiaojie/identity';
import { DeadlineTypeormRepository, TransactionRunner } from '@tiaojie/persistence';
import { anOpenCaseRequest, TEST_DATABASE_URL, TEST_REDIS_URL } from '@tiaojie/testing';
import IORedis from 'ioredis';
import { Client } from 'pg';
import { ApiClient, startApi, startWorker, waitFor, type RunningApi } from '../support/harness';

/**
 * Durable deadlines on the real PostgreSQL, Redis and BullMQ (DESIGN §4): rows are the truth,
 * jobs are wake-up calls — one per distinct due instant — that may be lost, late or duplicated
 * without harm.
 */
describe('Durable deadlines', () => {
  let api: RunningApi;
  let worker: INestApplicationContext;
  let mediator: ApiClient;
  let admin: ApiClient;
  let db: Client;
  let redis: IORedis;

  beforeAll(async () => {
    api = await startApi();
    worker = await startWorker();
    mediator = await ApiClient.login(api.url, 'mediator');
    admin = await ApiClient.login(api.url, 'admin');
    db = new Client({ connectionString: TEST_DATABASE_URL });
    await db.connect();
    redis = new IORedis(TEST_REDIS_URL);
  });
  afterAll(async () => {
    await worker.close();
    await api.close();
    await db.end();
    redis.disconnect();
  });

  const clockNow = async () => new Date((await admin.get('/api/admin/clock')).body.now);
  const deadline = async (caseId: string, kind: string) =>
    (await db.query(`SELECT id, status, generation, due_at FROM deadlines WHERE case_id = $1 AND kind = $2 ORDER BY created_at DESC LIMIT 1`, [caseId, kind])).rows[0];
  const events = async (caseId: string, type: string) =>
    (await db.query(`SELECT seq FROM case_events WHERE case_id = $1 AND type = $2`, [caseId, type])).rowCount;
  const jobState = (id: string, generation: number) => worker.get(DeadlineTimers).queue.getJobState(deadlineJobId(id, generation));
  /** The live (not failed, not completed) wake-ups for one instant: the shared one and any of their own. */
  const wakeUpsFor = async (dueAt: Date) => {
    const jobs = await worker.get(DeadlineTimers).queue.getJobs(['delayed', 'waiting', 'active', 'prioritized']);
    return jobs.filter((j) => j?.id && wakeUpInstant(j.id) === dueAt.getTime());
  };

  async function openAccepted(): Promise<any> {
    const opened = await mediator.post('/api/cases', anOpenCaseRequest());
    return (await mediator.event(opened.body.id, 1, { type: 'ACCEPT' })).body;
  }

  it('round trip: a command writes the row and the outbox, the relay arms the job, the job fires and the case moves', async () => {
    // An application received 40 days ago: its ARBITRATION_RIGHT deadline is already due when the case is opened.
    const receivedAt = new Date((await clockNow()).getTime() - 40 * 86400_000).toISOString();
    const opened = (await mediator.post('/api/cases', anOpenCaseRequest({ receivedAt }))).body;
    const right = await deadline(opened.id, 'ARBITRATION_RIGHT');
    expect(right.status).toBe('PENDING');
    expect((await db.query(`SELECT count(*)::int n FROM outbox WHERE topic = 'deadline.arm' AND payload->>'deadlineId' = $1`, [right.id])).rows[0].n).toBe(1);

    await waitFor(async () => (await deadline(opened.id, 'ARBITRATION_RIGHT')).status === 'EXPIRED');
    const after = (await mediator.get(`/api/cases/${opened.id}`)).body;
    expect(after.state).toBe('intake');
    const expired = await db.query(`SELECT payload->>'kind' AS kind FROM case_events WHERE case_id = $1 AND type = 'DEADLINE_EXPIRED'`, [opened.id]);
    expect(expired.rows.filter((r) => r.kind === 'ARBITRATION_RIGHT')).toHaveLength(1);
    const notes = await db.query(`SELECT payload FROM outbox WHERE topic = 'notification.requested' AND payload->>'caseId' = $1`, [opened.id]);
    expect(notes.rows.map((r) => r.payload.template)).toContain('ARBITRATION_RIGHT_OPEN');

    // Mediation period: three cases accepted the same day share the instant their periods end, and
    // so one wake-up. Bring the shared test clock to two seconds before it; the wake-up, delayed in
    // real time for fifteen days, is now late: the reconciler re-arms it for the new "now", and it
    // fails all three mediations.
    const cs = [await openAccepted(), await openAccepted(), await openAccepted()];
    const periods = await Promise.all(cs.map((x) => deadline(x.id, 'MEDIATION_PERIOD')));
    const period = periods[0];
    expect(periods.map((p) => p.due_at.getTime())).toEqual([0, 1, 2].map(() => period.due_at.getTime()));
    await worker.get(OutboxRelay).drain();
    expect((await wakeUpsFor(period.due_at)).map((j) => j.id)).toEqual([wakeUpJobId(period.due_at.getTime())]);
    await admin.post('/api/admin/clock', { set: new Date(period.due_at.getTime() - 2000).toISOString() });
    for (const x of cs) await waitFor(async () => (await mediator.get(`/api/cases/${x.id}`)).body.state === 'mediation.awaitingMediator');
    await new Promise((r) => setTimeout(r, 1200)); // the worker's clock syncs from PostgreSQL every second
    const swept = await worker.get(DeadlineReconciler).reconcile();
    expect(swept.rearmed).toBeGreaterThanOrEqual(1);
    // (It may already have run: otherwise it is due within seconds.)
    for (const j of await wakeUpsFor(period.due_at)) expect(j.timestamp + j.delay).toBeLessThan(Date.now() + 5_000);
    for (const x of cs) await waitFor(async () => (await mediator.get(`/api/cases/${x.id}`)).body.state === 'failed', 10_000);
    for (const x of cs) expect((await deadline(x.id, 'MEDIATION_PERIOD')).status).toBe('EXPIRED');
  });

  it('a deadline due at once or within two seconds gets a wake-up of its own; later ones share their instant\'s', async () => {
    const timers = worker.get(DeadlineTimers);
    const now = (await clockNow()).getTime();
    const soon = new Date(now + 500);
    const later = new Date(now + 3_600_000);
    await timers.armMany([{ dueAt: soon }, { dueAt: later }, { dueAt: later }]);
    await timers.armMany([{ dueAt: soon }, { dueAt: later }]);
    const own = (await wakeUpsFor(soon)).map((j) => j.id!);
    expect(own).toHaveLength(2);
    for (const id of own) expect(id.startsWith(`${wakeUpJobId(soon.getTime())}-`)).toBe(true);
    expect((await wakeUpsFor(later)).map((j) => j.id)).toEqual([wakeUpJobId(later.getTime())]);
    await timers.drop(later.getTime());
  });

  it('deadlines of one case due at the same instant fire statutory periods first, service levels after', async () => {
    // A county case's 30-day tier service level and its 30-day confirmation window end at the same
    // 24:00; which fires first decides whether the case is escalated. Six cases, the service level
    // started earlier in each: ordered by id or by start, some would come service level first.
    const at = new Date(Date.UTC(2099, 0, 1, 16));
    const pairs: { caseId: string; sla: string; statutory: string }[] = [];
    for (let i = 0; i < 6; i++) {
      const c = await openAccepted();
      const rows = (await db.query(`SELECT id, kind FROM deadlines WHERE case_id = $1 AND status = 'PENDING'`, [c.id])).rows;
      const sla = rows.find((r) => r.kind === 'TIER_SLA');
      const statutory = rows.find((r) => r.kind === 'MEDIATION_PERIOD' || r.kind === 'ARBITRATION_RIGHT');
      expect(sla && statutory).toBeTruthy();
      await db.query(
        `UPDATE deadlines SET due_at = $2, created_at = CASE WHEN kind = 'TIER_SLA' THEN created_at - interval '1 day' ELSE created_at END WHERE id = ANY($1::uuid[])`,
        [[sla.id, statutory.id], at],
      );
      pairs.push({ caseId: c.id, sla: sla.id, statutory: statutory.id });
    }
    try {
      const due = await worker.get(DeadlineTypeormRepository).findPendingDueBefore(worker.get(TransactionRunner).reader, at, 100_000);
      for (const p of pairs) {
        const order = due.filter((d) => d.caseId === p.caseId && d.dueAt.getTime() === at.getTime()).map((d) => d.id);
        expect(order).toEqual([p.statutory, p.sla]);
      }
    } finally {
      // Nothing here may fire in 2099 or trouble the tests after this one.
      await db.query(`UPDATE deadlines SET status = 'CANCELLED' WHERE case_id = ANY($1::uuid[]) AND status = 'PENDING'`, [pairs.map((p) => p.caseId)]);
    }
  });

  it('a stale, duplicated or early timer is a no-op', async () => {
    const bus = worker.get(CommandBus);
    const c = await openAccepted();
    const period = await deadline(c.id, 'MEDIATION_PERIOD');

    // Early: the deadline is pending but not due; nothing changes.
    expect(await bus.execute(new FireDeadlineCommand(period.id))).toMatchObject({ outcome: 'early' });
    expect((await mediator.get(`/api/cases/${c.id}`)).body.version).toBe(2);

    // Stale: the agreement met the deadline; a timer for it does nothing.
    let view = (await mediator.event(c.id, 2, { type: 'ASSIGN_MEDIATOR', mediatorId: demoUserId('mediator') })).body;
    const today = view.openedAt.slice(0, 10);
    view = (
      await mediator.event(c.id, view.version, {
        type: 'REACH_AGREEMENT',
        items: [{ type: 'WAGE_ARREARS', agreedFen: 300_000 }],
        schedule: [{ dueDate: today, amountFen: 300_000 }],
        signedAt: (await clockNow()).toISOString(),
      })
    ).body;
    expect(view.state).toBe('agreed');
    expect(await bus.execute(new FireDeadlineCommand(period.id))).toEqual({ outcome: 'not-pending' });
    expect((await mediator.get(`/api/cases/${c.id}`)).body.version).toBe(view.version);
    expect(await events(c.id, 'DEADLINE_EXPIRED')).toBe(0);
    expect(await bus.execute(new FireDeadlineCommand('00000000-0000-4000-8000-000000000000'))).toEqual({ outcome: 'missing' });

    // Duplicated: two firings of a due deadline at once give one effect.
    const receivedAt = new Date((await clockNow()).getTime() - 40 * 86400_000).toISOString();
    const late = (await mediator.post('/api/cases', anOpenCaseRequest({ receivedAt }))).body;
    const right = await deadline(late.id, 'ARBITRATION_RIGHT');
    const results = await Promise.all([bus.execute(new FireDeadlineCommand(right.id)), bus.execute(new FireDeadlineCommand(right.id))]);
    await waitFor(async () => (await deadline(late.id, 'ARBITRATION_RIGHT')).status === 'EXPIRED');
    expect(results.filter((r) => r.outcome === 'fired').length).toBeLessThanOrEqual(1);
    const fired = await db.query(`SELECT count(*)::int n FROM case_events WHERE case_id = $1 AND type = 'DEADLINE_EXPIRED' AND payload->>'deadlineId' = $2`, [late.id, right.id]);
    expect(fired.rows[0].n).toBe(1);
  });

  it('a wake-up that runs before its instant goes back to sleep until it has come, and fires nothing', async () => {
    const c = await openAccepted();
    const period = await deadline(c.id, 'MEDIATION_PERIOD');
    await worker.get(OutboxRelay).drain();
    const timers = worker.get(DeadlineTimers);
    const id = wakeUpJobId(period.due_at.getTime());
    await timers.drop(period.due_at.getTime());
    // A wrong wake-up call: due now according to Redis, 15 days early according to the clock.
    await timers.queue.add(WAKE_UP_JOB, { dueAt: period.due_at.getTime() }, { jobId: id });
    await waitFor(async () => (await timers.queue.getJobState(id)) === 'delayed');
    const job = await timers.queue.getJob(id);
    expect(job!.timestamp + job!.delay).toBeGreaterThan(Date.now() + 13 * 86400_000);
    expect((await deadline(c.id, 'MEDIATION_PERIOD')).status).toBe('PENDING');
    expect((await mediator.get(`/api/cases/${c.id}`)).body.state).toBe('mediation.awaitingMediator');
  });

  it('a sweep fires many cases several to a transaction; a case whose firing fails is fired alone and holds up only itself', async () => {
    const bus = worker.get(CommandBus);
    const cs = [];
    for (let i = 0; i < 10; i++) cs.push(await openAccepted());
    const ids = cs.map((c) => c.id as string);
    const broken = ids[9];
    // Due an hour ago, one second apart (the sweep's order), the broken case last: a snapshot of a
    // machine version nobody registered makes its firing throw.
    const base = (await clockNow()).getTime() - 3_600_000;
    for (const [i, id] of ids.entries()) {
      await db.query(`UPDATE deadlines SET due_at = $2 WHERE case_id = $1 AND kind = 'MEDIATION_PERIOD'`, [id, new Date(base + i * 1000)]);
    }
    const { rows: [saved] } = await db.query(`SELECT snapshot FROM cases WHERE id = $1`, [broken]);
    await db.query(`UPDATE cases SET snapshot = jsonb_set(snapshot, '{machineVersion}', '"case-v0-unknown"') WHERE id = $1`, [broken]);
    try {
      await expect(bus.execute(new FireDueDeadlinesCommand())).rejects.toThrow(/unknown case machine version/);
      const fine = ids.slice(0, 9);
      for (const id of fine) expect((await mediator.get(`/api/cases/${id}`)).body.state).toBe('failed');
      const expired = await db.query(
        `SELECT case_id, xmin::text AS tx FROM case_events WHERE type = 'DEADLINE_EXPIRED' AND payload->>'kind' = 'MEDIATION_PERIOD' AND case_id = ANY($1::uuid[])`,
        [fine],
      );
      expect(expired.rows.map((r) => r.case_id).sort()).toEqual([...fine].sort()); // each once
      // Several to a transaction: the first six cases' events were written by at most three.
      const firstSix = new Set(expired.rows.filter((r) => ids.slice(0, 6).includes(r.case_id)).map((r) => r.tx));
      expect(firstSix.size).toBeLessThanOrEqual(3);
      // Their termination notes: one each, numbered without gaps.
      const notes = await db.query(`SELECT case_id, doc_no FROM case_documents WHERE kind = 'TERMINATION_NOTE' AND case_id = ANY($1::uuid[]) ORDER BY doc_no`, [fine]);
      expect(notes.rows.map((r) => r.case_id).sort()).toEqual([...fine].sort());
      const numbers = notes.rows.map((r) => Number(r.doc_no.split('-').at(-1)));
      expect(numbers).toEqual(numbers.map((_, i) => numbers[0] + i));
      // The broken case's deadline still waits, and fires once its case can be read again.
      expect((await deadline(broken, 'MEDIATION_PERIOD')).status).toBe('PENDING');
    } finally {
      await db.query(`UPDATE cases SET snapshot = $2 WHERE id = $1`, [broken, saved.snapshot]);
    }
    await bus.execute(new FireDueDeadlinesCommand());
    expect((await deadline(broken, 'MEDIATION_PERIOD')).status).toBe('EXPIRED');
    expect(await events(broken, 'DEADLINE_EXPIRED')).toBeGreaterThanOrEqual(1);
  });

  it('a per-deadline job of the format before wake-ups (still in Redis after an upgrade) is still run, and never early', async () => {
    const c = await openAccepted();
    const period = await deadline(c.id, 'MEDIATION_PERIOD');
    const timers = worker.get(DeadlineTimers);
    await timers.queue.add(FIRE_DEADLINE_JOB, { deadlineId: period.id, generation: period.generation }, { jobId: deadlineJobId(period.id, period.generation) });
    await waitFor(async () => (await jobState(period.id, period.generation)) === 'delayed');
    const job = await timers.queue.getJob(deadlineJobId(period.id, period.generation));
    expect(job!.timestamp + job!.delay).toBeGreaterThan(Date.now() + 13 * 86400_000);
    expect((await deadline(c.id, 'MEDIATION_PERIOD')).status).toBe('PENDING');
    await job!.remove();
  });

  it('after Redis loses everything (FLUSHDB of its database) the reconciler re-arms a wake-up for every due instant', async () => {
    for (let i = 0; i < 20; i++) await openAccepted();
    await worker.get(OutboxRelay).drain();
    const pending = (await db.query(`SELECT id, generation, due_at AS "dueAt" FROM deadlines WHERE status = 'PENDING'`)).rows;
    expect(pending.length).toBeGreaterThanOrEqual(40);
    const instants = new Set(pending.map((d) => d.dueAt.getTime()));
    expect(instants.size).toBeLessThan(pending.length); // deadlines share instants (the end of a day)
    const timers = worker.get(DeadlineTimers);
    expect(await timers.withoutWakeUp(pending)).toEqual([]);

    await redis.flushdb(); // all the app's keys; other databases on the server (other test runs) are left alone
    expect((await timers.withoutWakeUp(pending)).length).toBe(pending.length);

    const swept = await worker.get(DeadlineReconciler).reconcile();
    expect(swept.checked).toBe(instants.size);
    expect(swept.rearmed).toBe(instants.size);
    expect(await timers.withoutWakeUp(pending)).toEqual([]);
    // Re-armed for when they are due, not at once.
    const [sample] = await wakeUpsFor(pending[0].dueAt);
    const expectedDelay = pending[0].dueAt.getTime() - (await clockNow()).getTime();
    expect(Math.abs(sample!.delay - Math.max(0, expectedDelay))).toBeLessThan(60_000);
    // One wake-up lost: the check names exactly the deadlines of its instant, and a sweep puts it back.
    await timers.drop(pending[0].dueAt.getTime());
    const lost = await timers.withoutWakeUp(pending);
    expect(lost.map((d) => d.id).sort()).toEqual(pending.filter((d) => d.dueAt.getTime() === pending[0].dueAt.getTime()).map((d) => d.id).sort());
    expect((await worker.get(DeadlineReconciler).reconcile()).rearmed).toBe(1);
    // A second sweep finds nothing missing.
    expect((await worker.get(DeadlineReconciler).reconcile()).rearmed).toBe(0);
    expect(await timers.withoutWakeUp(pending)).toEqual([]);
  });
});

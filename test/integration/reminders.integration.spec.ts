import type { INestApplicationContext } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@tiaojie/config';
import { REDIS } from '@tiaojie/deadlines';
import { demoUserId } from '@tiaojie/identity';
import {
  insertNotifications,
  NotificationPlanner,
  NotificationQueue,
  ReminderProcessor,
  ReminderQueue,
  ReminderScheduler,
  reminderJobId,
} from '@tiaojie/notifications';
import { NotificationTypeormRepository, OutboxTypeormRepository, TransactionRunner } from '@tiaojie/persistence';
import { anOpenCaseRequest, TEST_DATABASE_URL } from '@tiaojie/testing';
import { Client } from 'pg';
import { ApiClient, startApi, startWorker, waitFor, type RunningApi } from '../support/harness';

const DAY = 86_400_000;

/** Reminders, overdue notices and quiet hours on real PostgreSQL, Redis and BullMQ (issue 5 items 4–5). */
describe('Reminders and quiet hours', () => {
  let api: RunningApi;
  let worker: INestApplicationContext;
  let mediator: ApiClient;
  let admin: ApiClient;
  let db: Client;

  beforeAll(async () => {
    api = await startApi();
    worker = await startWorker();
    mediator = await ApiClient.login(api.url, 'mediator');
    admin = await ApiClient.login(api.url, 'admin');
    db = new Client({ connectionString: TEST_DATABASE_URL });
    await db.connect();
  });
  afterAll(async () => {
    await worker.close();
    await api.close();
    await db.end();
  });

  const clockNow = async () => new Date((await admin.get('/api/admin/clock')).body.now);
  const period = async (caseId: string) =>
    (await db.query(`SELECT id, status, generation, due_at AS "dueAt" FROM deadlines WHERE case_id = $1 AND kind = 'MEDIATION_PERIOD' ORDER BY created_at DESC LIMIT 1`, [caseId])).rows[0];
  const notes = async (caseId: string, template: string) =>
    (await db.query(`SELECT * FROM notifications WHERE case_id = $1 AND template = $2 ORDER BY created_at`, [caseId, template])).rows;
  const reminders = () => worker.get(ReminderQueue).queue;

  /** An accepted case with the demo mediator assigned: its MEDIATION_PERIOD runs. */
  async function mediated(): Promise<any> {
    const opened = await mediator.post('/api/cases', anOpenCaseRequest());
    await mediator.event(opened.body.id, 1, { type: 'ACCEPT' });
    return (await mediator.event(opened.body.id, 2, { type: 'ASSIGN_MEDIATOR', mediatorId: demoUserId('mediator') })).body;
  }

  it('arms a deadline\u2019s reminders with deterministic ids and the right delays, and removes them when the deadline is met', async () => {
    const c = await mediated();
    const d = await period(c.id);
    const now = await clockNow();
    const offsets = worker.get<AppConfig>(APP_CONFIG).notifications.reminderOffsetsDays;
    expect(offsets).toEqual([3, 1]);
    for (const o of offsets) {
      const job = await waitFor(() => reminders().getJob(reminderJobId(d.id, d.generation, o)));
      expect(job.id).toBe(`reminder-${d.id}-g${d.generation}-d${o}`);
      expect(job.data).toEqual({ deadlineId: d.id, generation: d.generation, offsetDays: o });
      const expected = d.dueAt.getTime() - o * DAY - now.getTime();
      expect(Math.abs(job.delay - expected)).toBeLessThan(10_000);
    }

    // Met early: the agreement completes the deadline; the reminders are removed and a stray one is a no-op.
    const view = (
      await mediator.event(c.id, c.version, {
        type: 'REACH_AGREEMENT',
        items: [{ type: 'WAGE_ARREARS', agreedFen: 300_000 }],
        schedule: [{ dueDate: c.openedAt.slice(0, 10), amountFen: 300_000 }],
        signedAt: now.toISOString(),
      })
    ).body;
    expect(view.state).toBe('agreed');
    expect((await period(c.id)).status).toBe('MET');
    await waitFor(async () => !(await reminders().getJob(reminderJobId(d.id, d.generation, 3))));
    const processor = worker.get(ReminderProcessor);
    expect(await processor.process({ data: { deadlineId: d.id, generation: d.generation, offsetDays: 1 } })).toBe('stale');
    expect(await notes(c.id, 'REMINDER')).toHaveLength(0);
  });

  it('a reminder fires once even when its job runs twice; an expired deadline tells the manager in-app', async () => {
    const c = await mediated();
    const d = await period(c.id);
    const processor = worker.get(ReminderProcessor);
    // Early according to the clock: no row.
    expect(await processor.process({ data: { deadlineId: d.id, generation: d.generation, offsetDays: 1 } })).toBe('early');

    // Bring the shared clock to an hour after the 1-day reminder's time.
    await admin.post('/api/admin/clock', { set: new Date(d.dueAt.getTime() - DAY + 3600_000).toISOString() });
    await new Promise((r) => setTimeout(r, 1200)); // the worker's clock syncs every second
    // The sweep promotes the waiting jobs whose time came while the clock moved.
    const swept = await worker.get(ReminderScheduler).sweep();
    expect(swept.promoted).toBeGreaterThanOrEqual(2);
    const sent = await waitFor(async () => {
      const rows = await notes(c.id, 'REMINDER');
      return rows.length === 2 && rows.every((r) => r.status === 'SENT') && rows;
    });
    const key1 = `reminder:${d.id}:g${d.generation}:d1:${demoUserId('mediator')}`;
    expect(sent.map((r) => r.dedupe_key).sort()).toEqual([key1, `reminder:${d.id}:g${d.generation}:d3:${demoUserId('mediator')}`].sort());
    const one = sent.find((r) => r.dedupe_key === key1);
    expect(one).toMatchObject({ channel: 'IN_APP', recipient_user_id: demoUserId('mediator'), not_before: null });
    expect(one.params).toEqual({ caseNo: c.caseNo, deadlineKind: 'MEDIATION_PERIOD', dueAt: d.dueAt.toISOString(), daysLeft: 1 });

    // The same job again (twice, at once): nothing new.
    const again = await Promise.all([0, 1].map(() => processor.process({ data: { deadlineId: d.id, generation: d.generation, offsetDays: 1 } })));
    expect(again).toEqual(['duplicate', 'duplicate']);
    expect(await notes(c.id, 'REMINDER')).toHaveLength(2);

    // The deadline expires (the clock endpoint fires it); the sweep tells the managers.
    await admin.post('/api/admin/clock', { set: new Date(d.dueAt.getTime() + 60_000).toISOString() });
    await waitFor(async () => (await period(c.id)).status === 'EXPIRED');
    await new Promise((r) => setTimeout(r, 1200));
    const { overdue } = await worker.get(ReminderScheduler).sweep();
    expect(overdue).toBeGreaterThanOrEqual(1);
    const overdueRows = await waitFor(async () => {
      const rows = await notes(c.id, 'OVERDUE');
      return rows.length > 0 && rows.every((r) => r.status === 'SENT') && rows;
    });
    expect(overdueRows.map((r) => r.recipient_user_id)).toContain(demoUserId('union-manager'));
    expect(overdueRows.every((r) => r.channel === 'IN_APP')).toBe(true);
    expect((await worker.get(ReminderScheduler).sweep()).overdue).toBe(0); // once
    expect(await notes(c.id, 'OVERDUE')).toHaveLength(overdueRows.length);
    // A reminder for the expired deadline is a no-op.
    expect(await processor.process({ data: { deadlineId: d.id, generation: d.generation, offsetDays: 3 } })).toBe('stale');
  });

  it('an SMS planned at 22:00 Shanghai waits until 08:00 the next day; an in-app message does not', async () => {
    const c = await mediated();
    const at22 = new Date('2026-03-10T14:00:00Z'); // 22:00 Asia/Shanghai
    const planner = new NotificationPlanner(
      worker.get(TransactionRunner),
      worker.get(OutboxTypeormRepository),
      worker.get(NotificationTypeormRepository),
      worker.get(NotificationQueue),
      worker.get(REDIS),
      // Tests run with quiet hours off (testConfig); this one is about them: the default window.
      { ...worker.get<AppConfig>(APP_CONFIG), notifications: { ...worker.get<AppConfig>(APP_CONFIG).notifications, quietHours: '21:00-08:00' } },
      { now: () => at22 },
    );
    const tx = worker.get(TransactionRunner);
    const request = (to: string, id: number) => ({ id, topic: 'notification.requested', attempts: 0, payload: { caseId: c.id, eventSeq: 1, template: 'CASE_ACCEPTED', to } });
    const texts = await planner.plan(tx.reader, request('WORKERS', 2_000_000_001));
    const inApp = await planner.plan(tx.reader, request('MEDIATOR', 2_000_000_002));
    expect(texts.length).toBeGreaterThan(0);
    expect(texts.every((r) => r.channel === 'SMS' && r.notBefore?.toISOString() === '2026-03-11T00:00:00.000Z')).toBe(true);
    expect(inApp.length).toBeGreaterThan(0);
    expect(inApp.every((r) => r.channel === 'IN_APP' && !r.notBefore)).toBe(true);
    // At 10:00 Shanghai nothing waits.
    const day = new NotificationPlanner(tx, worker.get(OutboxTypeormRepository), worker.get(NotificationTypeormRepository), worker.get(NotificationQueue), worker.get(REDIS), worker.get(APP_CONFIG), {
      now: () => new Date('2026-03-11T02:00:00Z'),
    });
    expect((await day.plan(tx.reader, request('WORKERS', 2_000_000_003))).every((r) => !r.notBefore)).toBe(true);

    // The deferral is stored with the row (and so survives to the dispatcher and the reconciler).
    const queued = await tx.run((t) => insertNotifications(t, worker.get(NotificationTypeormRepository), texts.map((r) => ({ ...r, outboxId: null }))));
    expect(queued.every((q) => q.notBefore?.toISOString() === '2026-03-11T00:00:00.000Z')).toBe(true);
    const stored = (await db.query(`SELECT not_before FROM notifications WHERE id = ANY($1)`, [queued.map((q) => q.id)])).rows;
    expect(stored.map((r) => r.not_before.toISOString())).toEqual(queued.map(() => '2026-03-11T00:00:00.000Z'));
    await db.query(`DELETE FROM notifications WHERE id = ANY($1)`, [queued.map((q) => q.id)]);
  });
});

import type { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { anOpenCaseRequest, TEST_DATABASE_URL, testConfig } from '@tiaojie/testing';
import { demoOrgId } from '@tiaojie/identity';
import {
  CHANNEL_ADAPTERS,
  NOTIFICATION_QUEUE,
  NotificationDispatcher,
  NotificationQueue,
  PermanentDeliveryError,
  type ChannelAdapter,
  type OutgoingMessage,
} from '@tiaojie/notifications';
import { Client } from 'pg';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { ApiClient, startApi, waitFor, type RunningApi } from '../support/harness';

const PHONE = '13812345678';

/** A recording SMS adapter that can be told to refuse permanently. */
class RecordingSms implements ChannelAdapter {
  readonly channel = 'SMS' as const;
  readonly sent: OutgoingMessage[] = [];
  private readonly seen = new Set<string>();
  failPermanently = false;
  async send(m: OutgoingMessage) {
    if (this.failPermanently) throw new PermanentDeliveryError('gateway refused (400)');
    if (!this.seen.has(m.dedupeKey)) {
      this.seen.add(m.dedupeKey);
      this.sent.push(m);
    }
    return { providerId: m.dedupeKey };
  }
}

/** The notification pipeline on real PostgreSQL, Redis and BullMQ (DESIGN §7). */
describe('Notifications pipeline', () => {
  let api: RunningApi;
  let worker: INestApplicationContext;
  let sms: RecordingSms;
  let mediator: ApiClient;
  let manager: ApiClient;
  let procurator: ApiClient;
  let db: Client;

  beforeAll(async () => {
    api = await startApi();
    sms = new RecordingSms();
    // The shared test clock may stand in quiet hours (tested in reminders.integration.spec.ts): none here.
    const moduleRef = await Test.createTestingModule({ imports: [WorkerModule.forRoot(testConfig({ QUIET_HOURS: '00:00-00:00' }))] })
      .overrideProvider(CHANNEL_ADAPTERS)
      .useValue([sms])
      .compile();
    worker = await moduleRef.init();
    mediator = await ApiClient.login(api.url, 'mediator');
    manager = await ApiClient.login(api.url, 'union-manager');
    procurator = await ApiClient.login(api.url, 'procurator');
    db = new Client({ connectionString: TEST_DATABASE_URL });
    await db.connect();
  });
  afterAll(async () => {
    await worker.close();
    await api.close();
    await db.end();
  });

  const rowsOf = async (caseId: string) => (await db.query(`SELECT * FROM notifications WHERE case_id = $1 ORDER BY created_at`, [caseId])).rows;

  async function openAccepted(): Promise<any> {
    const opened = await mediator.post('/api/cases', anOpenCaseRequest());
    expect(opened.status).toBe(201);
    return (await mediator.event(opened.body.id, 1, { type: 'ACCEPT' })).body;
  }

  it('accepting a case texts the worker once; no phone in rows or jobs; a job processed twice delivers once', async () => {
    const c = await openAccepted();
    const row = await waitFor(async () => (await rowsOf(c.id)).find((r) => r.template === 'CASE_ACCEPTED' && r.channel === 'SMS' && r.status === 'SENT'));
    const mine = () => sms.sent.filter((m) => m.id === row.id);
    expect(mine()).toHaveLength(1);
    expect(mine()[0]).toMatchObject({ channel: 'SMS', to: `+86${PHONE}`, locale: 'zh-CN' });
    expect(mine()[0].body).toContain(c.caseNo);
    expect(row.recipient_party_id).toBeTruthy();

    const all = await db.query(`SELECT row_to_json(n)::text AS j FROM notifications n WHERE case_id = $1`, [c.id]);
    for (const r of all.rows) expect(r.j).not.toContain(PHONE);
    const queue = worker.get(NotificationQueue).queue;
    const jobs = await queue.getJobs(['waiting', 'delayed', 'active', 'completed', 'failed']);
    for (const j of jobs) {
      expect(JSON.stringify(j.data)).not.toContain(PHONE);
      expect(Object.keys(j.data)).toEqual(['notificationId']);
    }
    expect(queue.name).toBe(NOTIFICATION_QUEUE);

    // The same job processed twice more: the row is SENT, nothing is delivered again.
    const dispatcher = worker.get(NotificationDispatcher);
    const job = { data: { notificationId: row.id }, attemptsMade: 0, opts: { attempts: 6 } };
    expect(await dispatcher.process(job)).toBe('duplicate');
    expect(await dispatcher.process(job)).toBe('duplicate');
    expect(mine()).toHaveLength(1);
  });

  it('a permanently refusing gateway ends FAILED and is listed for the union manager, without the phone', async () => {
    sms.failPermanently = true;
    try {
      const c = await openAccepted();
      const row = await waitFor(async () => (await rowsOf(c.id)).find((r) => r.template === 'CASE_ACCEPTED' && r.status === 'FAILED'));
      expect(row.last_error).toContain('gateway refused');
      const failed = await manager.get('/api/notifications/failed');
      expect(failed.status).toBe(200);
      const item = failed.body.items.find((i: any) => i.id === row.id);
      expect(item).toMatchObject({ channel: 'SMS', template: 'CASE_ACCEPTED', caseNo: c.caseNo, recipient: 'PARTY' });
      expect(JSON.stringify(failed.body)).not.toContain(PHONE);
      expect((await mediator.get('/api/notifications/failed')).status).toBe(403);
    } finally {
      sms.failPermanently = false;
    }
  });

  it('a referral puts an in-app message in the procurator inbox; mark read clears the unread count', async () => {
    const c = await openAccepted();
    const sent = await mediator.event(c.id, c.version, { type: 'REQUEST_SUPPORT_PROSECUTION', procuratorateOrgId: demoOrgId('procuratorate-maojian') });
    expect(sent.status).toBe(200);
    const inbox = await waitFor(async () => {
      const r = await procurator.get('/api/notifications?unread=true');
      return r.body.items?.some((i: any) => i.caseId === c.id) ? r : null;
    });
    const item = inbox.body.items.find((i: any) => i.caseId === c.id);
    expect(item).toMatchObject({ template: 'REFERRAL_SUPPORT_PROSECUTION', readAt: null });
    expect(item.subject.length).toBeGreaterThan(0);
    expect(item.body).toContain(c.caseNo);
    const before = (await procurator.get('/api/notifications/unread-count')).body.unread;
    expect(before).toBeGreaterThanOrEqual(1);
    expect(inbox.body.unread).toBe(before);

    expect((await mediator.post(`/api/notifications/${item.id}/read`)).status).toBe(404); // not theirs
    expect((await procurator.post(`/api/notifications/${item.id}/read`)).status).toBe(204);
    expect((await procurator.get('/api/notifications/unread-count')).body.unread).toBe(before - 1);
    expect((await procurator.get('/api/notifications?unread=yes')).status).toBe(400);
  });
});

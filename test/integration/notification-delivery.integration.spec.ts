import type { INestApplicationContext } from '@nestjs/common';
import { NOTIFICATION_JOB_ATTEMPTS, SmtpEmailChannel, TransientDeliveryError, type OutgoingMessage } from '@tiaojie/notifications';
import { anOpenCaseRequest, TEST_DATABASE_URL, TEST_REDIS_URL } from '@tiaojie/testing';
import { Queue, QueueEvents, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { AddressInfo } from 'node:net';
import { Client } from 'pg';
import { SMTPServer } from 'smtp-server';
import { ApiClient, startApi, startWorker, waitFor, type RunningApi } from '../support/harness';
import { LocalSmsGateway } from '../support/local-sms-gateway';
import { ensureBuilt, spawnWorker, workerEnv, type WorkerProcess } from '../support/worker-process';

/**
 * Delivery under failure (issue 5), on real PostgreSQL, Redis and BullMQ, through the real pipeline
 * (case event → outbox → planner → notifications row → BullMQ → dispatcher → adapter), with local
 * servers as the providers — never mocks of the adapters.
 *
 * Every worker here uses its own Redis database and queue prefix, so that "Redis loses everything"
 * (FLUSHDB of that database) cannot touch anything else that shares the Redis server.
 */
const ISOLATED_REDIS_URL = Object.assign(new URL(TEST_REDIS_URL), { pathname: '/9' }).toString();
const ISOLATED_PREFIX = '{tiaojie-test-delivery}';
const PHONE = '13812345678';

describe('Notification delivery under failure', () => {
  let api: RunningApi;
  let gateway: LocalSmsGateway;
  let mediator: ApiClient;
  let manager: ApiClient;
  let db: Client;
  const processes: WorkerProcess[] = [];

  beforeAll(async () => {
    ensureBuilt();
    api = await startApi();
    gateway = await new LocalSmsGateway().start();
    mediator = await ApiClient.login(api.url, 'mediator');
    manager = await ApiClient.login(api.url, 'union-manager');
    db = new Client({ connectionString: TEST_DATABASE_URL });
    await db.connect();
  }, 240_000);

  afterAll(async () => {
    for (const p of processes) await p.kill();
    await api?.close();
    await gateway?.close();
    await db?.end();
  });

  const workerOverrides = (extra: Record<string, string> = {}) => ({
    REDIS_URL: ISOLATED_REDIS_URL,
    QUEUE_PREFIX: ISOLATED_PREFIX,
    SMS_PROVIDER: 'http',
    SMS_GATEWAY_URL: gateway.url,
    SMS_GATEWAY_TIMEOUT_MS: '20000',
    // Quiet hours are not what these tests are about; real time may well fall inside 21:00–08:00.
    QUIET_HOURS: '00:00-00:00',
    ...extra,
  });

  const acceptedSms = async (caseId: string) =>
    (await db.query(`SELECT * FROM notifications WHERE case_id = $1 AND template = 'CASE_ACCEPTED' AND channel = 'SMS'`, [caseId])).rows[0];

  /** Opens a case; `beforeAccept` sees its number (to tell the gateway what to do) before ACCEPT plans the SMS. */
  async function openAndAccept(beforeAccept: (caseNo: string) => void = () => undefined): Promise<{ id: string; caseNo: string }> {
    const opened = await mediator.post('/api/cases', anOpenCaseRequest());
    expect(opened.status).toBe(201);
    beforeAccept(opened.body.caseNo);
    const accepted = await mediator.event(opened.body.id, opened.body.version ?? 1, { type: 'ACCEPT' });
    expect(accepted.status).toBe(200);
    return { id: opened.body.id, caseNo: opened.body.caseNo };
  }

  it('a worker killed mid-send leads to exactly one delivered message after retry', async () => {
    const env = workerEnv(workerOverrides());
    const first = await spawnWorker(env);
    processes.push(first);

    let caseNo = '';
    const c = await openAndAccept((no) => {
      caseNo = no;
      // The first request for this case is accepted into the log but never answered.
      gateway.policy = (r, attempt) => (r.body.includes(caseNo) && attempt === 1 ? 'hold' : 200);
    });
    try {
      const held = await waitFor(async () => gateway.requests.find((r) => r.body.includes(caseNo)), 30_000);
      expect(gateway.heldCount).toBeGreaterThanOrEqual(1);
      const key = held.key!;
      expect(key).toBeTruthy();
      expect(held.to).toBe(`+86${PHONE}`);

      // Killed while the request hangs: the job stays active in BullMQ, the row in SENDING.
      await first.kill('SIGKILL');
      expect((await first.exited).signal).toBe('SIGKILL');
      const mid = await acceptedSms(c.id);
      expect(mid.status).toBe('SENDING');
      expect(mid.dedupe_key).toBe(key);

      // A new worker process: BullMQ finds the stalled job (lock 30 s, stalled check every 30 s) and retries it.
      const second = await spawnWorker(env);
      processes.push(second);
      const row = await waitFor(async () => {
        const r = await acceptedSms(c.id);
        return r?.status === 'SENT' ? r : null;
      }, 90_000, 250);

      expect(row.status).toBe('SENT');
      expect(row.sent_at).toBeTruthy();
      const forKey = gateway.requestsFor(key);
      expect(forKey.length).toBeGreaterThanOrEqual(2); // the half-finished attempt and the retry
      expect(forKey.every((r) => r.key === key)).toBe(true);
      expect(gateway.deliveredFor(key)).toHaveLength(1);
      expect(gateway.delivered.filter((d) => d.body.includes(caseNo))).toHaveLength(1);
      await second.kill('SIGTERM');
    } finally {
      gateway.policy = () => 200;
    }
  }, 180_000);

  describe('with an in-process worker on the HTTP gateway', () => {
    let worker: INestApplicationContext;
    let redis: Redis;

    beforeAll(async () => {
      worker = await startWorker(workerOverrides({ RECONCILE_INTERVAL_MS: '1000' }));
      redis = new Redis(ISOLATED_REDIS_URL, { maxRetriesPerRequest: null });
    });
    afterAll(async () => {
      gateway.policy = () => 200;
      await worker?.close();
      await redis?.quit();
    });

    it('a gateway refusing with 400 ends FAILED after one attempt and is in the failed list', async () => {
      let caseNo = '';
      const c = await openAndAccept((no) => {
        caseNo = no;
        gateway.policy = (r) => (r.body.includes(caseNo) ? 400 : 200);
      });
      const row = await waitFor(async () => {
        const r = await acceptedSms(c.id);
        return r?.status === 'FAILED' ? r : null;
      }, 30_000);
      expect(row.attempts).toBe(1);
      expect(row.last_error).toContain('400');
      expect(gateway.requestsFor(row.dedupe_key)).toHaveLength(1);
      expect(gateway.deliveredFor(row.dedupe_key)).toHaveLength(0);

      const failed = await manager.get('/api/notifications/failed?pageSize=100');
      expect(failed.status).toBe(200);
      const item = failed.body.items.find((i: any) => i.id === row.id);
      expect(item).toMatchObject({ channel: 'SMS', template: 'CASE_ACCEPTED', caseNo: c.caseNo, attempts: 1 });
      expect(JSON.stringify(failed.body)).not.toContain(PHONE);
    }, 60_000);

    it(`a gateway answering 503 always ends FAILED after ${NOTIFICATION_JOB_ATTEMPTS} attempts and is in the failed list`, async () => {
      let caseNo = '';
      const c = await openAndAccept((no) => {
        caseNo = no;
        gateway.policy = (r) => (r.body.includes(caseNo) ? 503 : 200);
      });
      // Retries back off exponentially from 1 s: 1+2+4+8+16 = 31 s before the last attempt.
      const retrying = await waitFor(async () => {
        const r = await acceptedSms(c.id);
        return r && r.attempts >= 1 && r.status !== 'FAILED' ? r : null;
      }, 15_000);
      expect(retrying.status).toMatch(/PENDING|SENDING/);
      const row = await waitFor(async () => {
        const r = await acceptedSms(c.id);
        return r?.status === 'FAILED' ? r : null;
      }, 60_000, 250);
      expect(row.attempts).toBe(NOTIFICATION_JOB_ATTEMPTS);
      expect(row.last_error).toContain('503');
      expect(gateway.requestsFor(row.dedupe_key)).toHaveLength(NOTIFICATION_JOB_ATTEMPTS);
      expect(gateway.deliveredFor(row.dedupe_key)).toHaveLength(0);

      const failed = await manager.get('/api/notifications/failed?pageSize=100');
      expect(failed.body.items.find((i: any) => i.id === row.id)).toMatchObject({ channel: 'SMS', attempts: NOTIFICATION_JOB_ATTEMPTS });
    }, 120_000);

    it('Redis loses everything: the reconciler re-enqueues the PENDING row and it is delivered once', async () => {
      let caseNo = '';
      let gatewayUp = false;
      const c = await openAndAccept((no) => {
        caseNo = no;
        gateway.policy = (r) => (r.body.includes(caseNo) && !gatewayUp ? 503 : 200);
      });
      // One failed attempt: the row is PENDING, its job waits in Redis for the retry.
      const pending = await waitFor(async () => {
        const r = await acceptedSms(c.id);
        return r && r.attempts >= 1 && r.status === 'PENDING' ? r : null;
      }, 15_000, 20);

      await redis.flushdb(); // everything in this worker's Redis database: jobs, locks, schedules
      expect(await redis.dbsize()).toBeLessThanOrEqual(5); // only what live workers re-create at once
      gatewayUp = true;

      const row = await waitFor(async () => {
        const r = await acceptedSms(c.id);
        return r?.status === 'SENT' ? r : null;
      }, 30_000, 100);
      expect(row.id).toBe(pending.id);
      expect(gateway.deliveredFor(row.dedupe_key)).toHaveLength(1);
      // Nothing more arrives afterwards (another sweep must not send it again).
      await new Promise((r) => setTimeout(r, 2500));
      expect(gateway.deliveredFor(row.dedupe_key)).toHaveLength(1);
      expect(gateway.requestsFor(row.dedupe_key).length).toBeGreaterThanOrEqual(2);
      expect((await acceptedSms(c.id)).status).toBe('SENT');
    }, 60_000);
  });
});

/**
 * E-mail at the adapter level: the real SmtpEmailChannel driven by a real BullMQ job with retries,
 * against a real local SMTP server that refuses MAIL FROM twice (421). The whole pipeline (planner →
 * dispatcher → SMTP, to managers and receiving organisations) is exercised end to end in
 * test/e2e/notifications-journey.e2e.spec.ts, against a server refusing every message twice after DATA.
 */
describe('SmtpEmailChannel under BullMQ retries (adapter + queue level)', () => {
  let smtp: SMTPServer;
  let port: number;
  let mailFromAttempts = 0;
  const received: { raw: string; to: string[] }[] = [];
  let connection: Redis;
  let channel: SmtpEmailChannel;
  const prefix = '{tiaojie-test-smtp}';

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onMailFrom(_address, _session, callback) {
        mailFromAttempts += 1;
        if (mailFromAttempts <= 2) {
          const err = new Error('Service not available, try again later') as Error & { responseCode: number };
          err.responseCode = 421;
          return callback(err);
        }
        callback();
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          received.push({ raw: Buffer.concat(chunks).toString('utf8'), to: session.envelope.rcptTo.map((r) => r.address) });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    port = (smtp.server.address() as AddressInfo).port;
    connection = new Redis(ISOLATED_REDIS_URL, { maxRetriesPerRequest: null });
    channel = new SmtpEmailChannel({ smtpUrl: `smtp://127.0.0.1:${port}`, from: 'Tiaojie <no-reply@tiaojie.test>', timeoutMs: 5000, transport: { ignoreTLS: true } });
  });
  afterAll(async () => {
    channel?.close();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
    await connection?.quit();
  });

  it('an SMTP server that refuses twice (421) then accepts gets the message once', async () => {
    const name = `smtp-retry-${Date.now()}`;
    const queue = new Queue(name, { connection, prefix });
    const eventsConnection = connection.duplicate();
    const workerConnection = connection.duplicate();
    const events = new QueueEvents(name, { connection: eventsConnection, prefix });
    const errors: string[] = [];
    const worker = new Worker<OutgoingMessage>(
      name,
      async (job) => {
        try {
          return await channel.send(job.data);
        } catch (e) {
          errors.push(`${(e as Error).constructor.name}: ${(e as Error).message}`);
          throw e;
        }
      },
      { connection: workerConnection, prefix },
    );
    try {
      await events.waitUntilReady();
      const message: OutgoingMessage = {
        id: 'n-1',
        dedupeKey: `email-test-${Date.now()}`,
        channel: 'EMAIL',
        to: 'clerk@example.test',
        locale: 'en',
        subject: 'Case accepted',
        body: 'Your case has been accepted.',
      };
      const job = await queue.add('deliver', message, { attempts: 5, backoff: { type: 'fixed', delay: 200 }, removeOnComplete: false });
      const result = await job.waitUntilFinished(events, 30_000);

      expect(result).toEqual({ providerId: channel.messageIdFor(message.dedupeKey) });
      expect(mailFromAttempts).toBe(3);
      expect(errors).toHaveLength(2);
      for (const e of errors) expect(e).toMatch(new RegExp(`${TransientDeliveryError.name}: .*421`));
      expect(received).toHaveLength(1);
      expect(received[0].to).toEqual(['clerk@example.test']);
      expect(received[0].raw).toContain(`Message-ID: ${channel.messageIdFor(message.dedupeKey)}`);
      expect(received[0].raw).toContain('Subject: Case accepted');
      const done = await queue.getJob(job.id!);
      expect(done?.attemptsMade).toBe(3);
    } finally {
      await worker.close();
      await events.close();
      await queue.obliterate({ force: true }).catch(() => undefined);
      await queue.close();
      eventsConnection.disconnect();
      workerConnection.disconnect();
    }
  }, 60_000);
});

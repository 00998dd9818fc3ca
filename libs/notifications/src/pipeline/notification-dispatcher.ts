import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@tiaojie/config';
import { JOB_LOCK_OPTIONS, REDIS } from '@tiaojie/deadlines';
import { CLOCK, type Clock } from '@tiaojie/domain';
import { NotificationTypeormRepository, TransactionRunner, type NotificationRecord } from '@tiaojie/persistence';
import { FieldCipher } from '@tiaojie/privacy';
import { DelayedError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { CHANNEL_ADAPTERS, PermanentDeliveryError, type ChannelAdapter, type OutgoingMessage } from '../channel.port';
import { NOTIFICATION_JOB_ATTEMPTS, NOTIFICATION_QUEUE, type DeliverNotificationJobData } from './notification-queue';
import { asLocale, renderForPipeline } from './render';

export type DispatchOutcome = 'sent' | 'duplicate' | 'missing' | 'failed' | 'delayed';

/** An error text safe to store and show: no phone numbers, no e-mail addresses, short. */
export function safeError(e: unknown): string {
  const err = e as Error;
  const text = `${err?.name ?? 'Error'}: ${err?.message ?? String(e)}`;
  return text
    .replace(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g, '[address]')
    .replace(/\+?\d[\d\s-]{5,}\d/g, '[number]')
    .slice(0, 200);
}

/**
 * Delivers one notification per job (DESIGN §7). The job carries the row's id only; the phone is
 * looked up and decrypted here, at send time. A row already SENT is a no-op (a job processed twice
 * delivers once); the adapter's dedupeKey covers a crash between the send and marking SENT.
 */
@Injectable()
export class NotificationDispatcher implements OnModuleInit, OnApplicationShutdown {
  private readonly log = new Logger(NotificationDispatcher.name);
  private worker?: Worker<DeliverNotificationJobData>;
  private connection?: Redis;

  constructor(
    private readonly tx: TransactionRunner,
    private readonly notifications: NotificationTypeormRepository,
    private readonly cipher: FieldCipher,
    @Inject(CHANNEL_ADAPTERS) private readonly adapters: ChannelAdapter[],
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.connection = this.redis.duplicate();
    this.worker = new Worker<DeliverNotificationJobData>(NOTIFICATION_QUEUE, (job, token) => this.process(job, token), {
      connection: this.connection,
      prefix: this.config.queuePrefix,
      concurrency: 8,
      ...JOB_LOCK_OPTIONS,
    });
    this.worker.on('failed', (job, err) => this.log.warn(`notification job ${job?.id} failed: ${safeError(err)}`));
    this.worker.on('error', (err) => this.log.error(`notification worker error: ${safeError(err)}`));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker?.close();
    await this.connection?.quit().catch(() => this.connection?.disconnect());
  }

  async process(job: Pick<Job<DeliverNotificationJobData>, 'data' | 'attemptsMade' | 'opts'> & Partial<Pick<Job, 'moveToDelayed'>>, token?: string): Promise<DispatchOutcome> {
    const id = job.data.notificationId;
    // The usual case in one auto-committed statement: claim the row if it is open and its time has
    // come (a job that can be put back to sleep only; one that cannot sends now). Only a refused
    // claim reads the row, to say why.
    const canDelay = Boolean(token && job.moveToDelayed);
    let row = await this.notifications.markSending(this.tx.reader, id, canDelay ? this.clock.now() : null);
    if (!row) {
      const current = await this.notifications.findById(this.tx.reader, id);
      if (!current) return 'missing';
      if (current.status === 'SENT' || current.status === 'FAILED') return 'duplicate';
      if (canDelay && current.notBefore && current.notBefore.getTime() > this.clock.now().getTime()) {
        await job.moveToDelayed!(current.notBefore.getTime(), token);
        throw new DelayedError();
      }
      row = await this.notifications.markSending(this.tx.reader, id); // its time came between the two statements
      if (!row) return 'duplicate';
    }
    try {
      await this.deliver(row);
    } catch (e) {
      const error = safeError(e);
      const permanent = e instanceof PermanentDeliveryError || (e as { retryable?: boolean })?.retryable === false;
      const attempts = job.opts?.attempts ?? NOTIFICATION_JOB_ATTEMPTS;
      if (permanent || job.attemptsMade + 1 >= attempts) {
        await this.notifications.markFailed(this.tx.reader, id, error);
        this.log.warn(`notification ${id} (${row.channel} ${row.template}) failed for good: ${error}`);
        if (permanent) return 'failed';
      } else {
        await this.notifications.markRetry(this.tx.reader, id, error);
      }
      throw e instanceof Error ? new Error(error) : e; // BullMQ retries with backoff; the message carries no personal data
    }
    await this.notifications.markSent(this.tx.reader, id, this.clock.now());
    return 'sent';
  }

  private async deliver(row: NotificationRecord): Promise<void> {
    const adapter = this.adapters.find((a) => a.channel === row.channel);
    if (!adapter && row.channel === 'IN_APP') return; // the row is the inbox entry
    if (!adapter) throw new PermanentDeliveryError(`NO_ADAPTER ${row.channel}`);
    let rendered: { subject: string; body: string };
    try {
      rendered = renderForPipeline(row.template, row.locale, row.params ?? {});
    } catch (e) {
      throw new PermanentDeliveryError(`TEMPLATE ${(e as Error).message}`);
    }
    const message: OutgoingMessage = {
      id: row.id,
      dedupeKey: row.dedupeKey,
      channel: row.channel,
      to: await this.recipientAddress(row),
      locale: asLocale(row.locale),
      subject: rendered.subject,
      body: rendered.body,
    };
    await adapter.send(message);
  }

  /** Resolved at send time only; never stored, never logged. */
  private async recipientAddress(row: NotificationRecord): Promise<string> {
    switch (row.channel) {
      case 'IN_APP':
        if (!row.recipientUserId) throw new PermanentDeliveryError('NO_RECIPIENT');
        return row.recipientUserId;
      case 'SMS': {
        const enc = row.recipientPartyId ? await this.notifications.partyPhoneEnc(this.tx.reader, row.recipientPartyId) : null;
        if (!enc) throw new PermanentDeliveryError('NO_PHONE');
        try {
          return this.cipher.decrypt(enc);
        } catch {
          throw new PermanentDeliveryError('PHONE_UNREADABLE');
        }
      }
      case 'EMAIL': {
        // Staff work addresses only (parties have none on file); read now, so a changed address is used.
        const email = row.recipientUserId ? await this.notifications.userEmail(this.tx.reader, row.recipientUserId) : null;
        if (!email) throw new PermanentDeliveryError('NO_ADDRESS');
        return email;
      }
    }
  }
}

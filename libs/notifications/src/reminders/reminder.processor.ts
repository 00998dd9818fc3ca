import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@tiaojie/config';
import { REDIS } from '@tiaojie/deadlines';
import { DelayedError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { REMINDER_QUEUE, type SendReminderJobData } from './reminder-queue';
import { ReminderService, type ReminderOutcome } from './reminder.service';

const EARLY_MARGIN_MS = 5;

/** Runs reminder jobs; one that wakes before its time (a clock change) goes back to the delayed set. */
@Injectable()
export class ReminderProcessor implements OnModuleInit, OnApplicationShutdown {
  private readonly log = new Logger(ReminderProcessor.name);
  private worker?: Worker<SendReminderJobData>;
  private connection?: Redis;

  constructor(
    private readonly service: ReminderService,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.connection = this.redis.duplicate();
    this.worker = new Worker<SendReminderJobData>(REMINDER_QUEUE, (job, token) => this.process(job, token), {
      connection: this.connection,
      prefix: this.config.queuePrefix,
      concurrency: 8,
    });
    this.worker.on('failed', (job, err) => this.log.warn(`reminder job ${job?.id} failed: ${err.message}`));
    this.worker.on('error', (err) => this.log.error(`reminder worker error: ${err.message}`));
  }

  async process(job: Pick<Job<SendReminderJobData>, 'data'> & Partial<Pick<Job, 'moveToDelayed'>>, token?: string): Promise<ReminderOutcome> {
    const result = await this.service.fire(job.data);
    if (result.outcome === 'early' && result.fireAt && token && job.moveToDelayed) {
      await job.moveToDelayed(result.fireAt.getTime() + EARLY_MARGIN_MS, token);
      throw new DelayedError();
    }
    return result.outcome;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker?.close();
    await this.connection?.quit().catch(() => this.connection?.disconnect());
  }
}

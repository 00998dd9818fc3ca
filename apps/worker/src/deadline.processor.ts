import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { FireDeadlineCommand } from '@tiaojie/cases';
import { APP_CONFIG, type AppConfig } from '@tiaojie/config';
import { DEADLINE_QUEUE, JOB_LOCK_OPTIONS, REDIS, type FireDeadlineJobData } from '@tiaojie/deadlines';
import { DelayedError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';

/** Small margin so a timer woken a hair early by Redis lands after the due instant, not before. */
const EARLY_MARGIN_MS = 5;

/**
 * Runs `FireDeadline` when a deadline's timer goes off. A timer that fires before the deadline is
 * due (a clock change, an extension raced with the relay) is moved back to the delayed set.
 */
@Injectable()
export class DeadlineProcessor implements OnModuleInit, OnApplicationShutdown {
  private readonly log = new Logger(DeadlineProcessor.name);
  private worker?: Worker<FireDeadlineJobData>;
  private connection?: Redis;

  constructor(
    private readonly commands: CommandBus,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.connection = this.redis.duplicate();
    this.worker = new Worker<FireDeadlineJobData>(DEADLINE_QUEUE, (job, token) => this.process(job, token), {
      connection: this.connection,
      prefix: this.config.queuePrefix,
      concurrency: 16,
      ...JOB_LOCK_OPTIONS,
    });
    this.worker.on('failed', (job, err) => this.log.error(`deadline job ${job?.id} failed: ${err.message}`));
    this.worker.on('error', (err) => this.log.error(`deadline worker error: ${err.message}`));
  }

  async process(job: Job<FireDeadlineJobData>, token?: string): Promise<string> {
    const result = await this.commands.execute(new FireDeadlineCommand(job.data.deadlineId));
    if (result.outcome === 'early' && token) {
      await job.moveToDelayed(result.dueAt.getTime() + EARLY_MARGIN_MS, token);
      throw new DelayedError();
    }
    return result.outcome;
  }

  /** Waits for running jobs to finish (graceful shutdown). */
  async onApplicationShutdown(): Promise<void> {
    await this.worker?.close();
    await this.connection?.quit().catch(() => this.connection?.disconnect());
  }
}

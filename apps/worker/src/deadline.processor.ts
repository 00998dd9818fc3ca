import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { FireDeadlineCommand, FireDueDeadlinesCommand } from '@tiaojie/cases';
import { APP_CONFIG, type AppConfig } from '@tiaojie/config';
import {
  DEADLINE_QUEUE,
  FIRE_DEADLINE_JOB,
  JOB_LOCK_OPTIONS,
  REDIS,
  type DeadlineJobData,
  type FireDeadlineJobData,
  type WakeUpJobData,
} from '@tiaojie/deadlines';
import { CLOCK, type Clock } from '@tiaojie/domain';
import { DelayedError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';

/** Small margin so a job put back to sleep wakes a hair after the due instant, not before. */
const EARLY_MARGIN_MS = 5;

/**
 * Runs `work` so that every caller gets the result of a pass that started after it called: a call
 * while a pass runs waits for the one after it (shared by all such calls). A wake-up needs a sweep
 * that reads the deadlines after its instant; many wake-ups at once share one sweep.
 */
export class FreshPass<T> {
  private current: Promise<T> | null = null;
  private next: Promise<T> | null = null;

  constructor(private readonly work: () => Promise<T>) {}

  run(): Promise<T> {
    if (!this.current) return this.start();
    this.next ??= this.current
      .catch(() => undefined)
      .then(() => {
        this.next = null;
        return this.start();
      });
    return this.next;
  }

  private start(): Promise<T> {
    const p: Promise<T> = this.work().finally(() => {
      if (this.current === p) this.current = null;
    });
    this.current = p;
    return p;
  }
}

/**
 * Runs the deadline queue's jobs (DESIGN §4):
 * - `wake-up` `{ dueAt }`: the instant has come, so FireDueDeadlines fires every pending deadline due
 *   by the clock's now (a case's deadlines in order, several cases at once). The wake-ups running in
 *   this process share sweeps (FreshPass). A wake-up that runs before its instant by the clock (a
 *   clock change; the test clock; Redis waking it a hair early) goes back to the delayed set until
 *   the instant has passed — it never sweeps early, and nothing due later would be fired anyway.
 *   If the worker is killed mid-sweep, the job's lock expires and BullMQ runs it again
 *   (JOB_LOCK_OPTIONS); the firings already done are no-ops the second time.
 * - `fire-deadline` `{ deadlineId, generation }`: a job of the format before issue 8, still waiting
 *   in Redis after an upgrade: FireDeadline for that one deadline, as before.
 */
@Injectable()
export class DeadlineProcessor implements OnModuleInit, OnApplicationShutdown {
  private readonly log = new Logger(DeadlineProcessor.name);
  private worker?: Worker<DeadlineJobData>;
  private connection?: Redis;
  private readonly sweeps = new FreshPass(() => this.commands.execute(new FireDueDeadlinesCommand()));

  constructor(
    private readonly commands: CommandBus,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.connection = this.redis.duplicate();
    this.worker = new Worker<DeadlineJobData>(DEADLINE_QUEUE, (job, token) => this.process(job, token), {
      connection: this.connection,
      prefix: this.config.queuePrefix,
      concurrency: 16,
      ...JOB_LOCK_OPTIONS,
    });
    this.worker.on('failed', (job, err) => this.log.error(`deadline job ${job?.id} failed: ${err.message}`));
    this.worker.on('error', (err) => this.log.error(`deadline worker error: ${err.message}`));
  }

  async process(job: Job<DeadlineJobData>, token?: string): Promise<string> {
    if (job.name === FIRE_DEADLINE_JOB) return this.fireOne(job as Job<FireDeadlineJobData>, token);
    const { dueAt } = job.data as WakeUpJobData;
    // Strictly after the instant: `dueAt` is due_at truncated to the millisecond, and PostgreSQL keeps microseconds.
    const wait = dueAt + 1 - this.clock.now().getTime();
    if (wait > 0) return this.sleepAgain(job, token, wait);
    const { fired } = await this.sweeps.run();
    return `swept: ${fired} fired`;
  }

  private async fireOne(job: Job<FireDeadlineJobData>, token?: string): Promise<string> {
    const result = await this.commands.execute(new FireDeadlineCommand(job.data.deadlineId));
    if (result.outcome === 'early') return this.sleepAgain(job, token, result.dueAt.getTime() - this.clock.now().getTime());
    return result.outcome;
  }

  /** Back to the delayed set for `ms` of the clock (BullMQ counts real time: the same length). */
  private async sleepAgain(job: Job, token: string | undefined, ms: number): Promise<never> {
    if (!token) throw new Error(`job ${job.id} woke ${ms} ms early and has no lock token to go back to sleep`);
    await job.moveToDelayed(Date.now() + Math.max(0, ms) + EARLY_MARGIN_MS, token);
    throw new DelayedError();
  }

  /** Waits for running jobs to finish (graceful shutdown). */
  async onApplicationShutdown(): Promise<void> {
    await this.worker?.close();
    await this.connection?.quit().catch(() => this.connection?.disconnect());
  }
}

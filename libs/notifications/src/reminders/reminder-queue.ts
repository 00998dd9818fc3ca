import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@tiaojie/config';
import { REDIS } from '@tiaojie/deadlines';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';

/**
 * Contract with jobs already waiting in Redis: queue name, job name, id format and payload (ids and
 * numbers only). The id carries the deadline's generation, so an extended deadline gets new
 * reminders, and the offset, so each reminder of a deadline is its own job. No colons in ids.
 */
export const REMINDER_QUEUE = 'reminders';
export const SEND_REMINDER_JOB = 'send-reminder';
export interface SendReminderJobData {
  deadlineId: string;
  generation: number;
  offsetDays: number;
}
export const reminderJobId = (deadlineId: string, generation: number, offsetDays: number) => `reminder-${deadlineId}-g${generation}-d${offsetDays}`;
export const reminderDedupeKey = (deadlineId: string, generation: number, offsetDays: number, recipient: string) =>
  `reminder:${deadlineId}:g${generation}:d${offsetDays}:${recipient}`;
export const overdueDedupeKey = (deadlineId: string, generation: number, recipient: string) => `overdue:${deadlineId}:g${generation}:${recipient}`;

const DAY_MS = 86_400_000;

export interface RemindableDeadline {
  id: string;
  generation: number;
  dueAt: Date;
}

export interface PlannedReminder extends SendReminderJobData {
  jobId: string;
  fireAt: Date;
}

/** When a reminder `offsetDays` before `dueAt` goes out. */
export const reminderFireAt = (dueAt: Date, offsetDays: number) => new Date(dueAt.getTime() - offsetDays * DAY_MS);

/**
 * The reminders a deadline calls for. One whose time has already passed is left out: a deadline
 * shorter than the offset gets no late reminder.
 */
export function plannedReminders(d: RemindableDeadline, offsetsDays: readonly number[], now: Date): PlannedReminder[] {
  return offsetsDays
    .filter((o) => o > 0)
    .map((offsetDays) => ({
      deadlineId: d.id,
      generation: d.generation,
      offsetDays,
      jobId: reminderJobId(d.id, d.generation, offsetDays),
      fireAt: reminderFireAt(d.dueAt, offsetDays),
    }))
    .filter((r) => r.fireAt.getTime() > now.getTime());
}

/** The wake-up calls for reminders, in a BullMQ delayed queue; PostgreSQL holds the deadlines. */
@Injectable()
export class ReminderQueue implements OnModuleDestroy {
  readonly queue: Queue<SendReminderJobData>;

  constructor(@Inject(REDIS) redis: Redis, @Inject(APP_CONFIG) config: AppConfig) {
    this.queue = new Queue<SendReminderJobData>(REMINDER_QUEUE, {
      connection: redis,
      prefix: config.queuePrefix,
      defaultJobOptions: {
        removeOnComplete: true,
        removeOnFail: { count: 10_000 },
        attempts: 10,
        backoff: { type: 'exponential', delay: 1000 },
      },
    });
  }

  /** Adds the reminders (an id BullMQ already holds is ignored). */
  async armMany(rs: readonly PlannedReminder[], now: Date): Promise<void> {
    if (rs.length === 0) return;
    await this.queue.addBulk(
      rs.map((r) => ({
        name: SEND_REMINDER_JOB,
        data: { deadlineId: r.deadlineId, generation: r.generation, offsetDays: r.offsetDays },
        opts: { jobId: r.jobId, delay: Math.max(0, r.fireAt.getTime() - now.getTime()) },
      })),
    );
  }

  /** Removes a deadline's reminders not yet running (a met or cancelled deadline); best effort. */
  async disarm(deadlineId: string, generation: number, offsetsDays: readonly number[]): Promise<void> {
    for (const o of offsetsDays) await this.queue.remove(reminderJobId(deadlineId, generation, o)).catch(() => 0);
  }

  /** Which of these reminders have no job in Redis (one round trip per batch). */
  async withoutJob<T extends { jobId: string }>(rs: readonly T[]): Promise<T[]> {
    if (rs.length === 0) return [];
    const client = (await this.queue.client) as unknown as Redis;
    const pipeline = client.pipeline();
    for (const r of rs) pipeline.exists(this.queue.toKey(r.jobId));
    const results = (await pipeline.exec()) ?? [];
    return rs.filter((_, i) => results[i]?.[1] !== 1);
  }

  async onModuleDestroy(): Promise<void> {
    await this.queue.close();
  }
}

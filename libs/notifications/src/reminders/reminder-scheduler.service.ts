import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@tiaojie/config';
import { CoalescingRunner, REDIS, RELAY_TOPICS, subscribeToOutboxWakeups } from '@tiaojie/deadlines';
import { CLOCK, type Clock } from '@tiaojie/domain';
import { DeadlineTypeormRepository, TransactionRunner } from '@tiaojie/persistence';
import type { Redis } from 'ioredis';
import { plannedReminders, ReminderQueue, reminderJobId, type RemindableDeadline } from './reminder-queue';
import { ReminderService } from './reminder.service';

const PAGE = 2000;
const BATCH = 500;
/** How far back the overdue sweep looks for expired deadlines (covers a worker down for days). */
const OVERDUE_LOOKBACK_MS = 7 * 86_400_000;

/**
 * Arms reminders (DESIGN §4/§7, issue 5 item 4). Follows `deadline.arm` outbox rows as they are
 * written (woken like the relay, read by id — the relay still owns and claims them) and arms each
 * deadline's reminders; `deadline.disarm` rows remove them. A full sweep over the PENDING deadlines
 * at start, on Redis reconnect and on a schedule re-arms any reminder Redis lost and promotes one
 * whose time came while its job still waits (a moved test clock). The sweep also plans the overdue
 * notices of deadlines that expired.
 */
@Injectable()
export class ReminderScheduler implements OnModuleInit, OnApplicationShutdown {
  private readonly log = new Logger(ReminderScheduler.name);
  private timer?: NodeJS.Timeout;
  private subscriber?: Redis;
  private cursor: number | null = null;
  private readonly follower = new CoalescingRunner(
    () => this.follow(),
    (e) => this.log.error(`reminder arming failed: ${e.message}`),
  );
  private sweeping: Promise<{ armed: number; promoted: number; overdue: number }> | null = null;

  constructor(
    private readonly tx: TransactionRunner,
    private readonly deadlines: DeadlineTypeormRepository,
    private readonly reminders: ReminderQueue,
    private readonly service: ReminderService,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async onModuleInit(): Promise<void> {
    this.subscriber = await subscribeToOutboxWakeups(this.redis, this.config.queuePrefix, () => this.kick());
    this.timer = setInterval(() => void this.sweep(), this.config.reconcileIntervalMs);
    this.redis.on('ready', () => void this.sweep());
    void this.sweep();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.follower.stop();
    await this.sweeping?.catch(() => undefined);
    await this.subscriber?.quit().catch(() => undefined);
  }

  private get offsets(): number[] {
    return this.config.notifications.reminderOffsetsDays;
  }

  /** Follows new `deadline.arm` / `deadline.disarm` rows now, or once more after the current pass. */
  kick(): void {
    if (this.cursor !== null) this.follower.kick();
  }

  /** Arms the reminders of deadlines armed since the last pass; returns how many outbox rows were read. */
  async follow(): Promise<number> {
    let read = 0;
    for (;;) {
      const rows = await this.tx.reader.query<{ id: string; topic: string; payload: Record<string, unknown> }>(
        `SELECT id, topic, payload FROM outbox WHERE id > $1 AND topic = ANY($2) ORDER BY id LIMIT $3`,
        [this.cursor ?? 0, [RELAY_TOPICS.arm, RELAY_TOPICS.disarm], BATCH],
      );
      if (rows.length === 0) return read;
      const now = this.clock.now();
      const arms = rows
        .filter((r) => r.topic === RELAY_TOPICS.arm)
        .flatMap((r) =>
          plannedReminders({ id: String(r.payload.deadlineId), generation: Number(r.payload.generation), dueAt: new Date(String(r.payload.dueAt)) }, this.offsets, now),
        );
      await this.reminders.armMany(arms, now);
      for (const r of rows.filter((x) => x.topic === RELAY_TOPICS.disarm)) {
        await this.reminders.disarm(String(r.payload.deadlineId), Number(r.payload.generation), this.offsets);
      }
      this.cursor = Number(rows[rows.length - 1].id);
      read += rows.length;
      if (rows.length < BATCH) return read;
    }
  }

  /** One full sweep (shared if one is already running). */
  sweep(): Promise<{ armed: number; promoted: number; overdue: number }> {
    this.sweeping ??= this.fullSweep()
      .catch((e) => {
        this.log.error(`reminder sweep failed: ${(e as Error).message}`);
        return { armed: 0, promoted: 0, overdue: 0 };
      })
      .finally(() => {
        this.sweeping = null;
      });
    return this.sweeping;
  }

  private async fullSweep(): Promise<{ armed: number; promoted: number; overdue: number }> {
    // Rows written from here on are followed by kick(); everything older is covered by this sweep.
    if (this.cursor === null) {
      const [{ max }] = await this.tx.reader.query<{ max: string | null }>(`SELECT max(id) AS max FROM outbox`);
      this.cursor = Number(max ?? 0);
    }
    const now = this.clock.now();
    let after: string | null = null;
    let armed = 0;
    let promoted = 0;
    for (;;) {
      const page: RemindableDeadline[] = await this.deadlines.findPendingPage(this.tx.reader, after, PAGE);
      if (page.length === 0) break;
      const missing = await this.reminders.withoutJob(page.flatMap((d) => plannedReminders(d, this.offsets, now)));
      await this.reminders.armMany(missing, now);
      armed += missing.length;
      promoted += await this.promoteDue(page, now);
      after = page[page.length - 1].id;
      if (page.length < PAGE) break;
    }
    const overdue = await this.service.planOverdue(new Date(now.getTime() - OVERDUE_LOOKBACK_MS));
    if (armed > 0) this.log.warn(`armed ${armed} reminders that had no job`);
    this.kick();
    return { armed, promoted, overdue };
  }

  /** A reminder whose time has come while its job still waits (the clock moved) runs now. */
  private async promoteDue(page: readonly RemindableDeadline[], now: Date): Promise<number> {
    const due = page.flatMap((d) =>
      this.offsets
        .filter((o) => d.dueAt.getTime() - o * 86_400_000 <= now.getTime() && d.dueAt.getTime() > now.getTime())
        .map((o) => reminderJobId(d.id, d.generation, o)),
    );
    let n = 0;
    for (const id of due) {
      const job = await this.reminders.queue.getJob(id);
      if (job && (await job.isDelayed())) {
        await job.promote().catch(() => undefined);
        n += 1;
      }
    }
    return n;
  }
}

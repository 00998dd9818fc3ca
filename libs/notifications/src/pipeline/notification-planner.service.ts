import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@tiaojie/config';
import { CoalescingRunner, REDIS, subscribeToOutboxWakeups } from '@tiaojie/deadlines';
import { CLOCK, type Clock } from '@tiaojie/domain';
import {
  NotificationTypeormRepository,
  OutboxTypeormRepository,
  settleAll,
  TransactionRunner,
  type NewNotification,
  type OutboxRow,
  type StaffRecipient,
  type CaseRouting,
  type Tx,
} from '@tiaojie/persistence';
import type { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { NotificationQueue, type EnqueuedNotification } from './notification-queue';
import { applyQuietHours, insertNotifications } from './quiet-hours-policy';
import { emailEnabled, staffRows } from './staff-rows';

/** The outbox topic written by CaseTransitionWriter (libs/cases OUTBOX_TOPICS.notificationRequested). */
export const NOTIFICATION_REQUESTED_TOPIC = 'notification.requested';
const BATCH = 200;

/** `notification.requested` outbox payload (ids only). */
export interface NotificationRequestedPayload {
  caseId: string;
  eventSeq: number;
  template: string;
  to: 'WORKERS' | 'EMPLOYER' | 'BOTH_PARTIES' | 'MEDIATOR' | 'MANAGER' | 'ORG';
  orgId?: string;
}

/**
 * Turns `notification.requested` outbox rows into notification rows, one per recipient and channel
 * (DESIGN §7). Rows are claimed with SKIP LOCKED, so several workers can plan at once; the rows are
 * inserted with ON CONFLICT (dedupe_key) DO NOTHING in the transaction that marks the outbox row
 * processed, then one job per new row is added. A crash after the commit leaves PENDING rows without
 * a job, which the reconciler re-enqueues.
 */
@Injectable()
export class NotificationPlanner implements OnModuleInit, OnApplicationShutdown {
  private readonly log = new Logger(NotificationPlanner.name);
  private timer?: NodeJS.Timeout;
  private subscriber?: Redis;
  private readonly runner = new CoalescingRunner(
    () => this.drain(),
    (e) => this.log.error(`notification planning failed: ${e.message}`),
  );

  constructor(
    private readonly tx: TransactionRunner,
    private readonly outbox: OutboxTypeormRepository,
    private readonly notifications: NotificationTypeormRepository,
    private readonly queue: NotificationQueue,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async onModuleInit(): Promise<void> {
    this.subscriber = await subscribeToOutboxWakeups(this.redis, this.config.queuePrefix, () => this.kick());
    this.timer = setInterval(() => this.kick(), this.config.relayPollMs);
    this.kick();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.runner.stop();
    await this.subscriber?.quit().catch(() => undefined);
  }

  kick(): void {
    this.runner.kick();
  }

  /** Plans until no request is left; returns how many notification rows were created. */
  async drain(): Promise<number> {
    let created = 0;
    for (;;) {
      const { claimed, planned } = await this.tx.run(async (tx) => {
        const rows = await this.outbox.claimBatch(tx, [NOTIFICATION_REQUESTED_TOPIC], BATCH);
        // The requests side by side: on the pipelined transaction their look-ups go out together, a
        // round trip per step for the whole batch rather than per request (under a burst of firings,
        // 200 requests × five look-ups one after another had held a connection for a second).
        const all: EnqueuedNotification[] = (
          await settleAll(rows.map(async (row) => insertNotifications(tx, this.notifications, await this.plan(tx, row))))
        ).flat();
        await this.outbox.markProcessed(tx, rows.map((r) => r.id), this.clock.now());
        return { claimed: rows.length, planned: all };
      });
      // After the commit: the rows exist before their jobs, so a job never finds no row.
      await this.queue.enqueueMany(planned, this.clock.now());
      created += planned.length;
      if (claimed < BATCH) return created;
    }
  }

  /**
   * The organisation a message names (a referral: the one it went to; otherwise the one handling the
   * case) and, for a collective dispute, how many workers it concerns.
   */
  private async caseFacts(tx: Tx, p: NotificationRequestedPayload, routing: CaseRouting): Promise<Record<string, unknown>> {
    const referral = String(p.template).startsWith('REFERRAL_') && p.orgId;
    const orgName = referral ? await this.notifications.orgName(tx, p.orgId!) : routing.orgName;
    return { ...(orgName ? { orgName: orgName.slice(0, 80) } : {}), ...(routing.collective ? { workerCount: routing.workerCount } : {}) };
  }

  /** What a template may say about the event: a session's time, an amount, a deadline — never a person's data. */
  private async eventParams(tx: Tx, p: NotificationRequestedPayload): Promise<Record<string, unknown>> {
    if (!p.caseId || p.eventSeq === undefined) return {};
    const [e] = await tx.query<{ payload: Record<string, unknown> }>(`SELECT payload FROM case_events WHERE case_id = $1 AND seq = $2`, [p.caseId, p.eventSeq]);
    if (!e) return {};
    const x = e.payload;
    const items = Array.isArray(x.items) ? (x.items as { agreedFen?: number; awardedFen?: number }[]) : [];
    const amount = typeof x.amountFen === 'number' ? x.amountFen : items.length ? items.reduce((s, i) => s + (i.agreedFen ?? i.awardedFen ?? 0), 0) : undefined;
    return {
      ...(typeof x.sessionAt === 'string' ? { sessionAt: x.sessionAt } : {}),
      ...(amount !== undefined ? { amountFen: amount } : {}),
      ...(typeof x.kind === 'string' ? { deadlineKind: x.kind } : {}),
      ...(typeof x.dueAt === 'string' ? { dueAt: x.dueAt } : {}),
    };
  }

  /** The notification rows one request calls for (recipients by id; no personal data); texts inside quiet hours are deferred. */
  async plan(tx: Tx, row: OutboxRow): Promise<NewNotification[]> {
    return applyQuietHours(await this.recipients(tx, row), this.clock.now(), this.config.notifications.quietHours);
  }

  private async recipients(tx: Tx, row: OutboxRow): Promise<NewNotification[]> {
    const p = row.payload as unknown as NotificationRequestedPayload;
    const routing = p.caseId ? await this.notifications.caseRouting(tx, p.caseId) : null;
    if (p.caseId && !routing) {
      this.log.warn(`notification request ${row.id}: case not found, nothing planned`);
      return [];
    }
    const now = this.clock.now();
    // Template params only (checked by the templates: no personal data), from the case and the event that asked.
    const params: Record<string, unknown> = routing ? { caseNo: routing.caseNo, ...(await this.caseFacts(tx, p, routing)), ...(await this.eventParams(tx, p)) } : {};
    // One message per event, template and person: a manager of two alerted organisations hears it once.
    const origin = p.caseId && p.eventSeq !== undefined ? `${p.caseId}:${p.eventSeq}:${String(p.template)}` : String(row.id);
    const base = { caseId: p.caseId ?? null, outboxId: row.id, template: String(p.template), params, createdAt: now };
    const sms = (partyIds: string[]): NewNotification[] =>
      partyIds.map((partyId) => ({ ...base, id: randomUUID(), dedupeKey: `${origin}:SMS:${partyId}`, channel: 'SMS', locale: 'zh-CN', recipientPartyId: partyId }));
    // Staff read the console; managers and receiving organisations also get an e-mail when an address is on file.
    const staff = (users: StaffRecipient[], byEmail: boolean, orgId?: string | null): NewNotification[] =>
      staffRows(base, users, (userId, channel) => `${origin}:${channel}:${userId}`, { orgId, byEmail: byEmail && emailEnabled(this.config) });

    switch (p.to) {
      case 'WORKERS':
        // Workers read SMS; a worker without a phone on file gets nothing here (the case file has the notice).
        return sms(await this.notifications.workerPartiesWithPhone(tx, p.caseId));
      case 'BOTH_PARTIES':
        // Employers have no phone on file (only a credit code and an address): only workers can be texted.
        return sms(await this.notifications.workerPartiesWithPhone(tx, p.caseId));
      case 'EMPLOYER':
        // No contact channel for employers yet (no phone or e-mail on file): nothing to send.
        return [];
      case 'MEDIATOR':
        return staff(await this.notifications.activeUsers(tx, { userIds: routing?.mediatorIds ?? [] }), false);
      case 'MANAGER': {
        const orgId = p.orgId ?? routing?.orgId;
        if (!orgId) return [];
        // Its managers (and its parent's); an organisation with no managers of ours (a procuratorate,
        // an HRSS bureau told of a collective dispute) hears it through all its staff.
        const managers = await this.notifications.managersOf(tx, orgId);
        return staff(managers.length ? managers : await this.notifications.activeUsers(tx, { orgId }), true, orgId);
      }
      case 'ORG': {
        const orgId = p.orgId ?? routing?.orgId;
        return orgId ? staff(await this.notifications.activeUsers(tx, { orgId }), true, orgId) : [];
      }
      default:
        this.log.warn(`notification request ${row.id}: unknown recipient group ${String(p.to)}`);
        return [];
    }
  }
}

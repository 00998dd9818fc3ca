import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@tiaojie/config';
import { CLOCK, type Clock, type DeadlineKind } from '@tiaojie/domain';
import { NotificationTypeormRepository, TransactionRunner, type NewNotification, type Tx } from '@tiaojie/persistence';
import { randomUUID } from 'node:crypto';
import { NotificationQueue } from '../pipeline/notification-queue';
import { applyQuietHours, insertNotifications } from '../pipeline/quiet-hours-policy';
import { emailEnabled, staffRows, type MessageBase } from '../pipeline/staff-rows';
import { overdueDedupeKey, reminderDedupeKey, reminderFireAt, type SendReminderJobData } from './reminder-queue';


/** Who must act before a deadline (DOMAIN §4): the case's mediator(s), the organisation a referral went to, or the worker. */
export type WhoMustAct = 'MEDIATOR' | 'REFERRAL_ORG' | 'WORKERS' | null;

export function whoMustAct(kind: string): WhoMustAct {
  switch (kind as DeadlineKind) {
    case 'MEDIATION_PERIOD':
    case 'ENTRUSTED_PERIOD':
    case 'TIER_SLA':
    case 'ACCEPTANCE_SLA':
    case 'INSTALMENT_DUE':
    case 'CONFIRMATION_WINDOW':
    case 'LIMITATION':
      return 'MEDIATOR';
    case 'COURT_ACCEPT_CONFIRMATION':
    case 'COURT_RULE_CONFIRMATION':
    case 'ARBITRATION_ACCEPTANCE':
    case 'ARBITRATION_AWARD':
    case 'SUPPORT_PROSECUTION_SLA':
    case 'LEGAL_AID_REVIEW':
      return 'REFERRAL_ORG';
    case 'SUE_AFTER_AWARD':
      return 'WORKERS';
    default:
      // ARBITRATION_RIGHT only opens a right: nobody must act before it.
      return null;
  }
}

/** The referral whose receiving organisation must act before a receiving-side deadline. */
const REFERRAL_KIND_OF_DEADLINE: Partial<Record<string, string>> = {
  COURT_ACCEPT_CONFIRMATION: 'JUDICIAL_CONFIRMATION',
  COURT_RULE_CONFIRMATION: 'JUDICIAL_CONFIRMATION',
  ARBITRATION_ACCEPTANCE: 'ARBITRATION',
  ARBITRATION_AWARD: 'ARBITRATION',
  SUPPORT_PROSECUTION_SLA: 'SUPPORT_PROSECUTION',
  LEGAL_AID_REVIEW: 'LEGAL_AID',
};

export interface DeadlineRow {
  id: string;
  caseId: string;
  kind: string;
  status: string;
  generation: number;
  dueAt: Date;
  caseNo: string;
  orgId: string;
}

export type ReminderOutcome = 'sent' | 'duplicate' | 'stale' | 'late' | 'early' | 'nobody';

/**
 * Reminders before a deadline and the overdue notice after it (issue 5 item 4). Both re-read the
 * deadline: a reminder for a deadline no longer PENDING, or of an older generation, is a no-op —
 * that is how a deadline met or cancelled cancels its reminders. Rows carry dedupe keys, so a job
 * processed twice plans nothing the second time.
 */
@Injectable()
export class ReminderService {
  private readonly log = new Logger(ReminderService.name);

  constructor(
    private readonly tx: TransactionRunner,
    private readonly notifications: NotificationTypeormRepository,
    private readonly queue: NotificationQueue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async readDeadline(tx: Tx, id: string): Promise<DeadlineRow | null> {
    const [row] = await tx.query<DeadlineRow>(
      `SELECT d.id, d.case_id AS "caseId", d.kind, d.status, d.generation, d.due_at AS "dueAt", c.case_no AS "caseNo", c.org_id AS "orgId"
       FROM deadlines d JOIN cases c ON c.id = d.case_id WHERE d.id = $1`,
      [id],
    );
    return row ?? null;
  }

  /** Handles one reminder job; `early` asks the caller to wait until `fireAt`. */
  async fire(job: SendReminderJobData): Promise<{ outcome: ReminderOutcome; fireAt?: Date }> {
    const now = this.clock.now();
    const { outcome, planned } = await this.tx.run(async (tx) => {
      const d = await this.readDeadline(tx, job.deadlineId);
      if (!d || d.status !== 'PENDING' || d.generation !== job.generation) return { outcome: 'stale' as const, planned: [] };
      const fireAt = reminderFireAt(d.dueAt, job.offsetDays);
      if (fireAt.getTime() > now.getTime()) return { outcome: 'early' as const, planned: [] };
      if (d.dueAt.getTime() <= now.getTime()) return { outcome: 'late' as const, planned: [] };
      const params = { caseNo: d.caseNo, deadlineKind: d.kind, dueAt: d.dueAt.toISOString(), daysLeft: job.offsetDays };
      const rows = await this.rowsFor(tx, d, 'REMINDER', params, (r) => reminderDedupeKey(d.id, d.generation, job.offsetDays, r), now);
      if (rows.length === 0) return { outcome: 'nobody' as const, planned: [] };
      const inserted = await insertNotifications(tx, this.notifications, applyQuietHours(rows, now, this.config.notifications.quietHours));
      return { outcome: inserted.length ? ('sent' as const) : ('duplicate' as const), planned: inserted };
    });
    await this.queue.enqueueMany(planned, now);
    if (outcome === 'early') {
      const d = await this.readDeadline(this.tx.reader, job.deadlineId);
      return { outcome, fireAt: d ? reminderFireAt(d.dueAt, job.offsetDays) : now };
    }
    return { outcome };
  }

  /**
   * Overdue notices for deadlines that expired recently (since `since`) to the managers of whoever
   * had to act; returns how many rows were planned. Idempotent through the dedupe keys.
   */
  async planOverdue(since: Date, limit = 500): Promise<number> {
    const now = this.clock.now();
    const planned = await this.tx.run(async (tx) => {
      const expired = await tx.query<DeadlineRow>(
        `SELECT d.id, d.case_id AS "caseId", d.kind, d.status, d.generation, d.due_at AS "dueAt", c.case_no AS "caseNo", c.org_id AS "orgId"
         FROM deadlines d JOIN cases c ON c.id = d.case_id
         WHERE d.status = 'EXPIRED' AND d.fired_at >= $1 AND d.kind <> 'ARBITRATION_RIGHT'
           AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.case_id = d.case_id AND n.template = 'OVERDUE'
                           AND n.dedupe_key LIKE 'overdue:' || d.id::text || ':%')
         ORDER BY d.fired_at, d.id LIMIT $2`,
        [since, limit],
      );
      const out = [];
      for (const d of expired) {
        if (whoMustAct(d.kind) === null) continue;
        const orgId = (await this.actingOrg(tx, d)) ?? d.orgId;
        const managers = await this.notifications.managersOf(tx, orgId);
        const params = { caseNo: d.caseNo, deadlineKind: d.kind, dueAt: d.dueAt.toISOString() };
        // Managers hear it in the console and, where they have an address on file, by e-mail.
        const rows = staffRows(this.base(d, 'OVERDUE', params, now), managers, (userId, channel) => overdueDedupeKey(d.id, d.generation, channel === 'EMAIL' ? `${userId}:EMAIL` : userId), {
          orgId,
          byEmail: emailEnabled(this.config),
        });
        out.push(...(await insertNotifications(tx, this.notifications, rows)));
      }
      return out;
    });
    await this.queue.enqueueMany(planned, now);
    return planned.length;
  }

  /** The reminder rows for whoever must act (ids only). */
  private async rowsFor(tx: Tx, d: DeadlineRow, template: string, params: Record<string, unknown>, key: (recipient: string) => string, now: Date): Promise<NewNotification[]> {
    switch (whoMustAct(d.kind)) {
      case 'MEDIATOR': {
        const routing = await this.notifications.caseRouting(tx, d.caseId);
        const users = await this.notifications.activeUsers(tx, { userIds: routing?.mediatorIds ?? [] });
        return staffRows(this.base(d, template, params, now), users, (userId) => key(userId), { byEmail: false });
      }
      case 'REFERRAL_ORG': {
        const orgId = await this.actingOrg(tx, d);
        if (!orgId) return [];
        const users = await this.notifications.activeUsers(tx, { orgId });
        // A court or a commission is not in our console all day: its staff with an address also get an e-mail.
        return staffRows(this.base(d, template, params, now), users, (userId, channel) => key(channel === 'EMAIL' ? `${userId}:EMAIL` : userId), { orgId, byEmail: emailEnabled(this.config) });
      }
      case 'WORKERS':
        return (await this.notifications.workerPartiesWithPhone(tx, d.caseId)).map((partyId) => ({
          id: randomUUID(),
          dedupeKey: key(partyId),
          caseId: d.caseId,
          outboxId: null,
          template,
          locale: 'zh-CN',
          channel: 'SMS' as const,
          recipientPartyId: partyId,
          params,
          createdAt: now,
        }));
      default:
        return [];
    }
  }

  /**
   * The organisation whose people must act: for a receiving-side deadline, the organisation the
   * case's latest referral of that kind went to (the award deadline runs after the referral's own
   * acceptance deadline was met, so it is found by kind, not by the referral's deadline); else the case's.
   */
  private async actingOrg(tx: Tx, d: DeadlineRow): Promise<string | null> {
    if (whoMustAct(d.kind) !== 'REFERRAL_ORG') return d.orgId;
    const [r] = await tx.query<{ toOrgId: string }>(
      `SELECT to_org_id AS "toOrgId" FROM referrals WHERE case_id = $1 AND (deadline_id = $2 OR kind = $3)
       ORDER BY (deadline_id = $2) DESC, created_at DESC LIMIT 1`,
      [d.caseId, d.id, REFERRAL_KIND_OF_DEADLINE[d.kind] ?? null],
    );
    return r?.toOrgId ?? null;
  }

  private base(d: DeadlineRow, template: string, params: Record<string, unknown>, now: Date): MessageBase {
    return { caseId: d.caseId, outboxId: null, template, params, createdAt: now };
  }
}

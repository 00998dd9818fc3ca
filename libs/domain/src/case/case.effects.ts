import type { DeadlineKind } from '../deadlines/deadline-rules';

/**
 * Side effects the machine asks for, as data. The command handler turns each into rows written in
 * the same transaction as the state change (DESIGN §3–4); nothing here performs I/O.
 */
export type CaseEffect =
  /** `length` days (in the kind's unit) from `triggerAt`. */
  | { type: 'startDeadline'; kind: DeadlineKind; triggerAt: string; length: number }
  /** One INSTALMENT_DUE per instalment of the agreement's schedule, each ending at 24:00 of its date. */
  | { type: 'startInstalmentDeadlines'; triggerAt: string; instalments: { ref: string; dueDate: string }[] }
  | { type: 'extendDeadline'; kind: DeadlineKind; days: number }
  | { type: 'completeDeadline'; kind: DeadlineKind; status: 'MET' | 'CANCELLED'; refs?: string[] }
  | { type: 'cancelAllDeadlines' }
  /** The clock stops (中止) … */
  | { type: 'pauseDeadline'; kind: DeadlineKind }
  /** … and runs on from where it stopped. */
  | { type: 'resumeDeadline'; kind: DeadlineKind }
  /** The period starts again in full (重新计算) from `triggerAt`. */
  | { type: 'restartDeadline'; kind: DeadlineKind; triggerAt: string; length?: number }
  | { type: 'notify'; template: NotificationTemplate; to: Recipient }
  | { type: 'alert'; template: NotificationTemplate; agencies: ('UNION' | 'HRSS' | 'PROCURATORATE' | 'COURT' | 'JUSTICE')[] }
  | { type: 'issueDocument'; kind: DocumentKind }
  /** A referral in the receiving organisation's inbox, due with the deadline `dueKind` (if any). */
  | { type: 'openReferral'; kind: ReferralKind; toOrgId: string; dueKind?: DeadlineKind }
  | { type: 'completeReferral'; kind: ReferralKind; status: 'ACCEPTED' | 'REJECTED' | 'COMPLETED' }
  | { type: 'transferCase'; toOrgId: string }
  | { type: 'escalateTier'; toTier: string };

export type ReferralKind =
  | 'JUDICIAL_CONFIRMATION'
  | 'ENTRUSTED_MEDIATION'
  | 'RETURN_TO_COURT'
  | 'ARBITRATION'
  | 'PAYMENT_ORDER'
  | 'ENFORCEMENT'
  | 'LITIGATION'
  | 'SUPPORT_PROSECUTION'
  | 'LEGAL_AID'
  | 'LABOR_INSPECTION';

export type NotificationTemplate =
  | 'CASE_ACCEPTED'
  | 'CASE_REJECTED'
  | 'SESSION_SCHEDULED'
  | 'ARBITRATION_RIGHT_OPEN'
  | 'AGREEMENT_REACHED'
  | 'PAYMENT_RECORDED'
  | 'AGREEMENT_CONFIRMED'
  | 'MEDIATION_TERMINATED'
  | 'INSTALMENT_MISSED'
  | 'CONFIRMATION_PROMPT'
  | 'CONFIRMATION_WINDOW_CLOSED'
  | 'DEADLINE_OVERDUE'
  | 'ARBITRATION_SILENT'
  | 'AWARD_EFFECTIVE'
  | 'LIMITATION_WARNING'
  | 'COLLECTIVE_DISPUTE'
  | 'CASE_RETURNED_TO_COURT'
  | 'TIER_ESCALATED';

export type Recipient = 'WORKERS' | 'EMPLOYER' | 'BOTH_PARTIES' | 'MEDIATOR' | 'MANAGER';

export type DocumentKind = 'ACCEPTANCE_NOTICE' | 'AGREEMENT' | 'TERMINATION_NOTE' | 'HANDOVER_PACKET';

export const EFFECT_TYPES = [
  'startDeadline',
  'startInstalmentDeadlines',
  'extendDeadline',
  'completeDeadline',
  'cancelAllDeadlines',
  'pauseDeadline',
  'resumeDeadline',
  'restartDeadline',
  'notify',
  'alert',
  'issueDocument',
  'openReferral',
  'completeReferral',
  'transferCase',
  'escalateTier',
] as const;

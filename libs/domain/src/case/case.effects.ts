import type { DeadlineKind } from '../deadlines/deadline-rules';

/**
 * Side effects the machine asks for, as data. The command handler turns each into rows written in
 * the same transaction as the state change (DESIGN §3–4); nothing here performs I/O.
 */
export type CaseEffect =
  | { type: 'startDeadline'; kind: DeadlineKind; triggerAt: string; length: number }
  | { type: 'extendDeadline'; kind: DeadlineKind; days: number }
  | { type: 'completeDeadline'; kind: DeadlineKind; status: 'MET' | 'CANCELLED' }
  | { type: 'cancelAllDeadlines' }
  | { type: 'notify'; template: NotificationTemplate; to: Recipient }
  | { type: 'issueDocument'; kind: DocumentKind };

export type NotificationTemplate =
  | 'CASE_ACCEPTED'
  | 'CASE_REJECTED'
  | 'SESSION_SCHEDULED'
  | 'ARBITRATION_RIGHT_OPEN'
  | 'AGREEMENT_REACHED'
  | 'PAYMENT_RECORDED'
  | 'MEDIATION_TERMINATED';

export type Recipient = 'WORKERS' | 'EMPLOYER' | 'BOTH_PARTIES' | 'MEDIATOR';

export type DocumentKind = 'ACCEPTANCE_NOTICE' | 'AGREEMENT' | 'TERMINATION_NOTE';

export const EFFECT_TYPES = ['startDeadline', 'extendDeadline', 'completeDeadline', 'cancelAllDeadlines', 'notify', 'issueDocument'] as const;

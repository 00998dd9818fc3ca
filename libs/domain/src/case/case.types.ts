import type { DeadlineKind } from '../deadlines/deadline-rules';

/**
 * Contract: `CaseContext` is stored inside `cases.snapshot` (jsonb). Add optional fields freely;
 * renaming or removing one needs a new machine version and a tested snapshot migration.
 */
export const CHANNELS = ['WALK_IN', 'HOTLINE', 'ONLINE', 'STATION', 'COURT_ENTRUSTED', 'INSPECTION_REFERRAL'] as const;
export type Channel = (typeof CHANNELS)[number];

export const PAYMENT_METHODS = ['BANK_TRANSFER', 'CASH', 'WECHAT_PAY', 'ALIPAY', 'CHEQUE', 'OTHER'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

export interface CasePolicy {
  /** LDMAL art. 14: 15 days from acceptance. */
  mediationDays: number;
  /** Local rules cap a consented extension (DOMAIN §3.2, marked "verify"): configurable. */
  maxMediationExtensionDays: number;
}

export const DEFAULT_CASE_POLICY: CasePolicy = { mediationDays: 15, maxMediationExtensionDays: 15 };

export interface Session {
  at: string;
  place?: string;
  online: boolean;
  scheduledAt: string;
  summary?: string;
  recordedAt?: string;
}

export interface AgreementItem {
  type: string;
  agreedFen: number;
}

export interface Instalment {
  dueDate: string;
  amountFen: number;
}

export interface Agreement {
  items: AgreementItem[];
  schedule: Instalment[];
  signedAt: string;
  totalFen: number;
}

export interface Payment {
  amountFen: number;
  paidAt: string;
  method: PaymentMethod;
  evidenceRef?: string;
  recordedAt: string;
}

export interface CaseContext {
  caseId: string;
  channel: Channel;
  receivedAt: string;
  claimedFen: number;
  policy: CasePolicy;
  acceptedAt?: string;
  mediatorId?: string;
  coMediatorIds: string[];
  sessions: Session[];
  mediationExtensionDays: number;
  agreement?: Agreement;
  paidFen: number;
  payments: Payment[];
  outcome?: string;
  closedAt?: string;
  closingReason?: string;
  redirectTo?: string;
  arbitrationRightOpenedAt?: string;
}

export interface CaseInput {
  caseId: string;
  channel: Channel;
  receivedAt: string;
  claimedFen: number;
  policy?: CasePolicy;
}

/** Every event carries the time it happened (`at`), set by the server from the injected clock. */
interface Timed {
  at: string;
}

export type CaseEvent =
  | ({ type: 'ACCEPT' } & Timed)
  | ({ type: 'REJECT'; reason: string; redirectTo?: string } & Timed)
  | ({ type: 'WITHDRAW'; reason: string } & Timed)
  | ({ type: 'ASSIGN_MEDIATOR'; mediatorId: string; coMediatorIds?: string[] } & Timed)
  | ({ type: 'SCHEDULE_SESSION'; sessionAt: string; place?: string; online?: boolean } & Timed)
  | ({ type: 'RECORD_SESSION'; summary: string } & Timed)
  | ({ type: 'EXTEND_MEDIATION'; days: number; consentOfBoth: true } & Timed)
  | ({ type: 'REACH_AGREEMENT'; items: AgreementItem[]; schedule: Instalment[]; signedAt: string } & Timed)
  | ({ type: 'MEDIATION_FAILED'; reason: string } & Timed)
  | ({ type: 'RECORD_PAYMENT'; amountFen: number; paidAt: string; method: PaymentMethod; evidenceRef?: string } & Timed)
  | ({ type: 'CLOSE'; outcome?: string } & Timed)
  | ({ type: 'DEADLINE_EXPIRED'; deadlineId: string; kind: DeadlineKind } & Timed);

export type CaseEventType = CaseEvent['type'];
export type CaseEventOf<T extends CaseEventType> = Extract<CaseEvent, { type: T }>;

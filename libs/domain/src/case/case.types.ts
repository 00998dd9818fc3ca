import type { DeadlineKind } from '../deadlines/deadline-rules';

/**
 * Contract: `CaseContext` is stored inside `cases.snapshot` (jsonb). Add optional fields freely;
 * renaming or removing one needs a new machine version and a tested snapshot migration.
 */
export const CHANNELS = ['WALK_IN', 'HOTLINE', 'ONLINE', 'STATION', 'COURT_ENTRUSTED', 'INSPECTION_REFERRAL'] as const;
export type Channel = (typeof CHANNELS)[number];

export const PAYMENT_METHODS = ['BANK_TRANSFER', 'CASH', 'WECHAT_PAY', 'ALIPAY', 'CHEQUE', 'OTHER'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

export const TIERS = ['VILLAGE', 'TOWNSHIP', 'COUNTY', 'CITY'] as const;
export type Tier = (typeof TIERS)[number];

export interface CasePolicy {
  /** LDMAL art. 14: 15 days from acceptance. */
  mediationDays: number;
  /** Local rules cap a consented extension (DOMAIN §3.2, marked "verify"): configurable. */
  maxMediationExtensionDays: number;
  /** Fengqiao service level per tier, in days (local practice, configurable); none at the top tier. */
  tierSlaDays?: Partial<Record<Tier, number>>;
  /** Procuratorate service level for support-prosecution requests (3 days in one local practice). */
  supportProsecutionSlaDays?: number;
  /** Court-entrusted pre-filing mediation: 30 days (court rules). */
  entrustedDays?: number;
}

export const DEFAULT_CASE_POLICY: CasePolicy = {
  mediationDays: 15,
  maxMediationExtensionDays: 15,
  tierSlaDays: { VILLAGE: 7, TOWNSHIP: 15, COUNTY: 30 },
  supportProsecutionSlaDays: 3,
  entrustedDays: 30,
};

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

export interface JudicialConfirmation {
  courtOrgId: string;
  requestedAt: string;
  acceptedAt?: string;
  ruledAt?: string;
  rulingNo?: string;
  reason?: string;
  extended?: boolean;
}

export interface ArbitrationRecord {
  commissionOrgId: string;
  referredAt: string;
  acceptedAt?: string;
  notAcceptedReason?: string;
  suspendedAt?: string;
  extensionDays: number;
  amendments: number;
  award?: { final: boolean; awardedFen: number; servedAt: string; items: { type: string; awardedFen: number; final: boolean }[]; thresholdFen: number };
}

/** A court order, an effective award or a confirmed agreement: what enforcement may rest on. */
export interface EnforceableTitle {
  kind: 'JUDICIAL_CONFIRMATION' | 'ARBITRAL_AWARD' | 'PAYMENT_ORDER' | 'JUDGMENT';
  ref: string;
  at: string;
}

export interface SideTrack {
  orgId: string;
  requestedAt: string;
  decidedAt?: string;
  reason?: string;
  lawyerName?: string;
  meansTestWaived?: boolean;
}

export interface CaseContext {
  caseId: string;
  channel: Channel;
  receivedAt: string;
  claimedFen: number;
  policy: CasePolicy;
  /** Claim types on file (payment orders are only for some of them, LDMAL art. 16). */
  claimTypes?: string[];
  tier?: Tier;
  collective?: boolean;
  /** Migrant workers claiming wages or injury compensation skip legal aid's means test (Legal Aid Law art. 42). */
  migrantWageClaim?: boolean;
  entrustingCourtOrgId?: string;
  escalations?: { from: Tier; to: Tier; at: string; reason: string }[];
  transfers?: { toOrgId: string; at: string; reason: string }[];
  judicialConfirmation?: JudicialConfirmation;
  arbitration?: ArbitrationRecord;
  paymentOrder?: { courtOrgId: string; appliedAt: string };
  enforcement?: { courtOrgId: string; appliedAt: string; title: EnforceableTitle };
  litigation?: { courtOrgId: string; filedAt: string; after: 'MEDIATION' | 'ARBITRATION' | 'AWARD' | 'RETURN' };
  enforceableTitle?: EnforceableTitle;
  defaultedInstalments?: number[];
  supportProsecution?: SideTrack;
  legalAid?: SideTrack;
  laborInspection?: SideTrack;
  limitationFrom?: string;
  limitationWarnedAt?: string;
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
  claimTypes?: string[];
  tier?: Tier;
  collective?: boolean;
  migrantWageClaim?: boolean;
  entrustingCourtOrgId?: string;
  /** When the worker knew of the infringement (LDMAL art. 27), for the limitation warning. */
  limitationFrom?: string;
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
  /** `toTier` is filled in by the server from the receiving centre (undefined for a station). */
  | ({ type: 'TRANSFER'; toOrgId: string; reason: string; toTier?: Tier } & Timed)
  | ({ type: 'ESCALATE'; reason: string } & Timed)
  | ({ type: 'REQUEST_JUDICIAL_CONFIRMATION'; courtOrgId: string } & Timed)
  | ({ type: 'JC_ACCEPT' } & Timed)
  | ({ type: 'JC_REJECT'; reason: string } & Timed)
  | ({ type: 'JC_EXTEND'; reason: string } & Timed)
  | ({ type: 'JC_CONFIRM'; rulingNo: string } & Timed)
  | ({ type: 'JC_REFUSE'; reason: string } & Timed)
  | ({ type: 'APPLY_PAYMENT_ORDER'; courtOrgId: string } & Timed)
  | ({ type: 'PAYMENT_ORDER_ISSUED'; orderNo: string } & Timed)
  | ({ type: 'PAYMENT_ORDER_OBJECTED'; reason: string } & Timed)
  | ({ type: 'APPLY_ENFORCEMENT'; courtOrgId: string } & Timed)
  | ({ type: 'REFER_ARBITRATION'; commissionOrgId: string } & Timed)
  | ({ type: 'ARB_ACCEPT' } & Timed)
  | ({ type: 'ARB_NOT_ACCEPT'; reason: string } & Timed)
  | ({ type: 'SUSPEND_ARBITRATION'; reason: string } & Timed)
  | ({ type: 'RESUME_ARBITRATION' } & Timed)
  | ({ type: 'AMEND_CLAIMS'; reason: string } & Timed)
  | ({ type: 'EXTEND_ARBITRATION'; days: number; reason: string } & Timed)
  | ({
      type: 'AWARD_SERVED';
      servedAt: string;
      items: { type: string; awardedFen: number; final: boolean }[];
      final: boolean;
      /** What the clerk said, checked against the law (LDMAL art. 47) before the machine sees the event. */
      declaredFinal?: boolean;
      awardedFen: number;
      thresholdFen: number;
    } & Timed)
  | ({ type: 'SUE_AFTER_AWARD'; courtOrgId: string } & Timed)
  | ({ type: 'FILE_LAWSUIT'; courtOrgId: string } & Timed)
  | ({ type: 'RETURN_TO_COURT'; reason: string; pointsInDispute?: string[] } & Timed)
  | ({ type: 'REQUEST_SUPPORT_PROSECUTION'; procuratorateOrgId: string } & Timed)
  | ({ type: 'SP_SUPPORT' } & Timed)
  | ({ type: 'SP_DECLINE'; reason: string } & Timed)
  | ({ type: 'REQUEST_LEGAL_AID'; justiceOrgId: string } & Timed)
  | ({ type: 'LA_GRANT'; lawyerName: string } & Timed)
  | ({ type: 'LA_DENY'; reason: string } & Timed)
  | ({ type: 'REFER_LABOR_INSPECTION'; hrssOrgId: string } & Timed)
  | ({ type: 'DEADLINE_EXPIRED'; deadlineId: string; kind: DeadlineKind; ref?: string } & Timed);

export type CaseEventType = CaseEvent['type'];
export type CaseEventOf<T extends CaseEventType> = Extract<CaseEvent, { type: T }>;

import type { PeriodUnit } from '../calendar/legal-calendar';

/**
 * The legal deadlines the engine runs (DOMAIN.md §4). Each keeps its basis so anyone can check the
 * computed date: what starts it, its unit and length, and the article that sets it.
 *
 * Contract: kinds are stored in `deadlines.kind` and in outbox/job payloads; never rename one.
 */
export const DEADLINE_KINDS = [
  'ACCEPTANCE_SLA',
  'ARBITRATION_RIGHT',
  'MEDIATION_PERIOD',
  'ENTRUSTED_PERIOD',
  'TIER_SLA',
  'INSTALMENT_DUE',
  'CONFIRMATION_WINDOW',
  'COURT_ACCEPT_CONFIRMATION',
  'COURT_RULE_CONFIRMATION',
  'ARBITRATION_ACCEPTANCE',
  'ARBITRATION_AWARD',
  'SUE_AFTER_AWARD',
  'SUPPORT_PROSECUTION_SLA',
  'LEGAL_AID_REVIEW',
  'LIMITATION',
] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

export const DEADLINE_STATUSES = ['PENDING', 'MET', 'EXPIRED', 'CANCELLED', 'PAUSED'] as const;
export type DeadlineStatus = (typeof DEADLINE_STATUSES)[number];

export interface DeadlineRule {
  kind: DeadlineKind;
  unit: PeriodUnit;
  length: number;
  startsAt: string;
  article: string;
  /** Plain words for the worker and the clerk: what the date means. */
  meaning: string;
  /** Who must act before it passes (used by reminders). */
  onExpiry: string;
  /**
   * The engine's own service level, not a period the law sets. At the same instant a statutory
   * period is decided first (FireDueDeadlines' order): a county case's mediation period and its tier
   * service level can end at the same 24:00, and the failed mediation comes before any escalation.
   */
  serviceLevel?: true;
}

export const DEADLINE_RULES: Record<DeadlineKind, DeadlineRule> = {
  ARBITRATION_RIGHT: {
    kind: 'ARBITRATION_RIGHT',
    unit: 'CALENDAR_DAYS',
    length: 15,
    startsAt: 'the centre received the application',
    article: 'LDMAL art. 14',
    meaning: 'No agreement 15 days after the application was received: either party may apply for arbitration.',
    onExpiry: 'tell the worker arbitration is open; the case stays open',
  },
  MEDIATION_PERIOD: {
    kind: 'MEDIATION_PERIOD',
    unit: 'CALENDAR_DAYS',
    length: 15,
    startsAt: 'the centre accepted the application',
    article: 'LDMAL art. 14; enterprise consultation & mediation rules',
    meaning: 'Mediation must end within 15 days of acceptance unless both parties consent to extend it.',
    onExpiry: 'mediation has failed; a termination note is issued',
  },
  ACCEPTANCE_SLA: {
    kind: 'ACCEPTANCE_SLA',
    serviceLevel: true,
    unit: 'WORKING_DAYS',
    length: 3,
    startsAt: 'the centre received the application',
    article: 'enterprise consultation & mediation rules (configurable)',
    meaning: 'The centre should accept or refuse within 3 working days.',
    onExpiry: "alert the centre's manager",
  },
  ENTRUSTED_PERIOD: {
    kind: 'ENTRUSTED_PERIOD',
    unit: 'CALENDAR_DAYS',
    length: 30,
    startsAt: 'the court entrusted the dispute',
    article: 'SPC rules on pre-filing mediation (诉前委派调解)',
    meaning: 'Court-entrusted mediation runs 30 days, longer only with both parties\u2019 consent.',
    onExpiry: 'the case returns to the court with a handover packet',
  },
  TIER_SLA: {
    kind: 'TIER_SLA',
    serviceLevel: true,
    unit: 'CALENDAR_DAYS',
    length: 15,
    startsAt: 'the case reached its Fengqiao tier',
    article: 'local Fengqiao practice (configurable per tier)',
    meaning: 'A tier that cannot settle the dispute within its service level passes it up.',
    onExpiry: 'escalate to the next tier with the whole history',
  },
  INSTALMENT_DUE: {
    kind: 'INSTALMENT_DUE',
    unit: 'CALENDAR_DAYS',
    length: 1,
    startsAt: 'the agreement was signed',
    article: 'LDMAL arts. 15\u201316; the agreement\u2019s schedule',
    meaning: 'The instalment must be paid by the date in the schedule.',
    onExpiry: 'default; remedies are offered',
  },
  CONFIRMATION_WINDOW: {
    kind: 'CONFIRMATION_WINDOW',
    unit: 'CALENDAR_DAYS',
    length: 30,
    startsAt: 'the agreement took effect',
    article: "People's Mediation Law art. 33",
    meaning: 'Both parties may jointly apply to the court for judicial confirmation within 30 days.',
    onExpiry: 'the window closes; the agreement stays a binding contract',
  },
  COURT_ACCEPT_CONFIRMATION: {
    kind: 'COURT_ACCEPT_CONFIRMATION',
    unit: 'CALENDAR_DAYS',
    length: 3,
    startsAt: 'the joint application was filed',
    article: '法释〔2011〕5号',
    meaning: 'The court decides within 3 days whether to accept the application.',
    onExpiry: 'escalate to the court liaison',
  },
  COURT_RULE_CONFIRMATION: {
    kind: 'COURT_RULE_CONFIRMATION',
    unit: 'CALENDAR_DAYS',
    length: 15,
    startsAt: 'the court accepted the application',
    article: '法释〔2011〕5号',
    meaning: 'The court rules within 15 days of acceptance (extendable by 10).',
    onExpiry: 'escalate to the court liaison',
  },
  ARBITRATION_ACCEPTANCE: {
    kind: 'ARBITRATION_ACCEPTANCE',
    unit: 'CALENDAR_DAYS',
    length: 5,
    startsAt: 'a complete arbitration application was received',
    article: 'LDMAL art. 29',
    meaning: 'The commission decides within 5 days whether to accept; refusal or silence lets the worker sue.',
    onExpiry: 'the worker may sue',
  },
  ARBITRATION_AWARD: {
    kind: 'ARBITRATION_AWARD',
    unit: 'CALENDAR_DAYS',
    length: 45,
    startsAt: 'the commission accepted the case',
    article: 'LDMAL art. 43',
    meaning: 'The award is due within 45 days (+ up to 15 with the chair\u2019s approval); paused while suspended, restarted when claims change.',
    onExpiry: 'the worker may sue',
  },
  SUE_AFTER_AWARD: {
    kind: 'SUE_AFTER_AWARD',
    unit: 'CALENDAR_DAYS',
    length: 15,
    startsAt: 'the award was served',
    article: 'LDMAL arts. 48, 50',
    meaning: 'A party may sue within 15 days of receiving the award; otherwise it takes effect.',
    onExpiry: 'the award binds / takes effect',
  },
  SUPPORT_PROSECUTION_SLA: {
    kind: 'SUPPORT_PROSECUTION_SLA',
    serviceLevel: true,
    unit: 'CALENDAR_DAYS',
    length: 3,
    startsAt: 'support prosecution was requested',
    article: 'Civil Procedure Law art. 15; local service level (configurable)',
    meaning: 'The procuratorate answers a support-prosecution request within its service level.',
    onExpiry: 'escalate',
  },
  LEGAL_AID_REVIEW: {
    kind: 'LEGAL_AID_REVIEW',
    unit: 'CALENDAR_DAYS',
    length: 7,
    startsAt: 'legal aid was applied for',
    article: 'Legal Aid Law (review 7 days, then 3 to assign; verify)',
    meaning: 'The legal-aid centre decides within 7 days.',
    onExpiry: 'escalate',
  },
  LIMITATION: {
    kind: 'LIMITATION',
    unit: 'CALENDAR_DAYS',
    length: 365,
    startsAt: 'the worker knew of the infringement (for wage arrears: employment ended)',
    article: 'LDMAL art. 27',
    meaning: 'The one-year limitation for arbitration; a warning only — interruption and suspension need a person to judge.',
    onExpiry: 'warn; the case is never closed by it',
  },
};

export function describeBasis(rule: DeadlineRule, length: number, extensionDays: number): string {
  const unit = rule.unit === 'CALENDAR_DAYS' ? 'days' : 'working days';
  const ext = extensionDays > 0 ? ` (${rule.length} + ${extensionDays} extended with both parties' consent)` : '';
  return `${rule.article}: ${length} ${unit}${ext} from the day ${rule.startsAt}`;
}

/** Kinds that are the engine's own service levels (DeadlineRule.serviceLevel). */
export const SERVICE_LEVEL_DEADLINE_KINDS: readonly DeadlineKind[] = DEADLINE_KINDS.filter((k) => DEADLINE_RULES[k].serviceLevel);

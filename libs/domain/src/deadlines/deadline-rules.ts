import type { PeriodUnit } from '../calendar/legal-calendar';

/**
 * The legal deadlines the engine runs (DOMAIN.md §4). Each keeps its basis so anyone can check the
 * computed date: what starts it, its unit and length, and the article that sets it.
 *
 * Contract: kinds are stored in `deadlines.kind` and in outbox/job payloads; never rename one.
 */
export const DEADLINE_KINDS = ['ARBITRATION_RIGHT', 'MEDIATION_PERIOD'] as const;
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
};

export function describeBasis(rule: DeadlineRule, length: number, extensionDays: number): string {
  const unit = rule.unit === 'CALENDAR_DAYS' ? 'days' : 'working days';
  const ext = extensionDays > 0 ? ` (${rule.length} + ${extensionDays} extended with both parties' consent)` : '';
  return `${rule.article}: ${length} ${unit}${ext} from the day ${rule.startsAt}`;
}

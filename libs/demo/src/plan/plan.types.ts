import type { CaseEventType } from '@tiaojie/domain';

/**
 * The demo year as planned before anything runs. Contract for the runner: a plan is plain JSON, so
 * that two plans from one seed compare equal and a plan can be printed or stored.
 *
 * Times inside step bodies are written relative to the moment the step runs, with placeholders the
 * runner fills in from the test clock (so a step that had to wait for a deadline still dates itself
 * correctly):
 *   '$slot'                          the instant of the slot the step runs in (never after "now")
 *   { $dayAt: n, time: 'HH:MM' }     that time (Asia/Shanghai) n days after the day it runs
 *   { $date: n }                     the legal calendar day n days after the day it runs
 *   '{{year}}' inside a string       the year of the day it runs
 *   { $outreach: ref }               the id the outreach activity `ref` got when it was recorded
 */
export type StepType = 'OPEN' | CaseEventType;

/** Slots of a working day (Asia/Shanghai); slot 0 (00:05) only fires what fell due at midnight. */
export const SLOT_TIMES = ['00:05', '09:30', '14:30', '16:30'] as const;
export type Slot = 1 | 2 | 3;

export interface PlannedStep {
  /** Day of the year, 0 = the first day. */
  day: number;
  slot: Slot;
  /** The demo user who sends it (a username of the demo accounts or the demo cast). */
  actor: string;
  type: StepType;
  /** OPEN: the intake request (API.md POST /api/cases); otherwise the event payload without `type`. */
  body: Record<string, unknown>;
  /**
   * Sent only once a deadline has fired (a period that may have rolled past a holiday): if the case
   * is not there yet, the step waits a day and tries again, and the case's later steps wait behind it.
   */
  awaits?: true;
}

export type CaseTag =
  | 'collective'
  | 'entrusted'
  | 'station'
  | 'migrant'
  | 'platform'
  | 'lower-tier'
  | 'inter-county-transfer';

export interface PlannedCase {
  /** Stable reference within the plan (D00001 …); the case gets its real id and number when it opens. */
  ref: string;
  /** The county (6-digit code) the case belongs to. */
  county: string;
  tags: CaseTag[];
  workers: number;
  steps: PlannedStep[];
}

export interface PlannedOutreach {
  /** Index in the plan's outreach list; an intake that came from the activity names it as { $outreach: ref }. */
  ref: number;
  day: number;
  orgKey: string;
  actor: string;
  regionCode: string;
  kind: 'LEGAL_TALK' | 'SITE_CLINIC' | 'PLATFORM_WORKER_DAY' | 'CONSULTATION_DAY' | 'OTHER';
  title: string;
  place: string;
  peopleReached: number;
  consultations: number;
}

export interface YearPlanOptions {
  seed: number;
  /** The first day of the year (YYYY-MM-DD, Asia/Shanghai). */
  startDate: string;
  /** Number of days (365 for the full year). */
  days: number;
  /** 1 = the full year (~2,500 accepted cases, ~¥65 million); less for quick runs and tests. */
  scale: number;
  /** Recovered on the paid basis, in fen, that the money is scaled to (before `scale`). */
  targetPaidFen: number;
}

export interface YearPlan {
  options: YearPlanOptions;
  cases: PlannedCase[];
  outreach: PlannedOutreach[];
  /** The factor the drawn amounts were multiplied by to land on the target. */
  moneyFactor: number;
}

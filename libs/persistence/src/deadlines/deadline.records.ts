export interface DeadlineRecord {
  id: string;
  caseId: string;
  kind: string;
  status: 'PENDING' | 'MET' | 'EXPIRED' | 'CANCELLED' | 'PAUSED';
  triggerAt: Date;
  dueAt: Date;
  unit: 'CALENDAR_DAYS' | 'WORKING_DAYS';
  length: number;
  extensionDays: number;
  basis: string;
  rule: string;
  lastDay: string;
  generation: number;
  /** Tells apart several deadlines of one kind on a case (the instalment index); '' otherwise. */
  ref: string;
  pausedAt: Date | null;
  /** Days the clock stood still (中止), added to the period. */
  suspendedDays: number;
  createdAt: Date;
  completedAt: Date | null;
  firedAt: Date | null;
}

/** What a timer needs to be armed: no personal data, only ids and times. */
export interface ArmableDeadline {
  id: string;
  generation: number;
  dueAt: Date;
}

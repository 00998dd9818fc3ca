/**
 * Contract: outbox topics and their payloads are read by the worker after deploys; add fields,
 * never change meaning. Ids and times only — never personal data.
 */
export const OUTBOX_TOPICS = {
  deadlineArm: 'deadline.arm',
  deadlineDisarm: 'deadline.disarm',
  notificationRequested: 'notification.requested',
} as const;

export interface DeadlineArmPayload {
  deadlineId: string;
  generation: number;
  dueAt: string;
}

export interface NotificationRequestedPayload {
  caseId: string;
  eventSeq: number;
  template: string;
  to: string;
}

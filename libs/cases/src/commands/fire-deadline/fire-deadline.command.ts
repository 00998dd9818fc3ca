import { Command } from '@nestjs/cqrs';

export type FireDeadlineOutcome =
  | { outcome: 'fired'; caseId: string; transitioned: boolean }
  | { outcome: 'not-pending' | 'missing' }
  | { outcome: 'early'; dueAt: Date };

/** A deadline's timer went off. Contract: carries the deadline id only. */
export class FireDeadlineCommand extends Command<FireDeadlineOutcome> {
  constructor(readonly deadlineId: string) {
    super();
  }
}

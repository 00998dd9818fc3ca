import { Command } from '@nestjs/cqrs';
import type { Caller, CommandResult, IdempotencyRequest } from '@tiaojie/cases';
import type { OutreachView, RecordOutreachRequest } from './outreach.request';

export class RecordOutreachCommand extends Command<CommandResult<OutreachView>> {
  constructor(
    readonly caller: Caller,
    readonly request: RecordOutreachRequest,
    readonly idempotency?: IdempotencyRequest,
  ) {
    super();
  }
}

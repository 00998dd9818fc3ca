import { Command } from '@nestjs/cqrs';
import type { Caller } from '../../shared/caller';
import type { CaseView } from '../../shared/case-view';
import type { CommandResult, IdempotencyRequest } from '../../shared/idempotent';

export class SendCaseEventCommand extends Command<CommandResult<CaseView>> {
  constructor(
    readonly caller: Caller,
    readonly caseId: string,
    /** The version the caller last read (If-Match). */
    readonly expectedVersion: number,
    readonly type: unknown,
    readonly payload: Record<string, unknown>,
    readonly idempotency?: IdempotencyRequest,
  ) {
    super();
  }
}

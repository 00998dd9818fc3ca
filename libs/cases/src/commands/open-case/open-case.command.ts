import { Command } from '@nestjs/cqrs';
import type { Caller } from '../../shared/caller';
import type { CaseView } from '../../shared/case-view';
import type { CommandResult, IdempotencyRequest } from '../../shared/idempotent';
import type { OpenCaseRequest } from './open-case.request';

export class OpenCaseCommand extends Command<CommandResult<CaseView>> {
  constructor(
    readonly caller: Caller,
    readonly request: OpenCaseRequest,
    readonly idempotency?: IdempotencyRequest,
    /** Which registered machine version the case runs on; the current one unless a migration or test says otherwise. */
    readonly machineVersion?: string,
  ) {
    super();
  }
}

import { Query } from '@nestjs/cqrs';
import type { Caller } from '../../shared/caller';
import type { CaseView } from '../../shared/case-view';

export class GetCaseQuery extends Query<CaseView> {
  constructor(readonly caller: Caller, readonly caseId: string) {
    super();
  }
}

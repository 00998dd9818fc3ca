import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { CLOCK, NotFoundError, type Clock } from '@tiaojie/domain';
import { CaseTypeormRepository, TransactionRunner } from '@tiaojie/persistence';
import { caseViewOf } from '../../shared/case-view';
import { CaseViewLoader } from '../../shared/case-view.loader';
import { CaseAccess } from '../../shared/case-access';
import { GetCaseQuery } from './get-case.query';

@QueryHandler(GetCaseQuery)
export class GetCaseHandler implements IQueryHandler<GetCaseQuery> {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly cases: CaseTypeormRepository,
    private readonly views: CaseViewLoader,
    private readonly access: CaseAccess,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ caller, caseId }: GetCaseQuery) {
    return this.tx.read(async (reader) => {
      const record = await this.cases.findById(reader, caseId);
      if (!record) throw new NotFoundError('case');
      const { mayAct } = await this.access.assert(reader, caller, record, 'case.read');
      return caseViewOf(record, await this.views.lists(reader, record), caller, this.clock.now(), mayAct);
    });
  }
}

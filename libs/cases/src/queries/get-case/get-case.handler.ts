import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { CLOCK, NotFoundError, type Clock } from '@tiaojie/domain';
import { CaseTypeormRepository, TransactionRunner } from '@tiaojie/persistence';
import { buildCaseView } from '../../shared/case-view';
import { CaseViewLoader } from '../../shared/case-view.loader';
import { GetCaseQuery } from './get-case.query';

@QueryHandler(GetCaseQuery)
export class GetCaseHandler implements IQueryHandler<GetCaseQuery> {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly cases: CaseTypeormRepository,
    private readonly views: CaseViewLoader,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ caller, caseId }: GetCaseQuery) {
    const record = await this.cases.findById(this.tx.reader, caseId);
    if (!record) throw new NotFoundError('case');
    return buildCaseView(await this.views.load(this.tx.reader, record), caller, this.clock.now());
  }
}

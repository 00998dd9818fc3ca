import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@tiaojie/domain';
import { CaseTypeormRepository, TransactionRunner } from '@tiaojie/persistence';
import { CaseAccess } from '../../shared/case-access';
import { GetCaseHistoryQuery, type HistoryEntry } from './get-case-history.query';

@QueryHandler(GetCaseHistoryQuery)
export class GetCaseHistoryHandler implements IQueryHandler<GetCaseHistoryQuery> {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly cases: CaseTypeormRepository,
    private readonly access: CaseAccess,
  ) {}

  async execute({ caller, caseId }: GetCaseHistoryQuery): Promise<HistoryEntry[]> {
    const record = await this.cases.findById(this.tx.reader, caseId);
    if (!record) throw new NotFoundError('case');
    await this.access.assert(this.tx.reader, caller, record, 'case.read');
    const events = await this.cases.findHistory(this.tx.reader, caseId);
    // `at` is given exactly as hashed (UTC ISO), so anyone can recompute the chain from this answer.
    return events.map((e) => ({
      seq: e.seq,
      type: e.type,
      at: e.at.toISOString(),
      actor: { id: e.actorId, displayName: e.actorName, agency: e.actorAgency },
      payload: e.payload,
      stateFrom: e.stateFrom,
      stateTo: e.stateTo,
      hash: e.hash,
      prevHash: e.prevHash,
    }));
  }
}

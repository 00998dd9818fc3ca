import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { CaseTypeormRepository, TransactionRunner } from '@tiaojie/persistence';
import { toReferralView } from '../../shared/case-view';
import { ListReferralsQuery, type ReferralInbox } from './list-referrals.query';

@QueryHandler(ListReferralsQuery)
export class ListReferralsHandler implements IQueryHandler<ListReferralsQuery> {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly cases: CaseTypeormRepository,
  ) {}

  async execute({ caller, status, page, pageSize }: ListReferralsQuery): Promise<ReferralInbox> {
    if (!caller.orgId) return { items: [], total: 0, page, pageSize };
    const { rows, total } = await this.cases.referralInbox(this.tx.reader, caller.orgId, status, page, pageSize);
    return { items: rows.map(toReferralView), total, page, pageSize };
  }
}

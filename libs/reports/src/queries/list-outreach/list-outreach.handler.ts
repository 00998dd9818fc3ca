import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { toShanghaiIso, ValidationError } from '@tiaojie/domain';
import { OutreachTypeormRepository, TransactionRunner } from '@tiaojie/persistence';
import { reportScope } from '../../shared/report-scope';
import { ListOutreachQuery } from './list-outreach.query';

/**
 * Outreach activities the caller may see: those in their region subtree (or a region inside it they
 * ask for; outside it is a 404) and, without a region asked for, those their own organisation held.
 */
@QueryHandler(ListOutreachQuery)
export class ListOutreachHandler implements IQueryHandler<ListOutreachQuery> {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly outreach: OutreachTypeormRepository,
  ) {}

  async execute({ caller, filter }: ListOutreachQuery) {
    if (filter.from && filter.to && filter.to < filter.from) throw new ValidationError([{ field: 'to', message: 'must not be before from' }]);
    const scope = reportScope(caller, filter.regionCode);
    const { rows, total } = await this.outreach.list(this.tx.reader, {
      regionPrefix: scope.prefix,
      orOrgId: filter.regionCode ? undefined : caller.orgId ?? undefined,
      from: filter.from,
      to: filter.to,
      page: filter.page,
      pageSize: filter.pageSize,
    });
    return {
      items: rows.map((r) => ({
        id: r.id,
        orgId: r.orgId,
        orgName: r.orgName,
        agency: r.agency,
        regionCode: r.regionCode,
        kind: r.kind,
        title: r.title,
        heldOn: r.heldOn,
        place: r.place,
        peopleReached: r.peopleReached,
        consultations: r.consultations,
        casesFromOutreach: r.casesFromOutreach,
        createdAt: toShanghaiIso(r.createdAt),
      })),
      total,
      page: filter.page,
      pageSize: filter.pageSize,
    };
  }
}

import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { CLOCK, grantsFor, regionPrefix, stateLabel, toShanghaiIso, type Clock } from '@tiaojie/domain';
import type { VisibilityFilter } from '@tiaojie/persistence';
import { CaseTypeormRepository, TransactionRunner } from '@tiaojie/persistence';
import { ListCasesQuery } from './list-cases.query';

@QueryHandler(ListCasesQuery)
export class ListCasesHandler implements IQueryHandler<ListCasesQuery> {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly cases: CaseTypeormRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ caller, filter }: ListCasesQuery) {
    const now = this.clock.now();
    const { rows, total } = await this.cases.list(this.tx.reader, {
      state: filter.state,
      regionCode: filter.regionCode,
      assignedTo: filter.assignedTo === 'me' ? caller.id : undefined,
      overdueAt: filter.overdue ? now : undefined,
      collective: filter.collective,
      q: filter.q,
      page: filter.page,
      pageSize: filter.pageSize,
      visibleTo: visibility(caller),
    });
    return {
      items: rows.map((r) => ({
        id: r.id,
        caseNo: r.caseNo,
        version: r.version,
        state: r.state,
        stateLabel: stateLabel(r.state),
        regionCode: r.regionCode,
        channel: r.channel,
        collective: r.collective,
        openedAt: toShanghaiIso(r.openedAt),
        closedAt: r.closedAt ? toShanghaiIso(r.closedAt) : null,
        outcome: r.outcome,
        employerName: r.employerName,
        workerNames: r.workerNames,
        money: { claimedFen: r.claimedFen, agreedFen: r.agreedFen, paidFen: r.paidFen },
        mediatorId: r.mediatorId,
        nextDeadline: r.nextDeadlineAt
          ? { kind: r.nextDeadlineKind ?? '', dueAt: toShanghaiIso(r.nextDeadlineAt), overdue: r.nextDeadlineAt <= now }
          : null,
      })),
      total,
      page: filter.page,
      pageSize: filter.pageSize,
    };
  }
}

/** The access policy's case scopes for this caller, as a filter PostgreSQL applies (never after loading). */
function visibility(caller: ListCasesQuery['caller']): VisibilityFilter {
  const { scopes } = grantsFor(caller.roles, 'case.read');
  const orgId = caller.orgId ?? undefined;
  return {
    regionPrefix: scopes.includes('REGION') && caller.regionCode ? regionPrefix(caller.regionCode) : undefined,
    originOrgId: scopes.includes('ORIGIN') ? orgId : undefined,
    assignedUserId: scopes.includes('ASSIGNED') ? caller.id : undefined,
    referredToOrgId: scopes.includes('REFERRED') ? orgId : undefined,
  };
}

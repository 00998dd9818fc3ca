import { Query } from '@nestjs/cqrs';
import type { Caller } from '../../shared/caller';

export interface ListCasesFilter {
  state?: string;
  regionCode?: string;
  assignedTo?: 'me';
  overdue?: boolean;
  collective?: boolean;
  q?: string;
  page: number;
  pageSize: number;
}

export interface CaseListItem {
  id: string;
  caseNo: string;
  version: number;
  state: string;
  stateLabel: string;
  regionCode: string;
  channel: string;
  collective: boolean;
  openedAt: string;
  closedAt: string | null;
  outcome: string | null;
  employerName: string | null;
  workerNames: string[];
  money: { claimedFen: number; agreedFen: number; paidFen: number };
  mediatorId: string | null;
  nextDeadline: { kind: string; dueAt: string; overdue: boolean } | null;
}

export class ListCasesQuery extends Query<{ items: CaseListItem[]; total: number; page: number; pageSize: number }> {
  constructor(readonly caller: Caller, readonly filter: ListCasesFilter) {
    super();
  }
}

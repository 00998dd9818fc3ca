import { Query } from '@nestjs/cqrs';
import type { Caller } from '@tiaojie/cases';
import type { ListOutreachFilter, OutreachView } from '../../commands/record-outreach/outreach.request';

export class ListOutreachQuery extends Query<{ items: OutreachView[]; total: number; page: number; pageSize: number }> {
  constructor(
    readonly caller: Caller,
    readonly filter: ListOutreachFilter,
  ) {
    super();
  }
}

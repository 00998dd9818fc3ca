import { Query } from '@nestjs/cqrs';
import type { Caller } from '../../shared/caller';
import type { ReferralView } from '../../shared/case-view';

export interface ReferralInbox {
  items: ReferralView[];
  total: number;
  page: number;
  pageSize: number;
}

/** The receiving side's inbox: referrals addressed to the caller's organisation (API.md "Referrals"). */
export class ListReferralsQuery extends Query<ReferralInbox> {
  constructor(
    readonly caller: Caller,
    readonly status: 'PENDING' | 'ACCEPTED' | 'REJECTED' | 'COMPLETED' | undefined,
    readonly page: number,
    readonly pageSize: number,
  ) {
    super();
  }
}

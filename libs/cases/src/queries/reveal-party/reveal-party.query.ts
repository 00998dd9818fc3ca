import { Query } from '@nestjs/cqrs';
import type { Caller } from '../../shared/caller';

/** A party's identifying data: masked, or — `reveal`, for the roles that may — in full. */
export interface PartyDataView {
  id: string;
  name: string;
  idType: string | null;
  idNumber: string | null;
  phone: string | null;
}

export class RevealPartyQuery extends Query<PartyDataView> {
  constructor(
    readonly caller: Caller,
    readonly caseId: string,
    readonly partyId: string,
    readonly reveal: boolean,
  ) {
    super();
  }
}

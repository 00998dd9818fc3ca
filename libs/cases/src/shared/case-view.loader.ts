import { Injectable } from '@nestjs/common';
import { CaseTypeormRepository, DeadlineTypeormRepository, type CaseRecord, type Tx } from '@tiaojie/persistence';
import type { CaseViewParts } from './case-view';

/** Loads everything a case view shows, in the given transaction (so a command answers what it committed). */
@Injectable()
export class CaseViewLoader {
  constructor(
    private readonly cases: CaseTypeormRepository,
    private readonly deadlines: DeadlineTypeormRepository,
  ) {}

  async load(tx: Tx, record: CaseRecord): Promise<CaseViewParts> {
    // Sequential: a transaction is one connection, and one connection runs one query at a time.
    const parties = await this.cases.findParties(tx, record.id);
    const claims = await this.cases.findClaims(tx, record.id);
    const deadlines = await this.deadlines.findForCase(tx, record.id);
    const documents = await this.cases.findDocuments(tx, record.id);
    const referrals = await this.cases.findReferrals(tx, record.id);
    return { record, parties, claims, deadlines, documents, referrals };
  }
}

import { Injectable } from '@nestjs/common';
import { CaseTypeormRepository, type CaseRecord, type Tx } from '@tiaojie/persistence';
import type { CaseViewParts } from './case-view';

/** Loads everything a case view shows, in the given transaction (so a command answers what it committed). */
@Injectable()
export class CaseViewLoader {
  constructor(private readonly cases: CaseTypeormRepository) {}

  async load(tx: Tx, record: CaseRecord): Promise<CaseViewParts> {
    // One round trip for the five lists (a transaction is one connection; it runs one query at a time).
    return { record, ...(await this.cases.findViewParts(tx, record.id)) };
  }
}

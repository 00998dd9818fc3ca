import { Injectable } from '@nestjs/common';
import { caseAccess, ForbiddenError, NotFoundError, type Action } from '@tiaojie/domain';
import { CaseTypeormRepository, type CaseRecord, type Tx } from '@tiaojie/persistence';
import type { Caller } from './caller';

/**
 * Applies the access policy (libs/domain auth/access-policy.ts) to one case: out of scope is a 404
 * so that existence does not leak; in scope but not permitted is a 403.
 */
@Injectable()
export class CaseAccess {
  constructor(private readonly cases: CaseTypeormRepository) {}

  async facts(tx: Tx, record: CaseRecord) {
    const referred = record.referredToOrgIds ?? (await this.cases.findReferredToOrgIds(tx, record.id));
    const ctx = record.snapshot.context;
    return {
      regionCode: record.regionCode,
      venueRegionCode: record.venueRegionCode,
      orgId: record.orgId,
      originOrgId: record.originOrgId,
      mediatorIds: [...(ctx.mediatorId ? [ctx.mediatorId] : []), ...ctx.coMediatorIds],
      referredToOrgIds: [...referred, ...(record.entrustingCourtOrgId ? [record.entrustingCourtOrgId] : [])],
    };
  }

  /** Throws NotFoundError (out of scope) or ForbiddenError (not permitted); answers whether the caller may also act. */
  async assert(tx: Tx, caller: Caller, record: CaseRecord, action: Action): Promise<{ mayAct: boolean }> {
    const facts = await this.facts(tx, record);
    const verdict = caseAccess(caller, action, facts);
    if (verdict === 'hidden') throw new NotFoundError('case');
    if (verdict === 'forbidden') throw new ForbiddenError(action.replace('case.', '') + ' this case');
    return { mayAct: caseAccess(caller, 'case.event', facts) === 'yes' };
  }
}

import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ForbiddenError, maskIdNumber, maskPhone, mayRevealPersonalData, NotFoundError } from '@tiaojie/domain';
import { CaseTypeormRepository, TransactionRunner, type PartyRecord } from '@tiaojie/persistence';
import { CaseAccess } from '../../shared/case-access';
import { RevealAudit } from './reveal-audit';
import { RevealPartyQuery, type PartyDataView } from './reveal-party.query';

/**
 * `GET /api/cases/{id}/parties/{partyId}[?reveal=true]`. Without `reveal` the party comes masked,
 * as in the case view. With it, only the roles of MAY_REVEAL_PERSONAL_DATA, within the access
 * policy's `case.reveal` scope, get the full values — and the audit row is written in the same
 * transaction before they are returned.
 */
@QueryHandler(RevealPartyQuery)
export class RevealPartyHandler implements IQueryHandler<RevealPartyQuery> {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly cases: CaseTypeormRepository,
    private readonly access: CaseAccess,
    private readonly audit: RevealAudit,
  ) {}

  async execute({ caller, caseId, partyId, reveal }: RevealPartyQuery): Promise<PartyDataView> {
    if (!reveal) {
      const party = await this.load(caller, caseId, partyId, false);
      return masked(party);
    }
    return this.tx.run(async (tx) => {
      const party = await this.load(caller, caseId, partyId, true, tx);
      const fields = (['idNumber', 'phone'] as const).filter((f) => party[f] != null);
      await this.audit.record(tx, { caller, caseId, partyId, fields: [...fields] });
      return { id: party.id, name: party.name, idType: party.idType, idNumber: party.idNumber, phone: party.phone };
    });
  }

  private async load(caller: RevealPartyQuery['caller'], caseId: string, partyId: string, reveal: boolean, tx = this.tx.reader): Promise<PartyRecord> {
    const record = await this.cases.findById(tx, caseId);
    if (!record) throw new NotFoundError('case');
    await this.access.assert(tx, caller, record, 'case.read');
    if (reveal) {
      if (!mayRevealPersonalData(caller.roles)) throw new ForbiddenError('see personal data in full');
      await this.access.assert(tx, caller, record, 'case.reveal');
    }
    const party = await this.cases.findParty(tx, caseId, partyId);
    if (!party) throw new NotFoundError('party');
    return party;
  }
}

function masked(p: PartyRecord): PartyDataView {
  return {
    id: p.id,
    name: p.name,
    idType: p.idType,
    idNumber: p.idNumber ? maskIdNumber(p.idNumber) : null,
    phone: p.phone ? maskPhone(p.phone) : null,
  };
}

import { Injectable } from '@nestjs/common';
import { AuditTrail } from '@tiaojie/audit';
import type { Tx } from '@tiaojie/persistence';
import type { Caller } from '../../shared/caller';

export interface RevealAuditEntry {
  caller: Caller;
  caseId: string;
  partyId: string;
  /** Which fields were shown in full: names of fields, never their values. */
  fields: ('idNumber' | 'phone')[];
}

/**
 * The port a reveal is audited through, in the revealing transaction: if the audit row cannot be
 * written, nothing is revealed. Bound to the audit trail (`@tiaojie/audit`) in CasesModule.
 */
export abstract class RevealAudit {
  abstract record(tx: Tx, entry: RevealAuditEntry): Promise<void>;
}

@Injectable()
export class AuditTrailRevealAudit extends RevealAudit {
  constructor(private readonly trail: AuditTrail) {
    super();
  }

  async record(tx: Tx, { caller, caseId, partyId, fields }: RevealAuditEntry): Promise<void> {
    await this.trail.record(tx, {
      actorId: caller.id,
      actorName: caller.displayName,
      action: 'PERSONAL_DATA_REVEALED',
      targetType: 'CASE_PARTY',
      targetId: partyId,
      details: { caseId, partyId, fields },
    });
  }
}

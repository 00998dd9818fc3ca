/**
 * Where identity changes are recorded (the audit trail, DESIGN §6). Optional: bound to the audit
 * lib's `AuditTrail` where the app provides it; without a binding nothing is recorded.
 */
export const IDENTITY_AUDIT = Symbol('IdentityAudit');

export interface IdentityAuditEntry {
  actorId: string | null;
  actorName?: string | null;
  action: string;
  targetType?: string | null;
  targetId?: string | null;
  /** Ids and outcomes only: never passwords, hashes or tokens. */
  details?: Record<string, unknown>;
}

export interface IdentityAuditSink {
  recordOutside(entry: IdentityAuditEntry): Promise<unknown>;
}

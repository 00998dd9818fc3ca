import { GENESIS_HASH, stableStringify } from '@tiaojie/domain';
import { createHash } from 'node:crypto';

/** The audit chain starts from the same all-zero hash as every case's event chain. */
export const AUDIT_GENESIS_HASH = GENESIS_HASH;

/** What the audit log records. Extend as new audited actions appear; the column accepts any UPPER_SNAKE name. */
export type AuditAction =
  | 'CASE_OPENED'
  | 'CASE_EVENT'
  | 'LOGIN_SUCCEEDED'
  | 'LOGIN_FAILED'
  | 'DEADLINE_EXPIRED'
  | 'PERSONAL_DATA_REVEALED'
  | `ADMIN_${string}`;

/** The hashed content of one audit row. */
export interface HashedAuditContent {
  seq: number;
  /** ISO 8601 with milliseconds, as `Date.toISOString()` gives it. */
  at: string;
  actorId: string | null;
  actorName: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  details: Record<string, unknown>;
  prevHash: string;
}

export interface AuditLink extends HashedAuditContent {
  hash: string;
}

/** sha256 over the canonical JSON of the row's content and the previous row's hash. */
export function computeAuditHash(e: HashedAuditContent): string {
  return createHash('sha256')
    .update(
      stableStringify({
        seq: e.seq,
        at: e.at,
        actorId: e.actorId,
        actorName: e.actorName,
        action: e.action,
        targetType: e.targetType,
        targetId: e.targetId,
        details: e.details,
        prevHash: e.prevHash,
      }),
    )
    .digest('hex');
}

/** SHA-256 of a username, for a failed login: the log says which name was tried without storing it. */
export function usernameDigest(username: string): string {
  return createHash('sha256').update(username, 'utf8').digest('hex');
}

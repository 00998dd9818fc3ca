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

const PREV_MARK = '\u0000prev\u0000';
const SEQ_MARK = 9007199254740991;

/**
 * The canonical JSON of computeAuditHash split around `prevHash` and `seq` (adjacent in the sorted
 * keys): `before + prevHash + '","seq":' + seq + after` is exactly the hashed text. Lets the database
 * finish the hash from the chain head it has locked.
 */
export function canonicalAround(content: Omit<HashedAuditContent, 'seq' | 'prevHash'>): { before: string; after: string } {
  const full = stableStringify({ ...content, prevHash: PREV_MARK, seq: SEQ_MARK });
  const marker = `${JSON.stringify(PREV_MARK)},"seq":${SEQ_MARK}`;
  const at = full.indexOf(marker);
  if (at < 0 || full.indexOf(marker, at + 1) >= 0) throw new Error('audit content cannot be split for hashing');
  // before ends with '"prevHash":"' (the opening quote of the hash); after starts after the seq number.
  return { before: full.slice(0, at + 1), after: full.slice(at + marker.length) };
}

/** SHA-256 of a username, for a failed login: the log says which name was tried without storing it. */
export function usernameDigest(username: string): string {
  return createHash('sha256').update(username, 'utf8').digest('hex');
}

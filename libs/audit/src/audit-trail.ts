import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '@tiaojie/domain';
import { TransactionRunner, type Tx } from '@tiaojie/persistence';
import { canonicalAround, type AuditAction, type AuditLink } from './audit-hash';

export interface AuditEntry {
  /** Who did it; null when nobody is authenticated (a failed login). */
  actorId: string | null;
  actorName?: string | null;
  /** One of {@link AuditAction}, or another UPPER_SNAKE name a lib records (e.g. LOGOUT). */
  action: AuditAction | (string & {});
  targetType?: string | null;
  targetId?: string | null;
  /** Ids, event types and outcomes only: never names, ID numbers or phones. */
  details?: Record<string, unknown>;
}

/**
 * Appends to the global audit chain (DESIGN §6). The one-row chain head is locked FOR UPDATE in the
 * appending transaction, so appends are serialized and the chain never forks; callers append last in
 * their transaction to hold that lock as briefly as possible.
 */
@Injectable()
export class AuditTrail {
  constructor(
    private readonly tx: TransactionRunner,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * Appends in the caller's transaction: the entry commits or rolls back with the command. One
   * statement: the head row is updated (locking it until the caller commits) and the new row
   * inserted from what that UPDATE returns. The hash is the same as computeAuditHash's — the
   * canonical JSON is built here around the two values only the locked head knows (`prevHash` and
   * `seq`, adjacent in the sorted keys), and PostgreSQL's sha256 digests it.
   */
  async record(tx: Tx, entry: AuditEntry): Promise<AuditLink> {
    const at = this.clock.now().toISOString();
    const content = {
      at,
      actorId: entry.actorId,
      actorName: entry.actorName ?? null,
      action: entry.action,
      targetType: entry.targetType ?? null,
      targetId: entry.targetId ?? null,
      details: JSON.parse(JSON.stringify(entry.details ?? {})) as Record<string, unknown>,
    };
    const { before, after } = canonicalAround(content);
    const [row] = await tx.query<{ seq: number | string; prevHash: string; hash: string }>(
      `WITH head AS (
         UPDATE audit_chain_head
            SET seq = seq + 1, prev_hash = hash,
                hash = encode(sha256(convert_to($1 || hash || '","seq":' || (seq + 1)::text || $2, 'UTF8')), 'hex')
          WHERE id = 1
         RETURNING seq, prev_hash, hash)
       INSERT INTO audit_log (seq, at, actor_id, actor_name, action, target_type, target_id, details, prev_hash, hash)
       SELECT head.seq, $3, $4, $5, $6, $7, $8, $9, head.prev_hash, head.hash FROM head
       RETURNING seq, prev_hash AS "prevHash", hash`,
      [before, after, at, content.actorId, content.actorName, content.action, content.targetType, content.targetId, JSON.stringify(content.details)],
    );
    if (!row) throw new Error('audit_chain_head is missing: run the migrations');
    return { ...content, seq: Number(row.seq), prevHash: row.prevHash, hash: row.hash };
  }

  /** Appends in a short transaction of its own (logins, which change nothing else). */
  recordOutside(entry: AuditEntry): Promise<AuditLink> {
    return this.tx.run((tx) => this.record(tx, entry));
  }
}

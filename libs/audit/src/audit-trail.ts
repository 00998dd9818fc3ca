import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '@tiaojie/domain';
import { TransactionRunner, type Tx } from '@tiaojie/persistence';
import { computeAuditHash, type AuditAction, type AuditLink } from './audit-hash';

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

  /** Appends in the caller's transaction: the entry commits or rolls back with the command. */
  async record(tx: Tx, entry: AuditEntry): Promise<AuditLink> {
    const [head] = await tx.query<{ seq: number | string; hash: string }>(`SELECT seq, hash FROM audit_chain_head WHERE id = 1 FOR UPDATE`);
    if (!head) throw new Error('audit_chain_head is missing: run the migrations');
    const link: Omit<AuditLink, 'hash'> = {
      seq: Number(head.seq) + 1,
      at: this.clock.now().toISOString(),
      actorId: entry.actorId,
      actorName: entry.actorName ?? null,
      action: entry.action,
      targetType: entry.targetType ?? null,
      targetId: entry.targetId ?? null,
      details: JSON.parse(JSON.stringify(entry.details ?? {})) as Record<string, unknown>,
      prevHash: head.hash,
    };
    const hash = computeAuditHash(link);
    await tx.query(
      `INSERT INTO audit_log (seq, at, actor_id, actor_name, action, target_type, target_id, details, prev_hash, hash)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)`,
      [link.seq, link.at, link.actorId, link.actorName, link.action, link.targetType, link.targetId, JSON.stringify(link.details), link.prevHash, hash],
    );
    await tx.query(`UPDATE audit_chain_head SET seq = $1, hash = $2 WHERE id = 1`, [link.seq, hash]);
    return { ...link, hash };
  }

  /** Appends in a short transaction of its own (logins, which change nothing else). */
  recordOutside(entry: AuditEntry): Promise<AuditLink> {
    return this.tx.run((tx) => this.record(tx, entry));
  }
}

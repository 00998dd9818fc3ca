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
 * How many independent audit chains there are (migration 1765000000000 creates their heads). An entry
 * goes to the chain of its target — every entry about one case lands in the same chain, in order —
 * so commands on different cases do not queue for one head row.
 */
export const AUDIT_CHAINS = 32;

/**
 * The chain an entry belongs to, 1-based: by the case it concerns (a deadline's expiry goes with its
 * case's events), else its target, else its actor. FNV-1a, stable across releases.
 */
export function auditChainOf(entry: Pick<AuditEntry, 'targetType' | 'targetId' | 'actorId' | 'details'>): number {
  const caseId = entry.details?.caseId;
  const key =
    typeof caseId === 'string' ? `case:${caseId}` : entry.targetId ? `${entry.targetType ?? ''}:${entry.targetId}` : (entry.actorId ?? '');
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return ((h >>> 0) % AUDIT_CHAINS) + 1;
}

/**
 * Appends to the audit log (DESIGN §6), one of {@link AUDIT_CHAINS} hash chains. The chain's head row
 * is locked in the appending transaction, so appends to one chain are serialized and it never forks;
 * callers append last in their transaction to hold that lock as briefly as possible. Every append
 * of one transaction goes to the chain its first append chose: a transaction never holds two heads,
 * so two transactions can never deadlock on them.
 */
@Injectable()
export class AuditTrail {
  private readonly chainOfTx = new WeakMap<Tx, number>();

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
  async record(tx: Tx, entry: AuditEntry): Promise<AuditLink & { chain: number }> {
    const { chain, content, sql, params } = this.appendStatement(tx, entry);
    const [row] = await tx.query<{ seq: number | string; prevHash: string; hash: string }>(sql, params);
    if (!row) throw new Error(`audit chain head ${chain} is missing: run the migrations`);
    return { ...content, chain, seq: Number(row.seq), prevHash: row.prevHash, hash: row.hash };
  }

  /**
   * The same append for callers that do not need the link back (the command path): sent without
   * waiting (Tx.write). A missing chain head cannot pass silently: the statement then inserts a row
   * without a hash, which the table refuses (NOT NULL), and the transaction fails.
   */
  async append(tx: Tx, entry: AuditEntry): Promise<void> {
    const { sql, params } = this.appendStatement(tx, entry);
    await tx.write(sql, params);
  }

  private appendStatement(tx: Tx, entry: AuditEntry) {
    const chain = this.chainOfTx.get(tx) ?? auditChainOf(entry);
    this.chainOfTx.set(tx, chain);
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
    const sql = `WITH head AS (
         UPDATE audit_chain_head
            SET seq = seq + 1, prev_hash = hash,
                hash = encode(sha256(convert_to($1 || hash || '","seq":' || (seq + 1)::text || $2, 'UTF8')), 'hex')
          WHERE id = $10::smallint
         RETURNING seq, prev_hash, hash)
       INSERT INTO audit_log (chain, seq, at, actor_id, actor_name, action, target_type, target_id, details, prev_hash, hash)
       SELECT $10::smallint, head.seq, $3, $4, $5, $6, $7, $8, $9, head.prev_hash, head.hash FROM (SELECT 1) AS one LEFT JOIN head ON true
       RETURNING seq, prev_hash AS "prevHash", hash`;
    const params = [before, after, at, content.actorId, content.actorName, content.action, content.targetType, content.targetId, JSON.stringify(content.details), chain];
    return { chain, content, sql, params };
  }

  /** Appends in a short transaction of its own (logins, which change nothing else). */
  recordOutside(entry: AuditEntry): Promise<AuditLink & { chain: number }> {
    return this.tx.run((tx) => this.record(tx, entry));
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

const GENESIS_HASH = '0'.repeat(64);
/** Keep equal to AUDIT_CHAINS in libs/audit/src/audit-trail.ts. */
const CHAINS = 32;

/**
 * The audit log becomes 32 independent hash chains instead of one. With one chain every command in
 * the city waited for the single head row (locked from the append until COMMIT, WAL flush included):
 * at 8 concurrent commands a third of PostgreSQL's backend time was that lock wait (bench part 1).
 * An entry goes to the chain of its target (a case's entries stay in one chain, in order), so
 * unrelated commands no longer queue behind each other.
 *
 * Each chain keeps every property the single one had: `seq` is gapless per chain (assigned from its
 * locked head, never a sequence), each row hashes its content and the previous row's hash, and the
 * head remembers the last hash so a truncated tail is noticed. The existing rows are chain 1.
 */
export class AuditChainShards1765000000000 implements MigrationInterface {
  name = 'AuditChainShards1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit_chain_head DROP CONSTRAINT IF EXISTS audit_chain_head_id_check`);
    await q.query(`ALTER TABLE audit_chain_head ADD CONSTRAINT audit_chain_head_id_check CHECK (id BETWEEN 1 AND ${CHAINS})`);
    await q.query(
      `INSERT INTO audit_chain_head (id, seq, hash, prev_hash) SELECT g, 0, $1, $1 FROM generate_series(2, ${CHAINS}) g ON CONFLICT (id) DO NOTHING`,
      [GENESIS_HASH],
    );
    await q.query(`ALTER TABLE audit_chain_head ALTER COLUMN prev_hash SET NOT NULL`);
    await q.query(`ALTER TABLE audit_log ADD COLUMN chain smallint NOT NULL DEFAULT 1 CHECK (chain BETWEEN 1 AND ${CHAINS})`);
    await q.query(`ALTER TABLE audit_log ALTER COLUMN chain DROP DEFAULT`);
    await q.query(`ALTER TABLE audit_log DROP CONSTRAINT audit_log_pkey`);
    await q.query(`ALTER TABLE audit_log ADD PRIMARY KEY (chain, seq)`);
    await q.query(`CREATE INDEX audit_log_at_idx ON audit_log (at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    const [{ n }] = await q.query(`SELECT count(*)::int AS n FROM audit_log WHERE chain <> 1`);
    if (n > 0) throw new Error(`cannot go back to one audit chain: ${n} entries are in chains 2–${CHAINS}`);
    await q.query(`DROP INDEX IF EXISTS audit_log_at_idx`);
    await q.query(`ALTER TABLE audit_log DROP CONSTRAINT audit_log_pkey`);
    await q.query(`ALTER TABLE audit_log ADD PRIMARY KEY (seq)`);
    await q.query(`ALTER TABLE audit_log DROP COLUMN chain`);
    await q.query(`DELETE FROM audit_chain_head WHERE id <> 1`);
    await q.query(`ALTER TABLE audit_chain_head DROP CONSTRAINT audit_chain_head_id_check`);
    await q.query(`ALTER TABLE audit_chain_head ADD CONSTRAINT audit_chain_head_id_check CHECK (id = 1)`);
  }
}

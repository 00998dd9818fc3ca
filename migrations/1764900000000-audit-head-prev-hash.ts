import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit chain head also remembers the hash it replaced, so one UPDATE … RETURNING gives an
 * appender the new row's `seq`, `prev_hash` and `hash` from the same locked row version: an append
 * is one statement (an UPDATE of the head feeding the INSERT) instead of lock, insert and update.
 */
export class AuditHeadPrevHash1764900000000 implements MigrationInterface {
  name = 'AuditHeadPrevHash1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit_chain_head ADD COLUMN prev_hash text`);
    await q.query(`UPDATE audit_chain_head h SET prev_hash = COALESCE((SELECT prev_hash FROM audit_log WHERE seq = h.seq), h.hash) WHERE id = 1`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit_chain_head DROP COLUMN prev_hash`);
  }
}

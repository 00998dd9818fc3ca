import type { MigrationInterface, QueryRunner } from 'typeorm';

const GENESIS_HASH = '0'.repeat(64);
const APPEND_ONLY = ['case_events', 'audit_log'];

/**
 * The audit log (DESIGN §6): one global, append-only, hash-chained log of every command, login,
 * personal-data reveal and admin action.
 *
 * - `seq` is assigned from the one-row `audit_chain_head`, locked FOR UPDATE in the appending
 *   transaction, never from a sequence: a sequence would leave gaps when a command rolls back, and a
 *   gap is what the verifier reports as a deleted row. The lock also means concurrent appends can
 *   never fork the chain.
 * - `details` holds ids, event types and outcomes only — never personal data (a failed login stores
 *   the SHA-256 of the username, not the username).
 * - `audit_log` and `case_events` refuse UPDATE, DELETE and TRUNCATE with a trigger, whoever asks.
 */
export class AuditLog1764200000000 implements MigrationInterface {
  name = 'AuditLog1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_log (
        seq bigint PRIMARY KEY CHECK (seq >= 1),
        at timestamptz NOT NULL,
        actor_id uuid,
        actor_name text,
        action text NOT NULL CHECK (action ~ '^[A-Z][A-Z0-9_]*$'),
        target_type text,
        target_id text,
        details jsonb NOT NULL DEFAULT '{}'::jsonb,
        prev_hash text NOT NULL,
        hash text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX audit_log_target_idx ON audit_log (target_type, target_id)`);
    await q.query(`CREATE INDEX audit_log_actor_idx ON audit_log (actor_id) WHERE actor_id IS NOT NULL`);
    await q.query(`
      CREATE TABLE audit_chain_head (
        id smallint PRIMARY KEY CHECK (id = 1),
        seq bigint NOT NULL,
        hash text NOT NULL
      )`);
    await q.query(`INSERT INTO audit_chain_head (id, seq, hash) VALUES (1, 0, $1)`, [GENESIS_HASH]);

    await q.query(`
      CREATE FUNCTION tiaojie_forbid_append_only_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'table % is append-only: % is not allowed', TG_TABLE_NAME, TG_OP
          USING ERRCODE = 'restrict_violation', HINT = 'rows of an append-only, hash-chained table are never changed or removed';
      END
      $$`);
    for (const t of APPEND_ONLY) {
      await q.query(
        `CREATE TRIGGER ${t}_append_only BEFORE UPDATE OR DELETE ON ${t} FOR EACH ROW EXECUTE FUNCTION tiaojie_forbid_append_only_change()`,
      );
      await q.query(
        `CREATE TRIGGER ${t}_no_truncate BEFORE TRUNCATE ON ${t} FOR EACH STATEMENT EXECUTE FUNCTION tiaojie_forbid_append_only_change()`,
      );
    }
    await q.query(`REVOKE UPDATE, DELETE, TRUNCATE ON audit_log, case_events FROM PUBLIC`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of APPEND_ONLY) {
      await q.query(`DROP TRIGGER IF EXISTS ${t}_no_truncate ON ${t}`);
      await q.query(`DROP TRIGGER IF EXISTS ${t}_append_only ON ${t}`);
    }
    await q.query(`DROP FUNCTION IF EXISTS tiaojie_forbid_append_only_change()`);
    await q.query(`DROP TABLE IF EXISTS audit_chain_head`);
    await q.query(`DROP TABLE IF EXISTS audit_log`);
  }
}

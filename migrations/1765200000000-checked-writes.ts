import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 8: the command path sends its writes without waiting for their answers (pipelined). A write
 * that must touch exactly N rows — the case row updated only at the version the caller read — is
 * then checked by PostgreSQL itself: `tiaojie_expect_rows` raises SQLSTATE TJ001 when the count is
 * wrong, which aborts the transaction (the COMMIT sent behind it rolls back) and is reported to the
 * caller as that write's own failure (409 for a stale version).
 */
export class CheckedWrites1765200000000 implements MigrationInterface {
  name = 'CheckedWrites1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION tiaojie_expect_rows(actual bigint, expected bigint) RETURNS bigint
      LANGUAGE plpgsql AS $$
      BEGIN
        IF actual IS DISTINCT FROM expected THEN
          RAISE EXCEPTION 'expected % row(s), got %', expected, actual USING ERRCODE = 'TJ001';
        END IF;
        RETURN actual;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION tiaojie_expect_rows(bigint, bigint)`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The wide JSON values every command writes again: the case's machine snapshot and the stored answer of an idempotency key. */
const COLUMNS: [table: string, column: string][] = [
  ['cases', 'snapshot'],
  ['idempotency_keys', 'response_body'],
];

/**
 * Issue 8: a case row's snapshot (3–6 kB) is rewritten by every command, and PostgreSQL compresses
 * any value that pushes a row past ~2 kB. With its default (pglz) the conditional UPDATE of the case
 * row took 126 µs of the backend per command, with lz4 106 µs (bench part 1's command bus at c=8,
 * pg_stat_statements); reading it back decompresses faster too. Values already stored keep their
 * compression until rewritten, which every transition does.
 *
 * lz4 is a build option of PostgreSQL: the Debian packages have it, some embedded builds do not.
 * There the columns keep pglz and nothing else changes.
 */
export class Lz4Compression1765300000000 implements MigrationInterface {
  name = 'Lz4Compression1765300000000';

  async up(q: QueryRunner): Promise<void> {
    for (const [table, column] of COLUMNS) {
      await q.query(`
        DO $$
        BEGIN
          ALTER TABLE ${table} ALTER COLUMN ${column} SET COMPRESSION lz4;
        EXCEPTION WHEN feature_not_supported THEN
          RAISE NOTICE 'this PostgreSQL is built without lz4: ${table}.${column} keeps pglz';
        END $$`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [table, column] of COLUMNS) await q.query(`ALTER TABLE ${table} ALTER COLUMN ${column} SET COMPRESSION DEFAULT`);
  }
}

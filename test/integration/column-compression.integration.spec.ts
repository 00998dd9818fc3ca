import { assertTestDatabase, TEST_DATABASE_URL } from '@tiaojie/testing';
import { Client } from 'pg';

/**
 * Migration 1765300000000: the wide JSON values every command rewrites are compressed with lz4 where
 * this PostgreSQL has it (and keep the default, pglz, where it does not — the migration must not fail).
 */
describe('Compression of the values every command rewrites', () => {
  let db: Client;

  beforeAll(async () => {
    assertTestDatabase(TEST_DATABASE_URL);
    db = new Client({ connectionString: TEST_DATABASE_URL });
    await db.connect();
  });
  afterAll(() => db?.end());

  async function serverHasLz4(): Promise<boolean> {
    await db.query('BEGIN');
    try {
      await db.query('CREATE TEMP TABLE lz4_probe (x text COMPRESSION lz4)');
      return true;
    } catch (e) {
      if ((e as { code?: string }).code !== '0A000') throw e;
      return false;
    } finally {
      await db.query('ROLLBACK');
    }
  }

  it.each([
    ['cases', 'snapshot'],
    ['idempotency_keys', 'response_body'],
  ])('%s.%s', async (table, column) => {
    const { rows } = await db.query<{ c: string }>(
      `SELECT attcompression AS c FROM pg_attribute WHERE attrelid = $1::regclass AND attname = $2`,
      [table, column],
    );
    expect(rows).toEqual([{ c: (await serverHasLz4()) ? 'l' : '' }]);
  });
});

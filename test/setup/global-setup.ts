// globalSetup runs outside Jest's module mapper: relative imports only.
import { assertTestDatabase, TEST_DATABASE_URL } from '../../libs/testing/src/test-database';
import { createDataSource, runMigrations } from '../../libs/persistence/src/data-source';
import { Client } from 'pg';

/** A fresh test database per run, migrated with the real migrations (never `synchronize`). */
export default async function globalSetup(): Promise<void> {
  if ((globalThis as { __tiaojieDbReady?: boolean }).__tiaojieDbReady) return;
  assertTestDatabase(TEST_DATABASE_URL);
  const url = new URL(TEST_DATABASE_URL);
  const name = url.pathname.slice(1);
  const admin = new Client({ connectionString: Object.assign(new URL(url), { pathname: '/postgres' }).toString() });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const ds = createDataSource(TEST_DATABASE_URL, 2);
  await ds.initialize();
  await runMigrations(ds);
  await ds.destroy();
  (globalThis as { __tiaojieDbReady?: boolean }).__tiaojieDbReady = true;
}

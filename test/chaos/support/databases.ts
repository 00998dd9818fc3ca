import { createDataSource, runMigrations } from '@tiaojie/persistence';
import { assertTestDatabase, TEST_DATABASE_URL } from '@tiaojie/testing';
import { Client } from 'pg';

/** A database URL on the same server as `base`, with another database name. */
export function databaseUrl(base: string, name: string): string {
  return Object.assign(new URL(base), { pathname: `/${name}` }).toString();
}

/** `<test database>_<suffix>`: contains "test" like the test database itself, so it may be dropped. */
export function chaosDatabaseName(suffix: string): string {
  return `${new URL(TEST_DATABASE_URL).pathname.slice(1)}_${suffix}`.toLowerCase().replace(/[^a-z0-9_]/g, '_').slice(0, 63);
}

/**
 * A fresh database for one chaos suite (dropped and created, then migrated with the real migrations),
 * on the shared test server or on a private one. Each suite has its own, so moving its test clock,
 * flushing its Redis or counting its rows never touches another suite.
 */
export async function freshDatabase(suffix: string, serverUrl: string = TEST_DATABASE_URL): Promise<string> {
  const name = chaosDatabaseName(suffix);
  const url = databaseUrl(serverUrl, name);
  assertTestDatabase(url);
  const admin = new Client({ connectionString: databaseUrl(serverUrl, 'postgres') });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const ds = createDataSource(url, 2);
  await ds.initialize();
  try {
    await runMigrations(ds);
  } finally {
    await ds.destroy();
  }
  return url;
}

export async function dropDatabase(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  assertTestDatabase(url);
  const admin = new Client({ connectionString: databaseUrl(url, 'postgres') });
  await admin.connect().catch(() => undefined);
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } catch {
    /* the server may already be gone */
  } finally {
    await admin.end().catch(() => undefined);
  }
}

import { createDataSource, runMigrations } from '@tiaojie/persistence';
import { Client } from 'pg';
import { assertBenchDatabase, maintenanceUrl } from './settings';

async function onMaintenance<T>(url: string, work: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: maintenanceUrl(url) });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Drops and recreates the bench database, then runs the real migrations. Returns the server version. */
export async function recreateBenchDatabase(url: string): Promise<string> {
  const name = assertBenchDatabase(url);
  const version = await onMaintenance(url, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await c.query(`CREATE DATABASE "${name}"`);
    return (await c.query<{ v: string }>('SELECT version() AS v')).rows[0].v;
  });
  const ds = createDataSource(url, 2);
  await ds.initialize();
  try {
    await runMigrations(ds);
  } finally {
    await ds.destroy();
  }
  return version;
}

/** Runs the migrations a kept bench database has not had yet; answers their names. */
export async function migrateBenchDatabase(url: string): Promise<string[]> {
  assertBenchDatabase(url);
  const ds = createDataSource(url, 2);
  await ds.initialize();
  try {
    return await runMigrations(ds);
  } finally {
    await ds.destroy();
  }
}

export async function dropBenchDatabase(url: string): Promise<void> {
  const name = assertBenchDatabase(url);
  await onMaintenance(url, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

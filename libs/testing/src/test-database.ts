/**
 * Tests run against the real PostgreSQL and Redis. The database name must contain "test", so a
 * test can never wipe a real database. (No imports: Jest's globalSetup loads this without path aliases.)
 */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/tiaojie_test';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
/** One queue prefix per test database, so test runs against different databases never share jobs. */
export const TEST_QUEUE_PREFIX = `{tiaojie-${new URL(TEST_DATABASE_URL).pathname.replace(/^\//, '')}}`;

export function assertTestDatabase(url: string): void {
  const name = new URL(url).pathname.replace(/^\//, '');
  if (!/test/i.test(name)) throw new Error(`refusing to run tests on database "${name}": its name must contain "test"`);
}

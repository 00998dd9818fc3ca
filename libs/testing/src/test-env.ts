import { loadConfig, type AppConfig } from '@tiaojie/config';

import { assertTestDatabase, TEST_DATABASE_URL, TEST_REDIS_URL } from './test-database';

export function testConfig(overrides: Record<string, string> = {}): AppConfig {
  assertTestDatabase(TEST_DATABASE_URL);
  return loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: TEST_DATABASE_URL,
    REDIS_URL: TEST_REDIS_URL,
    QUEUE_PREFIX: `{tiaojie-test}`,
    LOG_LEVEL: 'silent',
    DEMO_DATA: 'accounts',
    TEST_CLOCK: 'true',
    RELAY_POLL_MS: '100',
    RECONCILE_INTERVAL_MS: '3600000',
    ...overrides,
  });
}

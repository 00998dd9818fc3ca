import { loadConfig, type AppConfig } from '@tiaojie/config';

import { assertTestDatabase, TEST_DATABASE_URL, TEST_QUEUE_PREFIX, TEST_REDIS_URL } from './test-database';

export const TEST_PII_KEY_1 = Buffer.alloc(32, 0x11).toString('base64');
export const TEST_PII_KEY_2 = Buffer.alloc(32, 0x22).toString('base64');
export const TEST_PII_HASH_KEY = Buffer.alloc(32, 0x33).toString('base64');

export function testConfig(overrides: Record<string, string> = {}): AppConfig {
  assertTestDatabase(TEST_DATABASE_URL);
  return loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: TEST_DATABASE_URL,
    REDIS_URL: TEST_REDIS_URL,
    QUEUE_PREFIX: TEST_QUEUE_PREFIX,
    LOG_LEVEL: 'silent',
    DEMO_DATA: 'accounts',
    TEST_CLOCK: 'true',
    RELAY_POLL_MS: '100',
    RECONCILE_INTERVAL_MS: '3600000',
    // The shared test clock may stand at night in Shanghai: quiet hours are switched on only by the tests about them.
    QUIET_HOURS: '00:00-00:00',
    // Fixed test keys for personal data (two AES keys: t1 retired, t2 active — values under either decrypt).
    PII_KEYS: `t1:${TEST_PII_KEY_1},t2:${TEST_PII_KEY_2}`,
    PII_ACTIVE_KEY: 't2',
    PII_HASH_KEY: TEST_PII_HASH_KEY,
    ...overrides,
  });
}

import { z } from 'zod';

/**
 * Configuration, validated once at boot with messages that say what to fix (DESIGN §9).
 * Names follow API.md "Configuration".
 */
const bool = z.enum(['true', 'false', '1', '0', '']).transform((v) => v === 'true' || v === '1');
const DEV_JWT_SECRET = 'tiaojie-development-secret-not-for-production';

const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL'),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
    REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must be a redis:// URL').default('redis://127.0.0.1:6379'),
    QUEUE_PREFIX: z.string().min(1).default('{tiaojie}'),
    TEST_CLOCK: bool.default(false),
    TEST_CLOCK_START: z.iso.datetime({ offset: true }).optional(),
    DEMO_DATA: z.enum(['none', 'accounts', 'year']).default('year'),
    JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(86400).default(900),
    REFRESH_TOKEN_TTL_SECONDS: z.coerce.number().int().min(300).default(7 * 86400),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    RELAY_POLL_MS: z.coerce.number().int().min(10).default(500),
    RECONCILE_INTERVAL_MS: z.coerce.number().int().min(1000).default(60_000),
    MAX_MEDIATION_EXTENSION_DAYS: z.coerce.number().int().min(0).max(365).default(15),
    // Fengqiao service level per tier in days (local practice): "VILLAGE=7,TOWNSHIP=15,COUNTY=30"; a tier left out has none.
    TIER_SLA_DAYS: z
      .string()
      .regex(/^((VILLAGE|TOWNSHIP|COUNTY|CITY)=\d{1,3})(,(VILLAGE|TOWNSHIP|COUNTY|CITY)=\d{1,3})*$/, 'must look like VILLAGE=7,TOWNSHIP=15,COUNTY=30')
      .default('VILLAGE=7,TOWNSHIP=15,COUNTY=30'),
    SUPPORT_PROSECUTION_SLA_DAYS: z.coerce.number().int().min(1).max(90).default(3),
    WEB_DIST: z.string().optional(),
  })
  .superRefine((c, ctx) => {
    if (c.NODE_ENV === 'production' && !c.JWT_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['JWT_SECRET'], message: 'is required in production' });
    }
    if (c.NODE_ENV === 'production' && c.TEST_CLOCK) {
      ctx.addIssue({ code: 'custom', path: ['TEST_CLOCK'], message: 'must not be enabled in production' });
    }
  });

export interface AppConfig {
  nodeEnv: 'development' | 'production' | 'test';
  port: number;
  databaseUrl: string;
  databasePoolSize: number;
  redisUrl: string;
  queuePrefix: string;
  testClock: boolean;
  testClockStart?: string;
  demoData: 'none' | 'accounts' | 'year';
  jwtSecret: string;
  jwtSecretIsDefault: boolean;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  logLevel: string;
  relayPollMs: number;
  reconcileIntervalMs: number;
  maxMediationExtensionDays: number;
  tierSlaDays: Partial<Record<'VILLAGE' | 'TOWNSHIP' | 'COUNTY' | 'CITY', number>>;
  supportProsecutionSlaDays: number;
  webDist?: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || 'env'} ${i.message}`));
  }
  const c = parsed.data;
  return {
    nodeEnv: c.NODE_ENV,
    port: c.PORT,
    databaseUrl: c.DATABASE_URL,
    databasePoolSize: c.DATABASE_POOL_SIZE,
    redisUrl: c.REDIS_URL,
    queuePrefix: c.QUEUE_PREFIX,
    testClock: c.TEST_CLOCK,
    testClockStart: c.TEST_CLOCK_START,
    demoData: c.DEMO_DATA,
    jwtSecret: c.JWT_SECRET ?? DEV_JWT_SECRET,
    jwtSecretIsDefault: !c.JWT_SECRET,
    accessTokenTtlSeconds: c.ACCESS_TOKEN_TTL_SECONDS,
    refreshTokenTtlSeconds: c.REFRESH_TOKEN_TTL_SECONDS,
    logLevel: c.LOG_LEVEL,
    relayPollMs: c.RELAY_POLL_MS,
    reconcileIntervalMs: c.RECONCILE_INTERVAL_MS,
    maxMediationExtensionDays: c.MAX_MEDIATION_EXTENSION_DAYS,
    tierSlaDays: Object.fromEntries(c.TIER_SLA_DAYS.split(',').map((pair) => [pair.split('=')[0], Number(pair.split('=')[1])])),
    supportProsecutionSlaDays: c.SUPPORT_PROSECUTION_SLA_DAYS,
    webDist: c.WEB_DIST,
  };
}

export const APP_CONFIG = Symbol('AppConfig');

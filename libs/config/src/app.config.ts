import { createHash } from 'node:crypto';
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
    // bcrypt cost factor for new password hashes (2^cost rounds).
    PASSWORD_HASH_COST: z.coerce.number().int().min(10).max(15).default(12),
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
    // Personal data at rest (DESIGN §6): "keyId:base64-32-bytes[,keyId:...]", the id that encrypts, and the blind-index key.
    PII_KEYS: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,32}:[A-Za-z0-9+/=_-]+(,[A-Za-z0-9_-]{1,32}:[A-Za-z0-9+/=_-]+)*$/, 'must look like keyId:base64key[,keyId:base64key]')
      .optional(),
    PII_ACTIVE_KEY: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, 'must be a key id from PII_KEYS').optional(),
    PII_HASH_KEY: z.string().optional(),
    // Notifications (DESIGN §7): SMS provider, its gateway, SMTP for e-mail, quiet hours, reminder offsets.
    SMS_PROVIDER: z.enum(['recording', 'http']).default('recording'),
    SMS_GATEWAY_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s):// URL' }).optional(),
    SMS_GATEWAY_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
    SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL').optional(),
    EMAIL_FROM: z.string().min(3).default('Tiaojie <no-reply@tiaojie.local>'),
    QUIET_HOURS: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/, 'must look like 21:00-08:00 (HH:MM-HH:MM, Asia/Shanghai)')
      .default('21:00-08:00'),
    REMINDER_OFFSETS_DAYS: z
      .string()
      .regex(/^\d{1,3}(,\d{1,3})*$/, 'must be whole days before the deadline, comma-separated, e.g. 3,1')
      .default('3,1'),
  })
  .superRefine((c, ctx) => {
    if (c.NODE_ENV === 'production' && !c.JWT_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['JWT_SECRET'], message: 'is required in production' });
    }
    for (const problem of piiProblems(c)) ctx.addIssue({ code: 'custom', path: [problem.path], message: problem.message });
    if (c.SMS_PROVIDER === 'http' && !c.SMS_GATEWAY_URL) {
      ctx.addIssue({ code: 'custom', path: ['SMS_GATEWAY_URL'], message: 'is required when SMS_PROVIDER=http' });
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
  passwordHashCost: number;
  logLevel: string;
  relayPollMs: number;
  reconcileIntervalMs: number;
  maxMediationExtensionDays: number;
  tierSlaDays: Partial<Record<'VILLAGE' | 'TOWNSHIP' | 'COUNTY' | 'CITY', number>>;
  supportProsecutionSlaDays: number;
  webDist?: string;
  /** Personal-data encryption keys (see libs/privacy). `isDefault`: the fixed development keys (refused in production). */
  pii: PiiKeyConfig;
  notifications: NotificationConfig;
}

export interface NotificationConfig {
  /** 'recording' keeps texts in memory (demo, tests); 'http' posts them to `smsGatewayUrl`. */
  smsProvider: 'recording' | 'http';
  smsGatewayUrl?: string;
  smsGatewayTimeoutMs: number;
  /** Without it e-mail is not offered. */
  smtpUrl?: string;
  emailFrom: string;
  /** 'HH:MM-HH:MM' in Asia/Shanghai; no SMS to workers inside it (deferred, not dropped). */
  quietHours: string;
  /** Days before a deadline at which reminders go out, largest first, without duplicates. */
  reminderOffsetsDays: number[];
}

export interface PiiKeyConfig {
  /** key id → 32-byte AES-256 key, base64. */
  keys: Record<string, string>;
  activeKeyId: string;
  /** 32-byte HMAC-SHA256 key for the blind index, base64. */
  hashKey: string;
  isDefault: boolean;
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
    passwordHashCost: c.PASSWORD_HASH_COST,
    logLevel: c.LOG_LEVEL,
    relayPollMs: c.RELAY_POLL_MS,
    reconcileIntervalMs: c.RECONCILE_INTERVAL_MS,
    maxMediationExtensionDays: c.MAX_MEDIATION_EXTENSION_DAYS,
    tierSlaDays: Object.fromEntries(c.TIER_SLA_DAYS.split(',').map((pair) => [pair.split('=')[0], Number(pair.split('=')[1])])),
    supportProsecutionSlaDays: c.SUPPORT_PROSECUTION_SLA_DAYS,
    webDist: c.WEB_DIST,
    pii: piiKeyConfig(c),
    notifications: {
      smsProvider: c.SMS_PROVIDER,
      smsGatewayUrl: c.SMS_GATEWAY_URL,
      smsGatewayTimeoutMs: c.SMS_GATEWAY_TIMEOUT_MS,
      smtpUrl: c.SMTP_URL || undefined,
      emailFrom: c.EMAIL_FROM,
      quietHours: c.QUIET_HOURS,
      reminderOffsetsDays: [...new Set(c.REMINDER_OFFSETS_DAYS.split(',').map(Number))].sort((a, b) => b - a),
    },
  };
}

export const APP_CONFIG = Symbol('AppConfig');

/** Fixed development keys: derived from public strings, so they protect nothing (warned at boot, refused in production). */
const DEV_PII_KEY_ID = 'dev';
const devKey = (label: string) => createHash('sha256').update(`tiaojie-development-${label}-not-for-production`).digest('base64');

function decodedLength(b64: string): number {
  return /^[A-Za-z0-9+/_-]+={0,2}$/.test(b64) ? Buffer.from(b64, 'base64').length : -1;
}

function piiProblems(c: {
  NODE_ENV: string;
  PII_KEYS?: string;
  PII_ACTIVE_KEY?: string;
  PII_HASH_KEY?: string;
}): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  const anySet = Boolean(c.PII_KEYS || c.PII_ACTIVE_KEY || c.PII_HASH_KEY);
  if (!anySet) {
    if (c.NODE_ENV === 'production') {
      problems.push({ path: 'PII_KEYS', message: 'is required in production (with PII_ACTIVE_KEY and PII_HASH_KEY)' });
    }
    return problems;
  }
  if (!c.PII_KEYS) problems.push({ path: 'PII_KEYS', message: 'is required when PII_ACTIVE_KEY or PII_HASH_KEY is set' });
  if (!c.PII_ACTIVE_KEY) problems.push({ path: 'PII_ACTIVE_KEY', message: 'is required when PII_KEYS is set' });
  if (!c.PII_HASH_KEY) problems.push({ path: 'PII_HASH_KEY', message: 'is required when PII_KEYS is set' });
  const ids = new Set<string>();
  for (const entry of c.PII_KEYS?.split(',') ?? []) {
    const [id, b64] = [entry.slice(0, entry.indexOf(':')), entry.slice(entry.indexOf(':') + 1)];
    if (ids.has(id)) problems.push({ path: 'PII_KEYS', message: `names key id "${id}" twice` });
    ids.add(id);
    if (decodedLength(b64) !== 32) problems.push({ path: 'PII_KEYS', message: `key "${id}" must be 32 bytes, base64-encoded` });
  }
  if (c.PII_KEYS && c.PII_ACTIVE_KEY && !ids.has(c.PII_ACTIVE_KEY)) {
    problems.push({ path: 'PII_ACTIVE_KEY', message: `"${c.PII_ACTIVE_KEY}" is not one of the key ids in PII_KEYS` });
  }
  if (c.PII_HASH_KEY && decodedLength(c.PII_HASH_KEY) !== 32) {
    problems.push({ path: 'PII_HASH_KEY', message: 'must be 32 bytes, base64-encoded' });
  }
  return problems;
}

function piiKeyConfig(c: { PII_KEYS?: string; PII_ACTIVE_KEY?: string; PII_HASH_KEY?: string }): PiiKeyConfig {
  if (!c.PII_KEYS || !c.PII_ACTIVE_KEY || !c.PII_HASH_KEY) {
    return { keys: { [DEV_PII_KEY_ID]: devKey('pii-key') }, activeKeyId: DEV_PII_KEY_ID, hashKey: devKey('pii-hash-key'), isDefault: true };
  }
  const keys = Object.fromEntries(c.PII_KEYS.split(',').map((e) => [e.slice(0, e.indexOf(':')), e.slice(e.indexOf(':') + 1)]));
  return { keys, activeKeyId: c.PII_ACTIVE_KEY, hashKey: c.PII_HASH_KEY, isDefault: false };
}

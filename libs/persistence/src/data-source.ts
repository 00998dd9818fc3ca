import { types } from 'pg';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { InitialSchema1764000000000 } from '../../../migrations/1764000000000-initial-schema';
import { JointMechanism1764100000000 } from '../../../migrations/1764100000000-joint-mechanism';
import { AuditLog1764200000000 } from '../../../migrations/1764200000000-audit-log';
import { PersonalDataEncryption1764300000000 } from '../../../migrations/1764300000000-personal-data-encryption';
import { RefreshTokens1764400000000 } from '../../../migrations/1764400000000-refresh-tokens';
import { ConflictDeclarations1764500000000 } from '../../../migrations/1764500000000-conflict-declarations';
import { Notifications1764600000000 } from '../../../migrations/1764600000000-notifications';
import { NotificationContacts1764650000000 } from '../../../migrations/1764650000000-notification-contacts';
import { Outreach1764700000000 } from '../../../migrations/1764700000000-outreach';
import { AuditHeadPrevHash1764900000000 } from '../../../migrations/1764900000000-audit-head-prev-hash';
import { AuditChainShards1765000000000 } from '../../../migrations/1765000000000-audit-chain-shards';
import { Reporting1764800000000 } from '../../../migrations/1764800000000-reporting';
import { ReportDurationBuckets1765100000100 } from '../../../migrations/1765100000100-report-duration-buckets';
import { CheckedWrites1765200000000 } from '../../../migrations/1765200000000-checked-writes';
import { Lz4Compression1765300000000 } from '../../../migrations/1765300000000-lz4-compression';
import { CaseListsRevision1765400000000 } from '../../../migrations/1765400000000-case-lists-revision';
import { OrgOrmEntity } from './identity/org.orm-entity';
import { UserOrmEntity } from './identity/user.orm-entity';

// bigint columns hold fen (integer money, always < 2^53) and counters: read them as numbers.
types.setTypeParser(20, (v) => Number.parseInt(v, 10));
// `date` columns are legal calendar days: keep them as 'YYYY-MM-DD', never shift them through a time zone.
types.setTypeParser(1082, (v) => v);

export const MIGRATIONS = [
  InitialSchema1764000000000, JointMechanism1764100000000, AuditLog1764200000000, PersonalDataEncryption1764300000000, RefreshTokens1764400000000, ConflictDeclarations1764500000000,
  Notifications1764600000000,
  NotificationContacts1764650000000,
  Outreach1764700000000,
  Reporting1764800000000,
  AuditHeadPrevHash1764900000000,
  AuditChainShards1765000000000,
  ReportDurationBuckets1765100000100,
  CheckedWrites1765200000000,
  Lz4Compression1765300000000,
  CaseListsRevision1765400000000,
];
export const ORM_ENTITIES = [OrgOrmEntity, UserOrmEntity];

/** The one place that says how to reach PostgreSQL; shared by the apps, the scripts and the tests. */
export function dataSourceOptions(url: string, poolSize = 10): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ORM_ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'typeorm_migrations',
    synchronize: false,
    migrationsRun: false,
    logging: ['error'],
    extra: { max: poolSize, application_name: 'tiaojie' },
  };
}

export function createDataSource(url: string, poolSize?: number): DataSource {
  return new DataSource(dataSourceOptions(url, poolSize));
}

/** Advisory lock key so that several API and worker processes starting at once migrate one at a time. */
const MIGRATION_LOCK = 7_402_301;

export async function runMigrations(ds: DataSource): Promise<string[]> {
  // Needs a pool of at least 2: one connection holds the lock while the migrations run on another.
  const runner = ds.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const done = await ds.runMigrations({ transaction: 'each' });
    return done.map((m) => m.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await runner.release();
  }
}

import { Module, type DynamicModule, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CommandBus, CqrsModule } from '@nestjs/cqrs';
import { CasesModule, OpenCaseCommand, SendCaseEventCommand, type Caller, type OpenCaseRequest } from '@tiaojie/cases';
import { ConfigModule, loadConfig, type AppConfig } from '@tiaojie/config';
import { RedisModule } from '@tiaojie/deadlines';
import { demoOrgId, demoUserId, seedDemoAccounts } from '@tiaojie/identity';
import { IdentityTypeormRepository, PersistenceModule } from '@tiaojie/persistence';
import { LegalCalendar } from '@tiaojie/domain';
import { DataSource } from 'typeorm';
import type { BenchSettings } from '../lib/settings';
import { SESSION_SUMMARY } from './bare-pg';
import type { Slot } from '../lib/load';

/** The command side only: config, persistence, Redis, CQRS and the case handlers. No HTTP, no worker. */
@Module({})
class BenchCommandModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: BenchCommandModule,
      imports: [ConfigModule.forRoot(config), CqrsModule.forRoot(), PersistenceModule, RedisModule, CasesModule],
    };
  }
}

export const MEDIATOR: Caller = {
  id: demoUserId('mediator'),
  displayName: '王调解',
  roles: ['UNION_MEDIATOR'],
  orgId: demoOrgId('union-maojian'),
  agency: 'UNION',
  regionCode: '420302',
};

/** One unpaid migrant worker against a construction company (what `anOpenCaseRequest()` builds in tests). */
export function benchOpenCaseRequest(n: number): OpenCaseRequest {
  return {
    channel: 'WALK_IN',
    regionCode: '420302',
    facts: `工资拖欠三个月，公司拒绝支付。（基准测试 #${n}）`,
    disputeTypes: ['WAGE_ARREARS'],
    workers: [{ name: '张三', idType: 'RESIDENT_ID', idNumber: '420302199001011237', phone: '13812345678', isMigrantWorker: true }],
    employer: { name: '十堰市某建筑工程有限公司', creditCode: '91350100M000100Y43' },
    claims: [{ type: 'WAGE_ARREARS', claimedFen: 1_250_000 }],
  };
}

export const AGREED_FEN = 1_000_000;

/**
 * The events after OpenCase that take a case to closed with one instalment paid in full. Payloads
 * are made when each is sent: the agreement is signed (and the payment made) "now", after the
 * acceptance and never in the server's future (the server stamps events with the same clock).
 */
export function caseFlowEvents(): [string, () => Record<string, unknown>][] {
  const now = () => new Date().toISOString();
  const dueDate = () => LegalCalendar.shanghaiDate(new Date(Date.now() + 30 * 86_400_000));
  return [
    ['ACCEPT', () => ({})],
    ['ASSIGN_MEDIATOR', () => ({ mediatorId: demoUserId('mediator') })],
    ['REACH_AGREEMENT', () => ({ items: [{ type: 'WAGES', agreedFen: AGREED_FEN }], schedule: [{ dueDate: dueDate(), amountFen: AGREED_FEN }], signedAt: now() })],
    ['RECORD_PAYMENT', () => ({ amountFen: AGREED_FEN, paidAt: now(), method: 'BANK_TRANSFER' })],
    ['CLOSE', () => ({})],
  ];
}

export interface BenchCase {
  id: string;
  version: number;
}

export class CommandPath {
  private opened = 0;
  private readonly sessionAt = new Date(Date.now() + 7 * 86_400_000).toISOString();

  private constructor(
    readonly app: INestApplicationContext,
    private readonly bus: CommandBus,
  ) {}

  static async boot(s: Pick<BenchSettings, 'poolSize' | 'queuePrefix'>, databaseUrl: string, redisUrl: string): Promise<CommandPath> {
    const config = loadConfig({
      NODE_ENV: 'development',
      DATABASE_URL: databaseUrl,
      DATABASE_POOL_SIZE: String(s.poolSize),
      REDIS_URL: redisUrl,
      QUEUE_PREFIX: s.queuePrefix,
      LOG_LEVEL: 'silent',
      TEST_CLOCK: 'false',
      DEMO_DATA: 'none',
    });
    const app = await NestFactory.createApplicationContext(BenchCommandModule.forRoot(config), { logger: false });
    await app.init();
    await seedDemoAccounts(app.get(IdentityTypeormRepository));
    return new CommandPath(app, app.get(CommandBus));
  }

  get dataSource(): DataSource {
    return this.app.get(DataSource);
  }

  async send(c: BenchCase, type: string, payload: Record<string, unknown> = {}): Promise<void> {
    const result = await this.bus.execute(new SendCaseEventCommand(MEDIATOR, c.id, c.version, type, payload));
    c.version = result.body.version;
  }

  /** Opens a case, accepts it and assigns the mediator: the state in which sessions are scheduled. */
  async openActiveCase(): Promise<BenchCase> {
    const opened = await this.bus.execute(new OpenCaseCommand(MEDIATOR, benchOpenCaseRequest(++this.opened)));
    const c = { id: opened.body.id, version: opened.body.version };
    await this.send(c, 'ACCEPT');
    await this.send(c, 'ASSIGN_MEDIATOR', { mediatorId: demoUserId('mediator') });
    return c;
  }

  /**
   * One case from intake to closed, each step its own command (and transaction): open → ACCEPT →
   * ASSIGN_MEDIATOR → REACH_AGREEMENT (one instalment) → RECORD_PAYMENT of the whole amount (the
   * case is then \`resolved\`, performance \`paid\`) → CLOSE. What the bpmn-engine peer does too.
   */
  async completeCase(): Promise<BenchCase> {
    const opened = await this.bus.execute(new OpenCaseCommand(MEDIATOR, benchOpenCaseRequest(++this.opened)));
    const c = { id: opened.body.id, version: opened.body.version };
    for (const [type, payload] of caseFlowEvents()) await this.send(c, type, payload());
    return c;
  }

  /**
   * A slot works on its own case, alternately scheduling an online session and recording it. Every
   * session stays in the case's snapshot, so after `perCase` transitions (0: never) the slot moves on
   * to a freshly opened case, untimed — otherwise the bench would measure an ever-growing snapshot.
   * `onCase` hears of every case the slot works on.
   */
  slot(first: BenchCase, perCase: number, onCase: (c: BenchCase) => void = () => undefined): Slot {
    let c = first;
    let done = 0;
    onCase(c);
    return {
      between: async () => {
        if (perCase === 0 || done < perCase) return;
        c = await this.openActiveCase();
        done = 0;
        onCase(c);
      },
      step: async () => {
        if (done % 2 === 0) await this.send(c, 'SCHEDULE_SESSION', { at: this.sessionAt, online: true });
        else await this.send(c, 'RECORD_SESSION', { summary: SESSION_SUMMARY });
        done += 1;
      },
    };
  }

  /** The stored snapshot of a case (to size the bare-pg baseline like a real one). */
  async snapshotOf(caseId: string): Promise<unknown> {
    const [row] = await this.dataSource.query(`SELECT snapshot FROM cases WHERE id = $1`, [caseId]);
    return row.snapshot;
  }

  /** Bytes of the snapshot text of the given cases, as they are now. */
  async snapshotSizes(caseIds: string[]): Promise<{ avgBytes: number; maxBytes: number }> {
    const [row] = await this.dataSource.query(
      `SELECT avg(octet_length(snapshot::text))::int AS avg, max(octet_length(snapshot::text)) AS max FROM cases WHERE id = ANY($1)`,
      [caseIds],
    );
    return { avgBytes: Number(row.avg), maxBytes: Number(row.max) };
  }

  close(): Promise<void> {
    return this.app.close();
  }
}

import { randomUUID } from 'node:crypto';
import { demoUserId } from '@tiaojie/identity';
import { PROFILE_PRELOAD } from '../lib/cpu-profile';
import { JsonClient, waitForOk } from '../lib/http';
import type { Slot } from '../lib/load';
import { API_MAIN, freePort, spawnNode, type Child } from '../lib/processes';
import { NODE_FLAGS } from '../../scripts/lib/node-flags';
import { SESSION_SUMMARY } from './bare-pg';
import { benchOpenCaseRequest, type BenchCase } from './command-path';

export interface ApiProcessOptions {
  databaseUrl: string;
  redisUrl: string;
  queuePrefix: string;
  poolSize: number;
  /** Where the API writes a CPU profile when the bench asks (SIGWINCH twice); none when unset. */
  profileFile?: string;
}

/**
 * The real API (`node dist/apps/api/src/main.js`) as its own process against the bench database:
 * what a deployment runs, with its own event loop, so the load generator does not share it.
 */
export class ApiProcess {
  private constructor(
    readonly proc: Child,
    readonly url: string,
    /** ms from spawn to /api/health 200 */
    readonly startMs: number,
  ) {}

  static async start(o: ApiProcessOptions): Promise<ApiProcess> {
    const port = await freePort();
    const t0 = Date.now();
    const proc = spawnNode(API_MAIN, {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'development',
      PORT: String(port),
      DATABASE_URL: o.databaseUrl,
      DATABASE_POOL_SIZE: String(o.poolSize),
      REDIS_URL: o.redisUrl,
      QUEUE_PREFIX: o.queuePrefix,
      LOG_LEVEL: 'warn',
      TEST_CLOCK: 'false',
      DEMO_DATA: 'accounts',
      ACCESS_TOKEN_TTL_SECONDS: '86400',
      ...(o.profileFile ? { BENCH_CPU_PROFILE_FILE: o.profileFile } : {}),
    }, undefined, process.cwd(), [...NODE_FLAGS.api, ...(o.profileFile ? ['-r', PROFILE_PRELOAD] : [])]);
    const url = `http://127.0.0.1:${port}`;
    const up = await Promise.race([waitForOk(url, '/api/health', 120_000), proc.exited.then(() => false)]);
    if (!up) {
      await proc.stop('SIGKILL');
      throw new Error(`the API did not become healthy:\n${proc.output().slice(-3000)}`);
    }
    return new ApiProcess(proc, url, Date.now() - t0);
  }

  stop(): Promise<void> {
    return this.proc.stop('SIGTERM', 30_000);
  }
}

/**
 * The full HTTP path: POST /api/cases/{id}/events with Authorization, If-Match and a fresh
 * Idempotency-Key per request, as the web console sends them — JSON parsing, auth (the caller's row
 * is read on every request), policy guard, the command bus, the case view in the answer.
 */
export class HttpPath {
  private opened = 0;
  private readonly sessionAt = new Date(Date.now() + 7 * 86_400_000).toISOString();

  private constructor(readonly client: JsonClient) {}

  static async connect(baseUrl: string, maxSockets = 64): Promise<HttpPath> {
    const client = new JsonClient(baseUrl, maxSockets);
    await client.login('mediator');
    return new HttpPath(client);
  }

  async send(c: BenchCase, type: string, payload: Record<string, unknown> = {}): Promise<void> {
    const r = await this.client.send('POST', `/api/cases/${c.id}/events`, { type, ...payload }, {
      'if-match': `"${c.version}"`,
      'idempotency-key': randomUUID(),
    });
    if (r.status !== 200) throw new Error(`${type} on ${c.id} answered ${r.status}: ${JSON.stringify(r.body).slice(0, 500)}`);
    c.version = r.body.version;
  }

  async openCase(): Promise<BenchCase> {
    const r = await this.client.send('POST', '/api/cases', benchOpenCaseRequest(++this.opened), { 'idempotency-key': randomUUID() });
    if (r.status !== 201) throw new Error(`opening a case answered ${r.status}: ${JSON.stringify(r.body).slice(0, 500)}`);
    return { id: r.body.id, version: r.body.version };
  }

  async openActiveCase(): Promise<BenchCase> {
    const c = await this.openCase();
    await this.send(c, 'ACCEPT');
    await this.send(c, 'ASSIGN_MEDIATOR', { mediatorId: demoUserId('mediator') });
    return c;
  }

  /**
   * `n` active cases, opened one after another: a burst of concurrent ASSIGN_MEDIATORs can starve the
   * API's connection pool (see the bench report), and setting up is not what is measured.
   */
  async openActiveCases(n: number): Promise<BenchCase[]> {
    const out: BenchCase[] = [];
    for (let i = 0; i < n; i++) out.push(await this.openActiveCase());
    return out;
  }

  /** Same loop as CommandPath.slot: SCHEDULE_SESSION / RECORD_SESSION, a fresh case every `perCase` transitions. */
  slot(first: BenchCase, perCase: number): Slot {
    let c = first;
    let done = 0;
    return {
      between: async () => {
        if (perCase === 0 || done < perCase) return;
        c = await this.openActiveCase();
        done = 0;
      },
      step: async () => {
        if (done % 2 === 0) await this.send(c, 'SCHEDULE_SESSION', { at: this.sessionAt, online: true });
        else await this.send(c, 'RECORD_SESSION', { summary: SESSION_SUMMARY });
        done += 1;
      },
    };
  }

  close(): void {
    this.client.close();
  }
}

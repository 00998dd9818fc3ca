import { LegalCalendar } from '@tiaojie/domain';
import { demoOrgId, demoUserId } from '@tiaojie/identity';
import { anOpenCaseRequest, TEST_DATABASE_URL } from '@tiaojie/testing';
import { freshDatabase } from '../chaos/support/databases';
import { Client } from 'pg';
import { ApiClient, startApi, type HttpResult, type RunningApi } from './harness';

/**
 * Short, readable steps for end-to-end scenarios over HTTP: each demo user logs in once (the login
 * route is throttled), cases are driven through `POST /api/cases/{id}/events` with the version read
 * just before, and every date is computed from the shared test clock, never from `new Date()`.
 */

const DAY_MS = 86_400_000;

export type User =
  | 'mediator'
  | 'mediator-yunxi'
  | 'mediator-village'
  | 'union-manager'
  | 'court-clerk'
  | 'court-clerk-yunxi'
  | 'arb-clerk'
  | 'procurator'
  | 'legal-aid'
  | 'station-beijing'
  | 'judge'
  | 'hrss-inspector'
  | 'city-manager'
  | 'admin';

export const org = demoOrgId;
export const user = demoUserId;

/** The legal calendar day (Asia/Shanghai) of an instant, plus `plusDays`. */
export function shanghaiDay(t: Date | string, plusDays = 0): string {
  return LegalCalendar.shanghaiDate(new Date(new Date(t).getTime() + plusDays * DAY_MS));
}

export const addDays = (t: Date | string, days: number) => new Date(new Date(t).getTime() + days * DAY_MS);

/** A valid GB 11643 resident ID: area + birth date + 3-digit sequence + check character (DOMAIN §5). */
export function residentId(area: string, birth: string, seq: number): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const body = `${area}${birth}${String(seq).padStart(3, '0')}`;
  if (!/^\d{17}$/.test(body)) throw new Error(`not a 17-digit body: ${body}`);
  const sum = [...body].reduce((s, ch, i) => s + Number(ch) * weights[i], 0);
  return body + '10X98765432'[sum % 11];
}

/** `n` distinct workers of 茅箭区 with valid resident IDs and mobile numbers. */
export function workers(n: number, overrides: Record<string, unknown> = {}) {
  return Array.from({ length: n }, (_, i) => ({
    name: `工人${i + 1}`,
    idType: 'RESIDENT_ID' as const,
    idNumber: residentId('420302', '19880315', 11 + 2 * i),
    phone: `1391234${String(1000 + i).padStart(4, '0')}`,
    isMigrantWorker: true,
    ...overrides,
  }));
}

export type CaseView = any;

export class Scenario {
  private readonly clients = new Map<User, Promise<ApiClient>>();
  private db?: Client;

  private constructor(
    readonly api: RunningApi,
    private readonly lock: Client,
    private readonly databaseUrl: string,
  ) {}

  /**
   * Starts the API for one suite. Suites built on scenarios move the shared clock, so they take a
   * PostgreSQL advisory lock for their whole run: two of them never interleave their clock moves,
   * even when Jest runs test files in parallel workers.
   */
  /**
   * `ownDatabase`: the suite runs on a fresh database of its own (`<test database>_<name>`, migrated)
   * with its own test clock, so moving that clock fires nobody else's deadlines and its figures hold
   * only its own cases — for suites that compare whole-database figures with a recomputation.
   */
  static async start(options: { ownDatabase?: string } = {}): Promise<Scenario> {
    const lock = new Client({ connectionString: TEST_DATABASE_URL });
    await lock.connect();
    await lock.query(`SELECT pg_advisory_lock(hashtext('tiaojie-e2e-scenario-clock'))`);
    try {
      if (!options.ownDatabase) return new Scenario(await startApi(), lock, TEST_DATABASE_URL);
      const url = await freshDatabase(options.ownDatabase);
      const api = await startApi({ DATABASE_URL: url, QUEUE_PREFIX: `{tiaojie-${new URL(url).pathname.slice(1)}}` });
      return new Scenario(api, lock, url);
    } catch (e) {
      await lock.end();
      throw e;
    }
  }

  async close(): Promise<void> {
    try {
      await this.db?.end();
      await this.api.close();
    } finally {
      await this.lock.end(); // ending the session releases the advisory lock
    }
  }

  /** The demo user's client, logged in once per suite. */
  as(username: User): Promise<ApiClient> {
    let c = this.clients.get(username);
    if (!c) {
      c = ApiClient.login(this.api.url, username);
      this.clients.set(username, c);
    }
    return c;
  }

  /** A direct connection to the test database (for rows the API does not show, such as the outbox). */
  async sql<T = any>(text: string, params: unknown[] = []): Promise<T[]> {
    if (!this.db) {
      this.db = new Client({ connectionString: this.databaseUrl });
      await this.db.connect();
    }
    return (await this.db.query(text, params)).rows as T[];
  }

  // ---- the shared test clock ----

  async clockNow(): Promise<Date> {
    const r = await (await this.as('admin')).get('/api/admin/clock');
    if (r.status !== 200) throw new Error(`GET /api/admin/clock answered ${r.status}`);
    return new Date(r.body.now);
  }

  /** Moves the shared clock to `t` (if it is not already past it); answers once everything due has fired. */
  async moveClockTo(t: Date | string): Promise<Date> {
    const target = new Date(t);
    const now = await this.clockNow();
    if (target.getTime() <= now.getTime()) return now;
    const r = await (await this.as('admin')).post('/api/admin/clock', { set: target.toISOString() });
    if (r.status !== 200) throw new Error(`POST /api/admin/clock answered ${r.status}: ${JSON.stringify(r.body)}`);
    return new Date(r.body.now);
  }

  /** Moves the shared clock forward by whole days from its current time. */
  async advanceDays(days: number): Promise<Date> {
    const r = await (await this.as('admin')).post('/api/admin/clock', { advance: `P${days}D` });
    if (r.status !== 200) throw new Error(`POST /api/admin/clock answered ${r.status}: ${JSON.stringify(r.body)}`);
    return new Date(r.body.now);
  }

  /** Moves the clock one minute past a deadline's due time. */
  passDeadline(d: { dueAt: string }): Promise<Date> {
    return this.moveClockTo(new Date(new Date(d.dueAt).getTime() + 60_000));
  }

  // ---- cases ----

  async view(caseId: string, by: User = 'mediator'): Promise<CaseView> {
    const r = await (await this.as(by)).get(`/api/cases/${caseId}`);
    if (r.status !== 200) throw new Error(`GET case answered ${r.status}`);
    return r.body;
  }

  async history(caseId: string): Promise<any[]> {
    return (await (await this.as('mediator')).get(`/api/cases/${caseId}/history`)).body;
  }

  /** `POST /api/cases` as `by`; expects 201. */
  async open(overrides: Record<string, unknown> = {}, by: User = 'mediator'): Promise<CaseView> {
    const r = await (await this.as(by)).post('/api/cases', anOpenCaseRequest(overrides as any));
    if (r.status !== 201) throw new Error(`opening a case as ${by} answered ${r.status}: ${JSON.stringify(r.body)}`);
    return r.body;
  }

  /** Sends an event as `by` with the case's current version; returns the raw answer (status and body). */
  async trySend(caseId: string, by: User, body: Record<string, unknown>): Promise<HttpResult> {
    const client = await this.as(by);
    const current = await client.get(`/api/cases/${caseId}`);
    // A case out of the sender's scope is a 404 already on reading it (existence does not leak).
    if (current.status !== 200) return current;
    return client.event(caseId, current.body.version, body);
  }

  /** Sends an event and expects 200; returns the case view after it. */
  async send(caseId: string, by: User, body: Record<string, unknown>): Promise<CaseView> {
    const r = await this.trySend(caseId, by, body);
    if (r.status !== 200) throw new Error(`${String(body.type)} as ${by} answered ${r.status}: ${JSON.stringify(r.body)}`);
    return r.body;
  }

  /** Opened (WALK_IN, 茅箭区 420302 unless overridden), accepted and given a lead mediator: `mediation.active`. */
  async openAccepted(overrides: Record<string, unknown> = {}, by: User = 'mediator'): Promise<CaseView> {
    const opened = await this.open(overrides, by);
    await this.send(opened.id, by, { type: 'ACCEPT' });
    return this.send(opened.id, by, { type: 'ASSIGN_MEDIATOR', mediatorId: user(by) });
  }

  /**
   * Records a signed agreement, signed now (test clock), for `totalFen` of wage arrears paid by the
   * given schedule (days from today, Asia/Shanghai); by default one instalment in 60 days.
   */
  async agree(caseId: string, opts: { totalFen?: number; instalments?: { inDays: number; amountFen: number }[]; itemType?: string } = {}): Promise<CaseView> {
    const now = await this.clockNow();
    const totalFen = opts.totalFen ?? opts.instalments?.reduce((s, i) => s + i.amountFen, 0) ?? 800_000;
    const instalments = opts.instalments ?? [{ inDays: 60, amountFen: totalFen }];
    return this.send(caseId, 'mediator', {
      type: 'REACH_AGREEMENT',
      items: [{ type: opts.itemType ?? 'WAGE_ARREARS', agreedFen: totalFen }],
      schedule: instalments.map((i) => ({ dueDate: shanghaiDay(now, i.inDays), amountFen: i.amountFen })),
      signedAt: now.toISOString(),
    });
  }

  /** A referral of this case in `username`'s inbox (`GET /api/referrals?status=…`), paging until found. */
  async inboxItem(username: User, caseId: string, kind: string, status = 'PENDING'): Promise<any | undefined> {
    const client = await this.as(username);
    for (let page = 1; page < 1000; page++) {
      const r = await client.get(`/api/referrals?status=${status}&page=${page}&pageSize=100`);
      if (r.status !== 200) throw new Error(`GET /api/referrals answered ${r.status}`);
      const hit = r.body.items.find((i: any) => i.caseId === caseId && i.kind === kind);
      if (hit) return hit;
      if (page * r.body.pageSize >= r.body.total) return undefined;
    }
    return undefined;
  }

  /** Pages `GET /api/cases?…` as `username` and tells whether the case is listed. */
  async listed(username: User, query: string, caseId: string): Promise<boolean> {
    const client = await this.as(username);
    for (let page = 1; page < 1000; page++) {
      const r = await client.get(`/api/cases?${query}&page=${page}&pageSize=100`);
      if (r.status !== 200) throw new Error(`GET /api/cases?${query} answered ${r.status}`);
      if (r.body.items.some((i: any) => i.id === caseId)) return true;
      if (page * r.body.pageSize >= r.body.total) return false;
    }
    return false;
  }
}

/** The case's deadline rows of one kind (oldest first), optionally of one instalment ref. */
export const deadlinesOf = (c: CaseView, kind: string, ref?: string): any[] =>
  c.deadlines.filter((d: any) => d.kind === kind && (ref === undefined || d.ref === ref));

/** The one open (PENDING or PAUSED) deadline of a kind, or the latest one. */
export function deadlineOf(c: CaseView, kind: string, ref?: string): any {
  const rows = deadlinesOf(c, kind, ref);
  return rows.find((d) => d.status === 'PENDING' || d.status === 'PAUSED') ?? rows.at(-1);
}

export const referralOf = (c: CaseView, kind: string): any => c.referrals.find((r: any) => r.kind === kind);

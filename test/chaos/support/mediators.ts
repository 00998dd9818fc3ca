import { demoOrgId } from '@tiaojie/identity';
import { LegalCalendar } from '@tiaojie/domain';
import { Http, isRetryable, sendUntilDefinitive, type Answer } from './http';

/**
 * Simulated mediators driving cases over HTTP: open, accept, assign, schedule and record sessions,
 * reach agreements, record payments, fail mediations, close. Every acknowledged (2xx) answer goes
 * into the ledger; a command whose answer was lost (connection refused, 5xx) is repeated with the
 * same Idempotency-Key until a definitive answer arrives, as a careful client would.
 */

const DAY = 86_400_000;
export const SIM_PASSWORD = 'chaos-mediator-password';

/** A valid GB 11643 resident ID (area 420302) for worker number n (distinct per n). */
export function residentIdFor(n: number): string {
  const birth = 19700101 + (n % 28) + 100 * (n % 12) + 10000 * (n % 30);
  const body = `420302${birth}${String(n % 1000).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((s, ch, i) => s + Number(ch) * weights[i], 0);
  return body + '10X98765432'[sum % 11];
}

export const phoneFor = (n: number) => `139${String(10_000_000 + (n % 89_999_999)).padStart(8, '0')}`;

/** The time the shared test clock shows, as the test process estimates it (same machine, same origin). */
export class ClockModel {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  async sync(admin: Http): Promise<Date> {
    for (let i = 0; ; i++) {
      const r = await admin.get('/api/admin/clock');
      if (r.status === 200) {
        this.offsetMs = new Date(r.body.now).getTime() - Date.now();
        return this.now();
      }
      if (i > 60) throw new Error(`GET /api/admin/clock: ${r.status}`);
      await new Promise((res) => setTimeout(res, 500));
    }
  }

  /** Moves the shared clock (API: forward only, fires what falls due) and adopts the new time. */
  async set(admin: Http, to: Date): Promise<void> {
    const r = await sendUntilDefinitive(admin, 'POST', '/api/admin/clock', { set: to.toISOString() });
    if (r.answer.status !== 200) throw new Error(`POST /api/admin/clock: ${r.answer.status} ${JSON.stringify(r.answer.body)}`);
    this.offsetMs = Math.max(this.offsetMs, new Date(r.answer.body.now).getTime() - Date.now());
    // The other processes adopt the new time within a second (they re-read the shared clock every second).
    await new Promise((res) => setTimeout(res, 1200));
  }
}

export interface Acked {
  mediator: string;
  userId: string;
  key: string;
  /** 'OPEN' for POST /api/cases, else the event type. */
  op: string;
  caseId: string;
  version: number;
  status: number;
  attempts: number;
  /** The definitive answer was a stored one (Idempotent-Replayed). */
  replayed: boolean;
  /** What came back before the definitive answer (5xx, connection errors). */
  retried: string[];
}

export interface DeliberateReplay {
  key: string;
  caseId: string;
  originalVersion: number;
  status: number;
  replayVersion?: number;
  replayedHeader: boolean;
}

/** Everything the simulated clients were told. */
export class Ledger {
  readonly acked: Acked[] = [];
  readonly replays: DeliberateReplay[] = [];
  readonly refused = new Map<string, number>();
  /** Commands that never got a definitive answer within the give-up time (should stay 0). */
  readonly undecided: { key: string; op: string; last: string }[] = [];
  transientAnswers = 0;
  reads = 0;
  /** Time spent waiting for answers (reads and commands), for the mean latency. */
  waitedMs = 0;
  requests = 0;

  timed<T>(p: Promise<T>): Promise<T> {
    const started = Date.now();
    return p.finally(() => {
      this.waitedMs += Date.now() - started;
      this.requests++;
    });
  }

  refuse(status: number, code?: string): void {
    const k = `${status}${code ? ` ${code}` : ''}`;
    this.refused.set(k, (this.refused.get(k) ?? 0) + 1);
  }

  get retriedCommands(): number {
    return this.acked.filter((a) => a.retried.length > 0).length;
  }

  get replayedAfterRetry(): number {
    return this.acked.filter((a) => a.replayed && a.retried.length > 0).length;
  }

  summary(): string {
    const refused = [...this.refused.entries()].map(([k, v]) => `${k}×${v}`).join(', ');
    return `${this.acked.length} acknowledged, ${this.replays.length} deliberate replays, refused: ${refused || 'none'}`;
  }
}

export interface SimUser {
  username: string;
  userId: string;
}

/** Creates `n` union mediators in 茅箭区's centre through the admin API (each logs in with its own name). */
export async function createMediators(admin: Http, n: number, prefix: string): Promise<SimUser[]> {
  const users: SimUser[] = [];
  for (let i = 0; i < n; i++) {
    const username = `${prefix}-${i + 1}`.toLowerCase();
    const r = await sendUntilDefinitive(admin, 'POST', '/api/admin/users', {
      username,
      displayName: `模拟调解员${i + 1}`,
      orgId: demoOrgId('union-maojian'),
      roles: ['UNION_MEDIATOR'],
      password: SIM_PASSWORD,
    });
    if (r.answer.status !== 201) throw new Error(`creating ${username}: ${r.answer.status} ${JSON.stringify(r.answer.body)}`);
    users.push({ username, userId: r.answer.body.id });
  }
  return users;
}

interface SimCase {
  id: string;
  done: boolean;
}

export interface SimOptions {
  /** When the application was received (default: now). */
  receivedAt?: (now: Date) => Date | undefined;
  /** Share of steps that act on another mediator's case (contention: 409s). */
  crossShare?: number;
  /** Share of acknowledged commands sent again with the same key and body. */
  replayShare?: number;
  /** Seed for worker numbers, distinct per simulation. */
  seed: number;
}

let workerSeq = 0;

/** One mediator at a keyboard. */
export class SimMediator {
  readonly cases: SimCase[] = [];
  private readonly rnd = Math.random;

  constructor(
    readonly user: SimUser,
    private readonly http: Http,
    private readonly ledger: Ledger,
    private readonly clock: ClockModel,
    private readonly pool: SimCase[],
    private readonly options: SimOptions,
  ) {}

  static async login(baseUrl: string, user: SimUser, ledger: Ledger, clock: ClockModel, pool: SimCase[], options: SimOptions): Promise<SimMediator> {
    return new SimMediator(user, await Http.login(baseUrl, user.username, SIM_PASSWORD), ledger, clock, pool, options);
  }

  /** Sends requests through another API process from now on (two APIs behind a balancer). */
  useBaseUrl(url: string): void {
    this.http.baseUrl = url;
  }

  async run(stop: () => boolean): Promise<void> {
    while (!stop()) await this.step();
  }

  private async step(): Promise<void> {
    const active = this.cases.filter((c) => !c.done);
    if (active.length < 2 || this.rnd() < 0.15) return this.open();
    const cross = this.rnd() < (this.options.crossShare ?? 0.1) && this.pool.length > 0;
    const c = cross ? this.pool[Math.floor(this.rnd() * this.pool.length)] : active[Math.floor(this.rnd() * active.length)];
    if (c.done) return;
    const view = await this.read(`/api/cases/${c.id}`);
    if (!view) return;
    const next = this.choose(view);
    if (!next) {
      if (!cross) c.done = true;
      return;
    }
    await this.command(next.type, c.id, `/api/cases/${c.id}/events`, { type: next.type, ...next.payload }, { 'if-match': `"${view.version}"` });
  }

  private async open(): Promise<void> {
    const n = this.options.seed * 1_000_000 + ++workerSeq;
    const now = this.clock.now();
    const receivedAt = this.options.receivedAt?.(now);
    const body = {
      channel: 'WALK_IN',
      regionCode: '420302',
      ...(receivedAt ? { receivedAt: receivedAt.toISOString() } : {}),
      facts: `拖欠工资（模拟 ${n}）`,
      disputeTypes: ['WAGE_ARREARS'],
      workers: [{ name: `模拟工人${n}`, idType: 'RESIDENT_ID', idNumber: residentIdFor(n), phone: phoneFor(n), isMigrantWorker: true }],
      employer: { name: '十堰市模拟建筑有限公司', creditCode: '91350100M000100Y43' },
      claims: [{ type: 'WAGE_ARREARS', claimedFen: 100_000 + Math.floor(this.rnd() * 5_000_000) }],
    };
    const acked = await this.command('OPEN', null, '/api/cases', body, {});
    if (acked) {
      const c = { id: acked.caseId, done: false };
      this.cases.push(c);
      this.pool.push(c);
    }
  }

  /** GET with retries through outages; null when the case is gone from view (404) or unreadable. */
  private async read(path: string): Promise<any | null> {
    for (let delay = 100; ; delay = Math.min(2000, delay * 2)) {
      const r = await this.ledger.timed(this.http.get(path));
      this.ledger.reads++;
      if (r.status === 200) return r.body;
      if (!isRetryable(r)) {
        this.ledger.refuse(r.status, r.body?.code);
        return null;
      }
      this.ledger.transientAnswers++;
      await new Promise((res) => setTimeout(res, delay));
    }
  }

  private async command(op: string, caseId: string | null, path: string, body: unknown, headers: Record<string, string>): Promise<Acked | null> {
    const out = await this.ledger.timed(sendUntilDefinitive(this.http, 'POST', path, body, headers));
    this.ledger.transientAnswers += out.retried.length;
    const a: Answer = out.answer;
    if (isRetryable(a)) {
      this.ledger.undecided.push({ key: out.key, op, last: a.transportError ?? String(a.status) });
      return null;
    }
    if (a.status < 200 || a.status >= 300) {
      this.ledger.refuse(a.status, a.body?.code);
      return null;
    }
    const acked: Acked = {
      mediator: this.user.username,
      userId: this.user.userId,
      key: out.key,
      op,
      caseId: caseId ?? a.body.id,
      version: a.body.version,
      status: a.status,
      attempts: out.attempts,
      replayed: a.headers?.get('idempotent-replayed') === 'true',
      retried: out.retried,
    };
    this.ledger.acked.push(acked);
    if (this.rnd() < (this.options.replayShare ?? 0.03)) {
      // The same request again, as a client that never saw the first answer would send it.
      const again = await sendUntilDefinitive(this.http, 'POST', path, body, { ...headers, 'idempotency-key': out.key });
      this.ledger.replays.push({
        key: out.key,
        caseId: acked.caseId,
        originalVersion: acked.version,
        status: again.answer.status,
        replayVersion: again.answer.body?.version,
        replayedHeader: again.answer.headers?.get('idempotent-replayed') === 'true',
      });
    }
    return acked;
  }

  /** The next step a mediator would take on this case, among the events the API says they may send now. */
  private choose(view: any): { type: string; payload: Record<string, unknown> } | null {
    const allowed = new Set<string>(view.allowedEvents ?? []);
    const now = this.clock.now();
    const may = (t: string) => allowed.has(t);
    const r = this.rnd();
    const state: string = view.state;
    if (state === 'intake') {
      if (may('REJECT') && r < 0.04) return { type: 'REJECT', payload: { reason: '不属于劳动争议（模拟）', redirectTo: '人民调解委员会' } };
      if (may('ACCEPT')) return { type: 'ACCEPT', payload: {} };
    }
    if (state === 'mediation.awaitingMediator' && may('ASSIGN_MEDIATOR')) return { type: 'ASSIGN_MEDIATOR', payload: { mediatorId: this.user.userId } };
    if (state === 'mediation.active') {
      const open = (view.sessions ?? []).some((s: any) => !s.recordedAt);
      if (open && may('RECORD_SESSION') && r < 0.5) return { type: 'RECORD_SESSION', payload: { summary: '双方陈述意见，同意继续协商（模拟）' } };
      if (may('SCHEDULE_SESSION') && r < 0.3) {
        return { type: 'SCHEDULE_SESSION', payload: { at: new Date(now.getTime() + DAY).toISOString(), online: true } };
      }
      if (may('REACH_AGREEMENT') && r < 0.85) {
        const total = Math.max(1000, Math.floor((view.money?.claimedFen ?? 200_000) * (0.5 + this.rnd() * 0.5)));
        const first = Math.floor(total / 2);
        const signedAt = new Date(now.getTime() - 1500);
        const day = (d: number) => LegalCalendar.shanghaiDate(new Date(signedAt.getTime() + d * DAY));
        return {
          type: 'REACH_AGREEMENT',
          payload: {
            items: [{ type: 'WAGE_ARREARS', agreedFen: total }],
            schedule: [
              { dueDate: day(10), amountFen: first },
              { dueDate: day(40), amountFen: total - first },
            ],
            signedAt: signedAt.toISOString(),
          },
        };
      }
      if (may('MEDIATION_FAILED')) return { type: 'MEDIATION_FAILED', payload: { reason: '用人单位拒绝调解（模拟）' } };
    }
    const outstanding: number = view.money?.outstandingFen ?? 0;
    if (outstanding > 0 && may('RECORD_PAYMENT') && r < 0.9) {
      const amount = r < 0.5 ? outstanding : Math.max(1, Math.floor(outstanding / 2));
      return { type: 'RECORD_PAYMENT', payload: { amountFen: amount, paidAt: new Date(now.getTime() - 1500).toISOString(), method: 'BANK_TRANSFER' } };
    }
    if (may('CLOSE')) return { type: 'CLOSE', payload: { outcome: state === 'failed' ? 'REFERRED' : 'SETTLED' } };
    return null;
  }
}

/** Splits `users` among the API base URLs, round robin, and logs each in. */
export async function startSimulation(
  apiUrls: readonly string[],
  users: readonly SimUser[],
  ledger: Ledger,
  clock: ClockModel,
  options: SimOptions,
): Promise<SimMediator[]> {
  const pool: SimCase[] = [];
  const sims: SimMediator[] = [];
  for (const [i, u] of users.entries()) sims.push(await SimMediator.login(apiUrls[i % apiUrls.length], u, ledger, clock, pool, options));
  return sims;
}


import { demoOrgId, demoUserId } from '@tiaojie/identity';
import { TEST_REDIS_URL } from '@tiaojie/testing';
import { request as httpRequest, Agent } from 'node:http';
import { Client } from 'pg';
import { startApi, type RunningApi } from '../support/harness';
import { freshDatabase } from './support/databases';
import { LEAK_PATTERNS, malformed, operationsOf, Rng, type FuzzContext, type FuzzRequest, type Operation } from './support/fuzz';
import { Http } from './support/http';
import { phoneFor, residentIdFor } from './support/mediators';
import { CHAOS_PROFILE } from './support/profile';
import { ScenarioResult } from './support/results';

/**
 * Scenario 7, API fuzzing (issue 9): malformed requests generated from the OpenAPI document against
 * the real API on the real PostgreSQL. Every request carries a violation the server must refuse;
 * none may be answered ≥ 500, no mutation may succeed, nothing in the database may change, and no
 * error may carry personal data of the fixtures (even when the request itself carried it), a stack
 * trace or SQL.
 */
const N = CHAOS_PROFILE.fuzz.requests;
const SEED = Number(process.env.CHAOS_FUZZ_SEED ?? 20251112);

/** Tables whose content must not change: counts and a hash of every row. */
const TABLES = [
  'cases', 'case_events', 'case_parties', 'case_claims', 'deadlines', 'outbox', 'idempotency_keys', 'case_documents', 'referrals',
  'audit_log', 'users', 'orgs', 'refresh_tokens', 'conflict_declarations', 'notifications', 'outreach_activities', 'case_payments', 'test_clock',
];

describe(`API fuzzing from the OpenAPI document: ${N.toLocaleString('en-US')} malformed requests (${CHAOS_PROFILE.name} profile)`, () => {
  const result = new ScenarioResult('7b', 'bad input: API fuzzing from OpenAPI', CHAOS_PROFILE.name);
  let api: RunningApi;
  let db: Client;
  let databaseUrl: string;
  const personal: string[] = [];
  const tokens: Record<string, string> = {};
  let caseId = '';
  let partyId = '';
  let version = 1;

  beforeAll(async () => {
    databaseUrl = await freshDatabase('fuzz');
    api = await startApi({ DATABASE_URL: databaseUrl, QUEUE_PREFIX: '{chaos-fuzz}', REDIS_URL: TEST_REDIS_URL, TEST_CLOCK_START: '2025-11-12T09:00:00+08:00' });
    db = new Client({ connectionString: databaseUrl });
    await db.connect();
    for (const u of ['mediator', 'admin', 'union-manager', 'court-clerk']) tokens[u] = (await Http.login(api.url, u, 'tiaojie-demo')).token!;
    const mediator = new Http(api.url, tokens.mediator);
    // Fixtures with personal data the errors must never show.
    for (let i = 0; i < 3; i++) {
      const n = 7_000_000 + i;
      const worker = { name: `隐私测试工人${'甲乙丙'[i]}`, idType: 'RESIDENT_ID', idNumber: residentIdFor(n), phone: phoneFor(n) };
      personal.push(worker.name, worker.idNumber, worker.phone, `+86${worker.phone}`);
      const r = await mediator.post('/api/cases', {
        channel: 'WALK_IN', regionCode: '420302', facts: '拖欠工资', disputeTypes: ['WAGE_ARREARS'], workers: [worker],
        employer: { name: '十堰市模糊测试有限公司', creditCode: '91350100M000100Y43' }, claims: [{ type: 'WAGE_ARREARS', claimedFen: 100_000 }],
      });
      expect(r.status).toBe(201);
      if (i === 0) {
        caseId = r.body.id;
        partyId = r.body.workers[0].id;
        const accepted = await mediator.post(`/api/cases/${caseId}/events`, { type: 'ACCEPT' }, { 'if-match': '"1"' });
        version = accepted.body.version;
      }
    }
  }, 180_000);

  afterAll(async () => {
    result.write();
    agent.destroy();
    await db?.end();
    await api?.close();
  });

  async function fingerprint(): Promise<Record<string, string>> {
    const out: Record<string, string> = {};
    for (const t of TABLES) {
      const { rows } = await db.query(`SELECT count(*)::int AS n, md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS h FROM ${t} x`);
      out[t] = `${rows[0].n}:${rows[0].h}`;
    }
    return out;
  }

  function roleFor(op: Operation): string | undefined {
    if (op.public) return undefined;
    if (op.path.startsWith('/api/admin')) return 'admin';
    if (op.path.startsWith('/api/reports') || op.path.startsWith('/api/notifications/failed') || op.path.startsWith('/api/notifications/sms') || op.path.startsWith('/api/outreach')) return 'union-manager';
    if (op.path.startsWith('/api/referrals')) return 'court-clerk';
    return 'mediator';
  }

  const agent = new Agent({ keepAlive: true, maxSockets: 8 });

  /** Sends raw bytes (headers as their UTF-8 bytes, as a hostile client would); `null` if Node refuses to send them. */
  async function send(r: FuzzRequest): Promise<{ status: number; type: string; text: string } | null> {
    const first = await sendOnce(r, agent);
    // A kept-alive socket the server closed as it was reused (its keep-alive timeout) fails on the
    // client's side of the wire: try once more on a new connection.
    return first?.status === -1 ? sendOnce(r, false) : first;
  }

  function sendOnce(r: FuzzRequest, via: Agent | false): Promise<{ status: number; type: string; text: string } | null> {
    const url = new URL(api.url);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(r.headers)) headers[k] = Buffer.from(v, 'utf8').toString('latin1');
    // Framed explicitly: Node sends a GET's body unframed (no length, not chunked), which the server would read as the next request.
    if (r.body !== undefined) headers['content-length'] = String(Buffer.byteLength(r.body, 'utf8'));
    return new Promise((resolve) => {
      let req;
      try {
        req = httpRequest({ host: url.hostname, port: url.port, method: r.method, path: r.path, headers, agent: via }, (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (c: Buffer) => {
            size += c.length;
            if (size < 256_000) chunks.push(c);
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), text: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', () => resolve({ status: res.statusCode ?? 0, type: '', text: '' }));
        });
      } catch {
        resolve(null);
        return;
      }
      req.setTimeout(60_000, () => req.destroy(new Error('timeout')));
      req.on('error', (e) => resolve({ status: -1, type: '', text: String(e) }));
      if (r.body !== undefined) req.write(r.body);
      req.end();
    });
  }

  it('answers every malformed request below 500, changes nothing, and leaks no personal data, stack or SQL', async () => {
    const doc = (await new Http(api.url).get('/api/docs-json')).body;
    const ops = operationsOf(doc);
    expect(ops.length).toBeGreaterThan(30);
    const ctx: FuzzContext = {
      token: (op) => {
        const role = roleFor(op);
        return role ? tokens[role] : undefined;
      },
      pathValue: (op, name) => {
        if (name === 'kind') return 'ACCEPTANCE_NOTICE';
        if (name === 'partyId') return partyId;
        if (op.path.startsWith('/api/cases/')) return caseId;
        if (op.path.startsWith('/api/admin/users/')) return demoUserId('mediator-yunxi');
        return '5d3f6a2e-9c1b-4e7a-8f20-1b2c3d4e5f60';
      },
      ifMatch: () => `"${version}"`,
      hints: {
        mediatorId: demoUserId('mediator'), courtOrgId: demoOrgId('court-maojian'), commissionOrgId: demoOrgId('hrss-arbitration-city'),
        hrssOrgId: demoOrgId('hrss-inspection-maojian'), procuratorateOrgId: demoOrgId('procuratorate-maojian'), justiceOrgId: demoOrgId('justice-legal-aid-city'),
        toOrgId: demoOrgId('union-yunxi'), orgId: demoOrgId('union-maojian'), regionCode: '420302', idNumber: residentIdFor(7_000_000), phone: phoneFor(7_000_000),
        creditCode: '91350100M000100Y43', username: 'fuzz-new-user', password: 'fuzz-password-1234', newPassword: 'fuzz-password-5678', currentPassword: 'tiaojie-demo',
      },
      personal,
    };

    const before = await fingerprint();
    const rng = new Rng(SEED);
    const requests: FuzzRequest[] = Array.from({ length: N }, (_, i) => malformed(ops[i % ops.length], ctx, rng));
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    const byViolation = new Map<string, number>();
    let unsendable = 0;
    const nonProblem = new Map<string, number>();
    const summarize = (r: FuzzRequest, status: number, text: string) =>
      `${status} ${r.method} ${r.path.slice(0, 120)} [${r.violation}] headers=${Object.keys(r.headers).join(',')} body=${(r.body ?? '').slice(0, 120)} → ${text.slice(0, 300)}`;

    let next = 0;
    const workerLoop = async () => {
      while (next < requests.length) {
        const r = requests[next++];
        const res = await send(r);
        if (!res) {
          unsendable++;
          continue;
        }
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        byViolation.set(r.violation, (byViolation.get(r.violation) ?? 0) + 1);
        if (res.status >= 500 || res.status < 100) failures.push(`server error: ${summarize(r, res.status, res.text)}`);
        if (r.mutation && res.status >= 200 && res.status < 300) failures.push(`malformed mutation accepted: ${summarize(r, res.status, res.text)}`);
        if (res.status >= 400) {
          for (const p of personal) if (res.text.includes(p)) failures.push(`personal data in an error: ${summarize(r, res.status, res.text)}`);
          for (const pattern of LEAK_PATTERNS) if (pattern.test(res.text)) failures.push(`${pattern} in an error: ${summarize(r, res.status, res.text)}`);
          if (!res.type.includes('application/problem+json')) {
            const k = `${res.status} ${res.type.split(';')[0] || '(none)'}`;
            nonProblem.set(k, (nonProblem.get(k) ?? 0) + 1);
          }
        }
      }
    };
    const started = Date.now();
    await Promise.all(Array.from({ length: 8 }, workerLoop));
    const seconds = (Date.now() - started) / 1000;
    const after = await fingerprint();
    const changed = TABLES.filter((t) => before[t] !== after[t]);

    const sent = N - unsendable;
    result.badInputs = sent;
    result.load = `${sent.toLocaleString('en-US')} malformed requests over ${ops.length} operations in ${seconds.toFixed(0)} s (seed ${SEED})`;
    result.faults = 'wrong types, missing/extra fields, huge/odd Unicode, __proto__ keys, bad headers, lying Content-Types, invalid JSON';
    result.duplicated = changed.length;
    result.measure('statuses', [...statuses.entries()].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${s}×${n}`).join(', '));
    result.measure('violations', [...byViolation.entries()].map(([v, n]) => `${v}×${n}`).join(', '));
    result.measure('errors not application/problem+json', [...nonProblem.entries()].map(([k, n]) => `${k}×${n}`).join(', ') || 'none');
    result.measure('requests Node refused to send (invalid header bytes)', unsendable);
    result.measure('tables changed', changed.join(', ') || 'none');

    expect(failures.slice(0, 30)).toEqual([]);
    expect(changed).toEqual([]);
    expect(sent).toBeGreaterThanOrEqual(N * 0.95);
    result.passed = true;
  }, 1_800_000);
});

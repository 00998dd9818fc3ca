import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { anOpenCaseRequest, TEST_DATABASE_URL } from '@tiaojie/testing';
import { Logger } from 'nestjs-pino';
import { Client } from 'pg';
import { ApiClient, startApi, type RunningApi } from '../support/harness';
import { org, residentId, user, type User } from '../support/scenario';

/** The few scenario steps this suite needs, on an API of its own that logs at debug level (it does not move the clock). */
class Flow {
  private readonly clients = new Map<string, Promise<ApiClient>>();
  constructor(
    readonly api: RunningApi,
    private readonly db: Client,
  ) {}
  as(u: User) {
    if (!this.clients.has(u)) this.clients.set(u, ApiClient.login(this.api.url, u));
    return this.clients.get(u)!;
  }
  async sql<T = any>(text: string, params: unknown[] = []): Promise<T[]> {
    return (await this.db.query(text, params)).rows as T[];
  }
  async send(caseId: string, by: User, body: Record<string, unknown>) {
    const c = await this.as(by);
    const r = await c.event(caseId, (await c.get(`/api/cases/${caseId}`)).body.version, body);
    if (r.status !== 200) throw new Error(`${String(body.type)} answered ${r.status}`);
    return r.body;
  }
  async openAccepted(overrides: Record<string, unknown>) {
    const r = await (await this.as('mediator')).post('/api/cases', anOpenCaseRequest(overrides as any));
    if (r.status !== 201) throw new Error(`open answered ${r.status}`);
    await this.send(r.body.id, 'mediator', { type: 'ACCEPT' });
    return this.send(r.body.id, 'mediator', { type: 'ASSIGN_MEDIATOR', mediatorId: user('mediator') });
  }
  async close() {
    await this.db.end();
    await this.api.close();
  }
}

/**
 * Personal data (DESIGN §6): ID numbers and phones are encrypted per field at rest, found by their
 * blind index, masked in every response and log, and shown in full only to the roles that may see
 * them — each time with an audit row.
 */
describe('Personal data', () => {
  let s: Flow;
  const logs: string[] = [];
  const restore: (() => void)[] = [];
  const stamp = Date.now() % 1_000_000;
  const known = { idNumber: '420302199001011237', phone: '13812345678' };
  const generated = [
    { idNumber: residentId('420302', '19851107', 100 + (stamp % 800)), phone: `1370${String(stamp).padStart(7, '0')}` },
    { idNumber: residentId('420322', '19920229', 101 + (stamp % 800)), phone: `1590${String(stamp + 1).padStart(7, '0')}` },
  ];
  const all = [known, ...generated];
  /** Every form a value could leak in: as typed, E.164, the ID in lower case x. */
  const forms = all.flatMap((p) => [p.idNumber, p.idNumber.toLowerCase(), p.phone, `+86${p.phone}`, `86${p.phone}`]);
  const caseIds: string[] = [];

  beforeAll(async () => {
    // Capture everything written to stdout/stderr (pino writes with fs.writeSync to fd 1).
    const writeSync = fs.writeSync;
    const spy = jest.spyOn(fs, 'writeSync').mockImplementation(((fd: number, data: unknown, ...rest: unknown[]) => {
      if (fd === 1 || fd === 2) {
        logs.push(Buffer.isBuffer(data) ? data.toString('utf8') : String(data));
        return typeof data === 'string' ? Buffer.byteLength(data) : (data as Buffer).length;
      }
      return (writeSync as any)(fd, data, ...rest);
    }) as any);
    restore.push(() => spy.mockRestore());
    for (const stream of [process.stdout, process.stderr]) {
      const write = stream.write;
      stream.write = ((chunk: unknown, ...rest: unknown[]) => {
        logs.push(String(chunk));
        const cb = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
        cb?.();
        return true;
      }) as any;
      restore.push(() => (stream.write = write));
    }
    const db = new Client({ connectionString: TEST_DATABASE_URL });
    await db.connect();
    s = new Flow(await startApi({ LOG_LEVEL: 'debug' }), db);
    s.api.app.useLogger(s.api.app.get(Logger));
  });
  afterAll(async () => {
    await s?.close();
    restore.forEach((r) => r());
  });

  async function openWith(worker: { idNumber: string; phone: string }) {
    const c = await s.openAccepted({
      workers: [{ name: `隐私${stamp}`, idType: 'RESIDENT_ID', idNumber: worker.idNumber, phone: worker.phone, isMigrantWorker: true }],
    });
    caseIds.push(c.id);
    return c;
  }

  it('masks personal data in the case view and stores it encrypted with blind indexes and a key id', async () => {
    const c = await openWith(known);
    expect(c.workers[0]).toMatchObject({ idNumber: '4203**********1237', phone: '138****5678' });
    for (const g of generated) await openWith(g);
    const [row] = await s.sql(`SELECT * FROM case_parties WHERE case_id = $1 AND kind = 'WORKER'`, [c.id]);
    expect(row).not.toHaveProperty('id_number');
    expect(row).not.toHaveProperty('phone');
    expect(row.id_number_enc).toMatch(/^v1\.t2\./);
    expect(row.phone_enc).toMatch(/^v1\.t2\./);
    expect(row.id_number_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.key_id).toBe('t2');
  });

  it('finds a case by exact ID number or phone through the blind index, and still by name', async () => {
    const mediator = await s.as('mediator');
    const g = generated[0];
    const byId = await mediator.get(`/api/cases?q=${g.idNumber}`);
    expect(byId.body.items.map((i: any) => i.id)).toEqual([caseIds[1]]);
    const byPhone = await mediator.get(`/api/cases?q=${encodeURIComponent(`+86${g.phone}`)}`);
    expect(byPhone.body.items.map((i: any) => i.id)).toEqual([caseIds[1]]);
    expect((await mediator.get(`/api/cases?q=${g.idNumber.slice(0, 10)}`)).body.total).toBe(0);
    expect((await mediator.get(`/api/cases?q=${encodeURIComponent(`隐私${stamp}`)}`)).body.total).toBe(3);
  });

  it('shows a party masked, and in full with reveal=true for a mediator, writing an audit row each time', async () => {
    const mediator = await s.as('mediator');
    const c = (await mediator.get(`/api/cases/${caseIds[0]}`)).body;
    const partyId = c.workers[0].id;
    const plain = await mediator.get(`/api/cases/${c.id}/parties/${partyId}`);
    expect(plain.status).toBe(200);
    expect(plain.body).toEqual({ id: partyId, name: `隐私${stamp}`, idType: 'RESIDENT_ID', idNumber: '4203**********1237', phone: '138****5678' });
    const audits = async () =>
      s.sql(`SELECT actor_id, details FROM audit_log WHERE action = 'PERSONAL_DATA_REVEALED' AND target_id = $1 ORDER BY seq`, [partyId]);
    expect(await audits()).toHaveLength(0);

    const revealed = await mediator.get(`/api/cases/${c.id}/parties/${partyId}?reveal=true`);
    expect(revealed.status).toBe(200);
    expect(revealed.headers.get('cache-control')).toBe('no-store');
    expect(revealed.body).toEqual({ id: partyId, name: `隐私${stamp}`, idType: 'RESIDENT_ID', idNumber: known.idNumber, phone: `+86${known.phone}` });
    await mediator.get(`/api/cases/${c.id}/parties/${partyId}?reveal=true`);
    const rows = await audits();
    expect(rows).toHaveLength(2);
    expect(rows[0]).toEqual({ actor_id: user('mediator'), details: { caseId: c.id, partyId, fields: ['idNumber', 'phone'] } });
    expect(JSON.stringify(rows)).not.toContain(known.idNumber);

    expect((await mediator.get(`/api/cases/${c.id}/parties/${partyId}?reveal=yes`)).status).toBe(400);
    expect((await mediator.get(`/api/cases/${c.id}/parties/${c.employer.id}?reveal=true`)).body).toMatchObject({ idNumber: null, phone: null });
    expect((await mediator.get(`/api/cases/${c.id}/parties/${caseIds[1]}`)).status).toBe(404);
  });

  it('refuses reveal=true to an arbitration clerk who may see the case (403), without an audit row', async () => {
    const id = caseIds[2];
    await s.send(id, 'mediator', { type: 'MEDIATION_FAILED', reason: '用人单位拒绝调解' });
    await s.send(id, 'mediator', { type: 'REFER_ARBITRATION', commissionOrgId: org('hrss-arbitration-city') });
    const clerk = await s.as('arb-clerk');
    const c = await clerk.get(`/api/cases/${id}`);
    expect(c.status).toBe(200);
    const partyId = c.body.workers[0].id;
    expect((await clerk.get(`/api/cases/${id}/parties/${partyId}`)).body.idNumber).toMatch(/^\d{4}\*{10}\w{4}$/);
    const refused = await clerk.get(`/api/cases/${id}/parties/${partyId}?reveal=true`);
    expect(refused.status).toBe(403);
    expect(JSON.stringify(refused.body)).not.toContain(generated[1].idNumber);
    expect(await s.sql(`SELECT 1 FROM audit_log WHERE action = 'PERSONAL_DATA_REVEALED' AND target_id = $1`, [partyId])).toHaveLength(0);
  });

  it('does not echo a rejected ID number or phone in the 400 body', async () => {
    const mediator = await s.as('mediator');
    const badId = known.idNumber.slice(0, 17) + '9';
    const badPhone = '2381234567';
    const r = await mediator.post(
      '/api/cases',
      anOpenCaseRequest({ workers: [{ name: '坏号码', idType: 'RESIDENT_ID', idNumber: badId, phone: badPhone, isMigrantWorker: true }] } as any),
    );
    expect(r.status).toBe(400);
    const fields = r.body.errors.map((e: any) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['workers.0.idNumber', 'workers.0.phone']));
    const body = JSON.stringify(r.body);
    expect(body).not.toContain(badId);
    expect(body).not.toContain(badPhone);
    forms.push(badId, badPhone);
  });

  it('leaves no plaintext in a data-only dump, the event log, the outbox or the logs', async () => {
    const dump = execFileSync('pg_dump', ['--data-only', '--no-owner', `--dbname=${TEST_DATABASE_URL}`], { maxBuffer: 512 * 1024 * 1024, stdio: ['ignore', 'pipe', 'ignore'] }).toString('utf8');
    expect(dump).toContain('v1.t2.'); // the dump did include the encrypted party rows
    for (const f of forms) expect({ form: f, inDump: dump.includes(f) }).toEqual({ form: f, inDump: false });

    const payloads = JSON.stringify([
      ...(await s.sql(`SELECT payload FROM case_events WHERE case_id = ANY($1)`, [caseIds])),
      ...(await s.sql(`SELECT * FROM outbox`)),
    ]);
    expect(payloads.length).toBeGreaterThan(100);
    for (const f of forms) expect(payloads).not.toContain(f);

    const text = logs.join('');
    expect(text).toContain('"statusCode":400'); // the captured logs did include the request lines
    expect(text).toMatch(/parties/);
    for (const f of forms) expect({ form: f, inLogs: text.includes(f) }).toEqual({ form: f, inLogs: false });
  });
});

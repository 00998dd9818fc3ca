import { findBrokenLink } from '@tiaojie/domain';
import { demoUserId } from '@tiaojie/identity';
import { anOpenCaseRequest, aTwoInstalmentAgreement } from '@tiaojie/testing';
import { ApiClient, startApi, type RunningApi } from '../support/harness';

/** Dates relative to the API's own (test) clock, as the case view reports it. */
const day = (iso: string, plusDays = 0) => new Date(new Date(iso).getTime() + plusDays * 86400_000).toISOString().slice(0, 10);

describe('A case from intake to payment over HTTP', () => {
  let api: RunningApi;
  let mediator: ApiClient;
  let admin: ApiClient;

  beforeAll(async () => {
    api = await startApi();
    mediator = await ApiClient.login(api.url, 'mediator');
    admin = await ApiClient.login(api.url, 'admin');
  });
  afterAll(() => api.close());

  async function openAndAccept() {
    const opened = await mediator.post('/api/cases', anOpenCaseRequest());
    expect(opened.status).toBe(201);
    const accepted = await mediator.event(opened.body.id, opened.body.version, { type: 'ACCEPT' });
    expect(accepted.status).toBe(200);
    return accepted.body;
  }

  it('opens, accepts, assigns, agrees on two instalments, is paid in full and resolves, with an intact hash chain', async () => {
    const opened = await mediator.post('/api/cases', anOpenCaseRequest());
    expect(opened.status).toBe(201);
    expect(opened.headers.get('etag')).toBe('"1"');
    expect(opened.body).toMatchObject({ state: 'intake', version: 1, machineVersion: 'case-v2' });
    expect(opened.body.allowedEvents.slice(0, 3)).toEqual(['ACCEPT', 'REJECT', 'WITHDRAW']);
    expect(opened.body.caseNo).toMatch(/^TJ-420302-\d{4}-\d{5}$/);
    expect(opened.body.workers[0]).toMatchObject({ idNumber: '4203**********1237', phone: '138****5678' });
    expect(opened.body.deadlines).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'ARBITRATION_RIGHT', status: 'PENDING', unit: 'CALENDAR_DAYS', length: 15, basis: expect.stringContaining('LDMAL art. 14') }),
        expect.objectContaining({ kind: 'ACCEPTANCE_SLA', status: 'PENDING', unit: 'WORKING_DAYS', length: 3 }),
      ]),
    );
    const id = opened.body.id;

    let c = (await mediator.event(id, 1, { type: 'ACCEPT' })).body;
    expect(c).toMatchObject({ state: 'mediation.awaitingMediator', version: 2 });
    const status = (kind: string) => c.deadlines.find((d: any) => d.kind === kind)?.status;
    expect([status('ARBITRATION_RIGHT'), status('MEDIATION_PERIOD'), status('ACCEPTANCE_SLA')]).toEqual(['PENDING', 'PENDING', 'MET']);
    expect(c.documents).toEqual([expect.objectContaining({ kind: 'ACCEPTANCE_NOTICE' })]);

    c = (await mediator.event(id, c.version, { type: 'ASSIGN_MEDIATOR', mediatorId: demoUserId('mediator') })).body;
    expect(c).toMatchObject({ state: 'mediation.active', assignees: [{ userId: demoUserId('mediator'), role: 'MEDIATOR' }] });

    // The shared test clock may be days ahead of the wall clock (other suites move it): use its time.
    const now = new Date((await admin.get('/api/admin/clock')).body.now).toISOString();
    const agreement = aTwoInstalmentAgreement(1_000_000, now, day(now, 1), day(now, 30));
    const agreed = await mediator.event(id, c.version, agreement);
    expect(agreed.status).toBe(200);
    c = agreed.body;
    expect(c.state).toBe('agreed');
    expect(c.tracks).toMatchObject({ performance: 'paying', confirmation: 'window' });
    expect(c.deadlines.filter((d: any) => d.kind === 'INSTALMENT_DUE').map((d: any) => d.lastDay)).toEqual([day(now, 1), day(now, 30)]);
    expect(c.money).toEqual({ claimedFen: 1_250_000, agreedFen: 1_000_000, paidFen: 0, outstandingFen: 1_000_000 });
    expect(c.deadlines.find((d: any) => d.kind === 'MEDIATION_PERIOD').status).toBe('MET');
    expect(c.deadlines.find((d: any) => d.kind === 'ARBITRATION_RIGHT').status).toBe('CANCELLED');

    const paidAt = new Date((await admin.get('/api/admin/clock')).body.now).toISOString();
    c = (await mediator.event(id, c.version, { type: 'RECORD_PAYMENT', amountFen: 500_000, paidAt, method: 'BANK_TRANSFER' })).body;
    expect(c).toMatchObject({ state: 'agreed', money: { paidFen: 500_000, outstandingFen: 500_000 } });
    expect(c.deadlines.filter((d: any) => d.kind === 'INSTALMENT_DUE').map((d: any) => d.status)).toEqual(['MET', 'PENDING']);

    const over = await mediator.event(id, c.version, { type: 'RECORD_PAYMENT', amountFen: 500_001, paidAt, method: 'BANK_TRANSFER' });
    expect(over.status).toBe(422);
    expect(over.body.detail).toContain('exceeds the 500000 fen still outstanding');

    c = (await mediator.event(id, c.version, { type: 'RECORD_PAYMENT', amountFen: 500_000, paidAt, method: 'WECHAT_PAY' })).body;
    expect(c).toMatchObject({ state: 'resolved', outcome: 'RESOLVED', money: { paidFen: 1_000_000, outstandingFen: 0 } });
    expect(c.allowedEvents).toContain('CLOSE');
    expect(c.tracks.performance).toBe('paid');

    const history = await mediator.get(`/api/cases/${id}/history`);
    expect(history.body.map((e: any) => e.type)).toEqual([
      'OPENED', 'ACCEPT', 'ASSIGN_MEDIATOR', 'REACH_AGREEMENT', 'RECORD_PAYMENT', 'RECORD_PAYMENT',
    ]);
    const links = history.body.map((e: any) => ({ ...e, caseId: id, actorId: e.actor.id }));
    expect(findBrokenLink(links)).toBeNull();
    // The chain really guards the content: change one amount and it breaks at that row.
    links[4] = { ...links[4], payload: { ...links[4].payload, amountFen: 1 } };
    expect(findBrokenLink(links)).toEqual({ seq: 5, reason: expect.stringContaining('hash') });
  });

  it('refuses a stale If-Match with 409 and a missing one with 428', async () => {
    const c = await openAndAccept();
    const stale = await mediator.event(c.id, c.version - 1, { type: 'ASSIGN_MEDIATOR', mediatorId: demoUserId('mediator') });
    expect(stale.status).toBe(409);
    expect(stale.headers.get('content-type')).toContain('application/problem+json');
    const missing = await mediator.post(`/api/cases/${c.id}/events`, { type: 'ASSIGN_MEDIATOR', mediatorId: demoUserId('mediator') });
    expect(missing.status).toBe(428);
    expect((await mediator.get(`/api/cases/${c.id}`)).body.version).toBe(c.version);
  });

  it('replays the stored response for a repeated Idempotency-Key, once, and refuses the key with another body', async () => {
    const key = `open-${Date.now()}`;
    const body = anOpenCaseRequest({ facts: `idempotency ${key}` });
    const first = await mediator.post('/api/cases', body, { 'idempotency-key': key });
    const again = await mediator.post('/api/cases', body, { 'idempotency-key': key });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const found = await mediator.get(`/api/cases?q=${encodeURIComponent(first.body.caseNo)}`);
    expect(found.body.total).toBe(1);

    const other = await mediator.post('/api/cases', { ...body, facts: 'something else' }, { 'idempotency-key': key });
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');

    const evKey = `accept-${Date.now()}`;
    const a1 = await mediator.event(first.body.id, 1, { type: 'ACCEPT' }, { 'idempotency-key': evKey });
    const a2 = await mediator.event(first.body.id, 1, { type: 'ACCEPT' }, { 'idempotency-key': evKey });
    expect([a1.status, a2.status]).toEqual([200, 200]);
    expect(a2.body).toEqual(a1.body);
    const history = await mediator.get(`/api/cases/${first.body.id}/history`);
    expect(history.body.filter((e: any) => e.type === 'ACCEPT')).toHaveLength(1);
  });

  it.each([
    ['workers.0.idNumber', { workers: [{ name: '李四', idType: 'RESIDENT_ID' as const, idNumber: '420302199001011238', phone: '13812345678' }] }],
    ['workers.0.phone', { workers: [{ name: '李四', idType: 'RESIDENT_ID' as const, idNumber: '420302199001011237', phone: '12812345678' }] }],
    ['employer.creditCode', { employer: { name: '某公司', creditCode: '91350100M000100Y44' } }],
  ])('answers 400 naming %s when it is invalid, and opens nothing', async (field, override) => {
    const before = (await mediator.get('/api/cases?pageSize=1')).body.total;
    const r = await mediator.post('/api/cases', anOpenCaseRequest(override));
    expect(r.status).toBe(400);
    expect(r.headers.get('content-type')).toContain('application/problem+json');
    expect(r.body.errors).toEqual([expect.objectContaining({ field })]);
    expect(JSON.stringify(r.body)).not.toMatch(/42030219900101123|1281234|M000100Y44/);
    expect((await mediator.get('/api/cases?pageSize=1')).body.total).toBe(before);
  });

  it('answers 422 listing the allowed events when the state does not accept the event', async () => {
    const opened = await mediator.post('/api/cases', anOpenCaseRequest());
    const r = await mediator.event(opened.body.id, 1, { type: 'RECORD_PAYMENT', amountFen: 100, paidAt: new Date().toISOString(), method: 'CASH' });
    expect(r.status).toBe(422);
    expect(r.body).toMatchObject({ code: 'TRANSITION_NOT_ALLOWED' });
    expect(r.body.allowedEvents).toEqual(expect.arrayContaining(['ACCEPT', 'REJECT', 'WITHDRAW']));
    expect(r.body.allowedEvents).not.toContain('RECORD_PAYMENT');
  });

  it('answers 403 when the role may not send the event, and 400 naming a bad payload field', async () => {
    const opened = await mediator.post('/api/cases', anOpenCaseRequest());
    // In scope but not the role's to send: 403. (A court that was never referred the case gets 404: it cannot see it.)
    expect((await mediator.event(opened.body.id, 1, { type: 'JC_ACCEPT' })).status).toBe(403);
    const clerk = await ApiClient.login(api.url, 'court-clerk');
    expect((await clerk.event(opened.body.id, 1, { type: 'ACCEPT' })).status).toBe(404);
    const bad = await mediator.event(opened.body.id, 1, { type: 'REJECT', reason: '' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'reason' })]);
  });

  it('fails mediation when the mediation period runs out on the test clock, and issues a termination note', async () => {
    const c = await openAndAccept();
    const period = c.deadlines.find((d: any) => d.kind === 'MEDIATION_PERIOD');
    const r = await admin.post('/api/admin/clock', { set: period.dueAt });
    expect(r.status).toBe(200);
    expect(r.body.fired).toBeGreaterThanOrEqual(1);
    const after = (await mediator.get(`/api/cases/${c.id}`)).body;
    expect(after.state).toBe('failed');
    expect(after.deadlines.find((d: any) => d.kind === 'MEDIATION_PERIOD').status).toBe('EXPIRED');
    expect(after.documents.map((d: any) => d.kind)).toContain('TERMINATION_NOTE');
    const history = (await mediator.get(`/api/cases/${c.id}/history`)).body;
    expect(history.at(-1)).toMatchObject({ type: 'DEADLINE_EXPIRED', actor: { displayName: 'Tiaojie' }, stateTo: 'failed' });
  });

  it('never fires a deadline before it is due: one second short of the due time nothing happens', async () => {
    const c = await openAndAccept();
    const due = new Date(c.deadlines.find((d: any) => d.kind === 'MEDIATION_PERIOD').dueAt);
    const clockNow = new Date((await admin.get('/api/admin/clock')).body.now);
    if (due.getTime() - 1000 > clockNow.getTime()) {
      await admin.post('/api/admin/clock', { set: new Date(due.getTime() - 1000).toISOString() });
    }
    expect((await mediator.get(`/api/cases/${c.id}`)).body.state).toBe('mediation.awaitingMediator');
  });

  it('needs a token (401, problem+json) and gives the same answer for an unknown user and a wrong password', async () => {
    const anon = new ApiClient(api.url);
    const r = await anon.get('/api/cases');
    expect(r.status).toBe(401);
    expect(r.headers.get('content-type')).toContain('application/problem+json');
    const unknown = await anon.post('/api/auth/login', { username: 'nobody', password: 'x' });
    const wrong = await anon.post('/api/auth/login', { username: 'mediator', password: 'wrong' });
    expect([unknown.status, wrong.status]).toEqual([401, 401]);
    expect({ ...unknown.body, instance: undefined, requestId: undefined }).toEqual({ ...wrong.body, instance: undefined, requestId: undefined });
  });

  it('keeps the test clock to admins', async () => {
    expect((await mediator.post('/api/admin/clock', { advance: 'P1D' })).status).toBe(403);
  });
});

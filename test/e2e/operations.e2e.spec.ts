import { ApiClient, startApi, type RunningApi } from '../support/harness';

describe('Operations endpoints (test clock disabled)', () => {
  let api: RunningApi;
  beforeAll(async () => {
    api = await startApi({ TEST_CLOCK: 'false' });
  });
  afterAll(() => api.close());

  it('reports PostgreSQL and Redis in /api/health without a token', async () => {
    const r = await new ApiClient(api.url).get('/api/health');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ status: 'ok', checks: { postgres: 'up', redis: 'up' } });
  });

  it('hides the test clock entirely unless configured: 404 even for an admin', async () => {
    const admin = await ApiClient.login(api.url, 'admin');
    expect((await admin.get('/api/admin/clock')).status).toBe(404);
    expect((await admin.post('/api/admin/clock', { advance: 'P16D' })).status).toBe(404);
  });

  it('serves Prometheus metrics at /metrics', async () => {
    const r = await new ApiClient(api.url).get('/metrics');
    expect(r.status).toBe(200);
    expect(String(r.body)).toContain('tiaojie_api_process_resident_memory_bytes');
  });

  it('describes the workflow with the roles declared for each event', async () => {
    const mediator = await ApiClient.login(api.url, 'mediator');
    const r = await mediator.get('/api/workflow');
    expect(r.body.machineVersion).toBe('case-v2');
    expect(r.body.events).toContainEqual(expect.objectContaining({ type: 'ACCEPT', roles: ['UNION_MEDIATOR', 'UNION_MANAGER'] }));
    expect(r.body.events).toContainEqual(expect.objectContaining({ type: 'DEADLINE_EXPIRED', roles: ['SYSTEM'] }));
    expect(r.body.deadlineKinds.map((d: any) => d.kind)).toEqual(expect.arrayContaining(['ARBITRATION_RIGHT', 'MEDIATION_PERIOD', 'CONFIRMATION_WINDOW', 'ARBITRATION_AWARD', 'LIMITATION']));
    expect(r.body.deadlineKinds).toHaveLength(15);
  });

  it('answers unknown routes and malformed JSON with problem+json, never a stack trace', async () => {
    const mediator = await ApiClient.login(api.url, 'mediator');
    const unknown = await mediator.get('/api/nothing-here');
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toContain('application/problem+json');
    const malformed = await mediator.request('POST', '/api/cases', '{"channel":', { 'content-type': 'application/json' });
    expect(malformed.status).toBe(400);
    expect(JSON.stringify(malformed.body)).not.toMatch(/at \w+ \(|node_modules|SyntaxError/);
    const notFound = await mediator.get('/api/cases/00000000-0000-4000-8000-000000000000');
    expect(notFound.status).toBe(404);
    expect((await mediator.get('/api/cases/not-a-uuid')).status).toBe(404);
    const badPage = await mediator.get('/api/cases?pageSize=500');
    expect(badPage.status).toBe(400);
    expect(badPage.body.errors).toEqual([expect.objectContaining({ field: 'pageSize' })]);
  });

  it('throttles login per address and username: the 11th attempt in a minute is 429, another account is unaffected', async () => {
    const anon = new ApiClient(api.url);
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await anon.post('/api/auth/login', { username: 'procurator', password: `guess-${i}` })).status);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses[10]).toBe(429);
    expect((await anon.post('/api/auth/login', { username: 'legal-aid', password: 'wrong' })).status).toBe(401);
  });
});

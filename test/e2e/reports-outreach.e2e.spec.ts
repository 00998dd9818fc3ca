import { anOpenCaseRequest } from '@tiaojie/testing';
import { org, Scenario, shanghaiDay, type User } from '../support/scenario';

/** Outreach activities (DOMAIN §3.9) over HTTP: recording, region scoping, intake links and the summary's counts. */
describe('Outreach activities', () => {
  let s: Scenario;
  let today: string;
  let longAgo: string;

  const activity = (overrides: Record<string, unknown> = {}) => ({
    kind: 'SITE_CLINIC',
    title: '建筑工地法律服务',
    heldOn: longAgo,
    place: '某工地',
    peopleReached: 80,
    consultations: 12,
    ...overrides,
  });
  const post = async (who: User, body: unknown, headers?: Record<string, string>) => (await s.as(who)).post('/api/outreach', body, headers);
  const listAll = async (who: User, query = '') => {
    const r = await (await s.as(who)).get(`/api/outreach?pageSize=100${query}`);
    expect(r.status).toBe(200);
    return r.body;
  };

  beforeAll(async () => {
    s = await Scenario.start();
    const now = await s.clockNow();
    today = shanghaiDay(now);
    longAgo = shanghaiDay(now, -400 - Math.floor(Math.random() * 200));
  });
  afterAll(() => s?.close());

  it('records an activity for the caller’s organisation, counted in its region; a station’s in the city union’s region', async () => {
    const r = await post('mediator', activity());
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ orgId: org('union-maojian'), regionCode: '420302', kind: 'SITE_CLINIC', heldOn: longAgo, peopleReached: 80, consultations: 12, casesFromOutreach: 0 });
    const township = await post('mediator', activity({ orgId: org('union-wuyan'), title: '街道普法' }));
    expect(township.status).toBe(201);
    expect(township.body).toMatchObject({ orgId: org('union-wuyan'), regionCode: '420302002' });
    const station = await post('station-beijing', activity({ kind: 'PLATFORM_WORKER_DAY', title: '骑手权益日' }));
    expect(station.status).toBe(201);
    expect(station.body).toMatchObject({ orgId: org('union-station-beijing'), regionCode: '420300' });
  });

  it('answers 400 naming each invalid field, and records nothing', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [activity({ kind: 'PARTY' }), 'kind'],
      [activity({ title: '' }), 'title'],
      [activity({ heldOn: '2025-02-30' }), 'heldOn'],
      [activity({ heldOn: shanghaiDay(await s.clockNow(), 2) }), 'heldOn'],
      [activity({ place: undefined }), 'place'],
      [activity({ peopleReached: -1 }), 'peopleReached'],
      [activity({ consultations: 1.5 }), 'consultations'],
      [activity({ orgId: 'not-a-uuid' }), 'orgId'],
      [activity({ orgId: org('union-yunxi') }), 'orgId'],
      [activity({ createdBy: 'x' }), 'createdBy'],
    ];
    const before = (await listAll('mediator')).total;
    for (const [body, field] of cases) {
      const r = await post('mediator', body);
      expect({ field, status: r.status, fields: r.body.errors?.map((e: any) => e.field), type: r.headers.get('content-type') }).toEqual({
        field, status: 400, fields: [field], type: expect.stringContaining('application/problem+json'),
      });
    }
    expect((await listAll('mediator')).total).toBe(before);
  });

  it('replays a repeated Idempotency-Key instead of recording twice', async () => {
    const key = `outreach-${Date.now()}`;
    const first = await post('mediator', activity({ title: '重复提交' }), { 'idempotency-key': key });
    const again = await post('mediator', activity({ title: '重复提交' }), { 'idempotency-key': key });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect((await post('mediator', activity({ title: '另一个' }), { 'idempotency-key': key })).status).toBe(422);
  });

  it('lists by region: each sees their subtree (and a station its own); a region outside is 404; roles without the action 403', async () => {
    await post('mediator-yunxi', activity({ title: '郧西讲座' }));
    const maojian = await listAll('mediator', `&from=${longAgo}&to=${longAgo}`);
    expect(maojian.items.every((a: any) => a.regionCode.startsWith('420302'))).toBe(true);
    expect(maojian.items.some((a: any) => a.regionCode === '420302002')).toBe(true);
    const city = await listAll('city-manager', `&from=${longAgo}&to=${longAgo}`);
    const regions = new Set(city.items.map((a: any) => a.regionCode));
    expect(regions).toEqual(new Set(['420300', '420302', '420302002', '420322']));
    const station = await listAll('station-beijing', `&from=${longAgo}&to=${longAgo}`);
    expect(station.items.map((a: any) => a.orgId)).toEqual(expect.arrayContaining([org('union-station-beijing')]));
    expect(station.items.every((a: any) => a.orgId === org('union-station-beijing'))).toBe(true);
    const yunxiOnly = await listAll('union-manager', `&regionCode=420322&from=${longAgo}&to=${longAgo}`);
    expect(yunxiOnly.items.every((a: any) => a.regionCode === '420322')).toBe(true);
    expect((await (await s.as('mediator')).get('/api/outreach?regionCode=420322')).status).toBe(404);
    expect((await (await s.as('mediator')).get('/api/outreach?from=2025-01-02&to=2025-01-01')).body.errors[0].field).toBe('to');
    expect((await (await s.as('mediator')).get('/api/outreach?pageSize=1000')).body.errors[0].field).toBe('pageSize');
    for (const who of ['court-clerk', 'procurator', 'arb-clerk', 'legal-aid'] as User[]) {
      expect({ who, get: (await (await s.as(who)).get('/api/outreach')).status, post: (await post(who, activity())).status }).toEqual({ who, get: 403, post: 403 });
    }
    expect((await post('city-manager', activity())).status).toBe(403);
  });

  it('a case may name an activity of the caller’s region at intake (400 otherwise); the summary counts activities and the cases they led to', async () => {
    const manager = await s.as('union-manager');
    const summaryOn = async (day: string) => (await manager.get(`/api/reports/summary?from=${day}&to=${day}`)).body;
    const before = await summaryOn(longAgo);
    const own = await post('mediator', activity({ peopleReached: 33, consultations: 7 }));
    const station = await post('station-beijing', activity({ peopleReached: 20, consultations: 2 }));
    const yunxi = await post('mediator-yunxi', activity({ peopleReached: 5, consultations: 1 }));
    const after = await summaryOn(longAgo);
    expect(after.totals.outreach.activities - before.totals.outreach.activities).toBe(3);
    expect(after.totals.outreach.peopleReached - before.totals.outreach.peopleReached).toBe(58);
    expect(after.totals.outreach.consultations - before.totals.outreach.consultations).toBe(10);
    const byRegion = (await manager.get(`/api/reports/summary?from=${longAgo}&to=${longAgo}&groupBy=region`)).body;
    const regionSum = byRegion.groups.reduce((n: number, g: any) => n + g.outreach.activities, 0);
    expect(regionSum).toBe(after.totals.outreach.activities);
    expect(byRegion.groups.find((g: any) => g.key === '420300')?.outreach.activities).toBeGreaterThanOrEqual(1);
    const county = (await manager.get(`/api/reports/summary?from=${longAgo}&to=${longAgo}&regionCode=420302`)).body;
    expect(county.totals.outreach.activities).toBe(byRegion.groups.find((g: any) => g.key === '420302').outreach.activities);

    const mediator = await s.as('mediator');
    const bad = await mediator.post('/api/cases', { ...anOpenCaseRequest(), outreachActivityId: yunxi.body.id });
    expect({ status: bad.status, fields: bad.body.errors?.map((e: any) => e.field) }).toEqual({ status: 400, fields: ['outreachActivityId'] });
    const unknown = await mediator.post('/api/cases', { ...anOpenCaseRequest(), outreachActivityId: '00000000-0000-4000-8000-000000000000' });
    expect(unknown.body.errors?.map((e: any) => e.field)).toEqual(['outreachActivityId']);

    const todayBefore = (await summaryOn(today)).totals.outreach.casesFromOutreach;
    const c = await s.openAccepted({ outreachActivityId: own.body.id });
    expect((await summaryOn(today)).totals.outreach.casesFromOutreach).toBe(todayBefore + 1);
    const listed = (await listAll('mediator', `&from=${longAgo}&to=${longAgo}`)).items.find((a: any) => a.id === own.body.id);
    expect(listed.casesFromOutreach).toBe(1);
    const fromStation = await s.open({ channel: 'STATION', regionCode: '420322', outreachActivityId: station.body.id }, 'station-beijing');
    expect(fromStation.id).toBeDefined();
    expect(c.id).toBeDefined();
  });
});

import { demoUserId } from '@tiaojie/identity';
import { anOpenCaseRequest } from '@tiaojie/testing';
import { ApiClient, startApi, type RunningApi } from '../support/harness';

describe('GET /api/cases', () => {
  let api: RunningApi;
  let mediator: ApiClient;
  const tag = `列表${Date.now()}`;

  beforeAll(async () => {
    api = await startApi();
    mediator = await ApiClient.login(api.url, 'mediator');
    const worker = (name: string) => [{ name, idType: 'RESIDENT_ID' as const, idNumber: '420302199001011237', phone: '13812345678' }];
    const a = (await mediator.post('/api/cases', anOpenCaseRequest({ workers: worker(`${tag}甲`) }))).body;
    const b = (await mediator.post('/api/cases', anOpenCaseRequest({ workers: worker(`${tag}乙`), regionCode: '420322' }))).body;
    await mediator.event(b.id, 1, { type: 'ACCEPT' });
    await mediator.event(b.id, 2, { type: 'ASSIGN_MEDIATOR', mediatorId: demoUserId('mediator') });
    expect(a.id).toBeDefined();
  });
  afterAll(() => api.close());

  const list = async (query: string) => (await mediator.get(`/api/cases?q=${encodeURIComponent(tag)}&${query}`)).body;

  it('finds cases by party name, newest first, with paging fields', async () => {
    const r = await list('');
    expect(r).toMatchObject({ total: 2, page: 1, pageSize: 20 });
    expect(r.items.map((i: any) => i.workerNames[0])).toEqual([`${tag}乙`, `${tag}甲`]);
    expect(r.items[0]).toMatchObject({ state: 'mediation.active', stateLabel: '调解中', nextDeadline: { kind: 'ARBITRATION_RIGHT', overdue: false } });
  });

  it('filters by state prefix, region prefix and assignment', async () => {
    expect((await list('state=mediation')).items.map((i: any) => i.workerNames[0])).toEqual([`${tag}乙`]);
    expect((await list('state=intake')).items.map((i: any) => i.workerNames[0])).toEqual([`${tag}甲`]);
    expect((await list('regionCode=420322')).total).toBe(1);
    expect((await list('assignedTo=me')).total).toBe(1);
    expect((await list('collective=true')).total).toBe(0);
    expect((await list('pageSize=1&page=2')).items).toHaveLength(1);
  });

  it('treats LIKE wildcards in the search as plain text', async () => {
    expect((await mediator.get('/api/cases?q=%25')).body.items.every((i: any) => i.caseNo.includes('%') || i.workerNames.some((n: string) => n.includes('%')))).toBe(true);
  });
});

import { anOpenCaseRequest } from '@tiaojie/testing';
import { org, Scenario, user } from '../support/scenario';

describe('Conflict of interest at assignment; mass assignment through case bodies', () => {
  let s: Scenario;
  beforeAll(async () => {
    s = await Scenario.start();
  });
  afterAll(() => s.close());

  it('a mediator with a declared tie to the employer cannot be assigned, and the refusal says why', async () => {
    const employer = { name: `十堰关联公司${Date.now()}`, creditCode: '91370200163562681G' };
    const mediator = await s.as('mediator');
    const declared = await mediator.post('/api/me/conflicts', { kind: 'DECLARED_TIE', creditCode: employer.creditCode, note: '配偶任该公司财务' });
    expect(declared.status).toBe(201);
    expect((await mediator.get('/api/me/conflicts')).body).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'DECLARED_TIE', creditCode: employer.creditCode })]));

    const c = await s.open({ employer });
    await s.send(c.id, 'mediator', { type: 'ACCEPT' });
    const refused = await s.trySend(c.id, 'mediator', { type: 'ASSIGN_MEDIATOR', mediatorId: user('mediator') });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('CONFLICT_OF_INTEREST');
    expect(refused.body.detail).toContain('has a declared tie with the employer');
    expect(refused.body.detail).toContain('配偶任该公司财务');
    expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'mediatorId' })]);

    // An admin records that a colleague once represented a worker: not as co-mediator either.
    const admin = await s.as('admin');
    const worker = `代理人测试${Date.now() % 100000}`;
    expect((await admin.post(`/api/admin/users/${user('mediator-yunxi')}/conflicts`, { kind: 'PRIOR_REPRESENTATION', partyName: worker })).status).toBe(201);
    const other = await s.open({ workers: [{ name: worker, idType: 'RESIDENT_ID', idNumber: '420302199001011237', phone: '13812345678' }] });
    await s.send(other.id, 'mediator', { type: 'ACCEPT' });
    const co = await s.trySend(other.id, 'mediator', { type: 'ASSIGN_MEDIATOR', mediatorId: user('mediator'), coMediatorIds: [user('mediator-yunxi')] });
    expect(co.status).toBe(422);
    expect(co.body.errors).toEqual([expect.objectContaining({ field: 'coMediatorIds.0' })]);
    // Without the conflicted colleague the assignment goes through.
    expect((await s.send(other.id, 'mediator', { type: 'ASSIGN_MEDIATOR', mediatorId: user('mediator') })).state).toBe('mediation.active');
  });

  it('version, state and orgId in a request body have no effect: the body is refused naming them', async () => {
    const mediator = await s.as('mediator');
    const opened = await mediator.post('/api/cases', { ...anOpenCaseRequest(), version: 99, state: 'closed', orgId: org('union-yunxi') });
    expect(opened.status).toBe(400);
    expect(opened.body.errors.map((e: any) => e.field).sort()).toEqual(['orgId', 'state', 'version']);

    const c = await s.openAccepted();
    const sneaky = await mediator.event(c.id, c.version, { type: 'RECORD_SESSION', summary: 'x', version: 1, state: 'closed', orgId: org('union-yunxi') });
    expect(sneaky.status).toBe(400);
    const after = await s.view(c.id);
    expect(after).toMatchObject({ version: c.version, state: c.state, orgId: c.orgId });
  });
});

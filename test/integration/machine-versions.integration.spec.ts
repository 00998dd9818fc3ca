import { CommandBus } from '@nestjs/cqrs';
import { OpenCaseCommand, type Caller } from '@tiaojie/cases';
import { CASE_MACHINE_V1, CASE_MACHINE_VERSION, LegalCalendar, REGISTERED_MACHINE_VERSIONS } from '@tiaojie/domain';
import { demoOrgId, demoUserId } from '@tiaojie/identity';
import { anOpenCaseRequest } from '@tiaojie/testing';
import { ApiClient, startApi, type RunningApi } from '../support/harness';

/** DESIGN §3: a case finishes on the machine version it started on; old versions stay registered. */
describe('Machine versions side by side', () => {
  let api: RunningApi;
  let mediator: ApiClient;
  const caller: Caller = {
    id: demoUserId('mediator'),
    displayName: '王调解',
    agency: 'UNION',
    roles: ['UNION_MEDIATOR'],
    orgId: demoOrgId('union-maojian'),
    regionCode: '420302',
  };

  beforeAll(async () => {
    api = await startApi();
    mediator = await ApiClient.login(api.url, 'mediator');
  });
  afterAll(() => api.close());

  it('keeps both versions registered and opens new cases on the current one', async () => {
    expect(REGISTERED_MACHINE_VERSIONS).toEqual(expect.arrayContaining([CASE_MACHINE_V1, CASE_MACHINE_VERSION]));
    const opened = await mediator.post('/api/cases', anOpenCaseRequest());
    expect(opened.body.machineVersion).toBe(CASE_MACHINE_VERSION);
  });

  it('a case opened on version 1 runs to the end on version 1', async () => {
    const { body: v1 } = await api.app.get(CommandBus).execute(new OpenCaseCommand(caller, anOpenCaseRequest(), undefined, CASE_MACHINE_V1));
    expect(v1).toMatchObject({ machineVersion: 'case-v1', state: 'intake', tracks: {} });
    expect(v1.allowedEvents).toEqual(['ACCEPT', 'REJECT', 'WITHDRAW']);
    expect(v1.deadlines.map((d: any) => d.kind)).toEqual(['ARBITRATION_RIGHT']);

    let c = (await mediator.event(v1.id, 1, { type: 'ACCEPT' })).body;
    c = (await mediator.event(v1.id, c.version, { type: 'ASSIGN_MEDIATOR', mediatorId: demoUserId('mediator') })).body;
    const clock = new Date((await (await ApiClient.login(api.url, 'admin')).get('/api/admin/clock')).body.now).toISOString();
    c = (
      await mediator.event(v1.id, c.version, {
        type: 'REACH_AGREEMENT',
        items: [{ type: 'WAGE_ARREARS', agreedFen: 100 }],
        schedule: [{ dueDate: LegalCalendar.shanghaiDate(new Date(clock)), amountFen: 100 }],
        signedAt: clock,
      })
    ).body;
    // Version 1 calls this state `performance` and has no instalment deadlines or confirmation track.
    expect(c).toMatchObject({ machineVersion: 'case-v1', state: 'performance', tracks: {} });
    expect(c.deadlines.map((d: any) => d.kind)).not.toContain('INSTALMENT_DUE');
    const t = await mediator.event(v1.id, c.version, { type: 'REQUEST_JUDICIAL_CONFIRMATION', courtOrgId: demoOrgId('court-maojian') });
    expect(t.status).toBe(422);
    c = (await mediator.event(v1.id, c.version, { type: 'RECORD_PAYMENT', amountFen: 100, paidAt: clock, method: 'CASH' })).body;
    expect(c).toMatchObject({ machineVersion: 'case-v1', state: 'resolved' });
  });
});

import { anOpenCaseRequest } from '@tiaojie/testing';
import { deadlineOf, deadlinesOf, org, referralOf, residentId, Scenario, user, workers } from '../support/scenario';

/**
 * Where a case goes and who hears of it (DOMAIN §3.5–3.8): court-entrusted mediation returned to
 * the court, collective disputes alerting the region's bodies, migrant-worker stations handing a
 * case to the home county, and Fengqiao tiers escalating when their service level runs out.
 */
describe('Joint paths: routing between organisations', () => {
  let s: Scenario;

  beforeAll(async () => {
    s = await Scenario.start();
  });
  afterAll(() => s.close());

  it('court-entrusted mediation: lands at the region’s union centre, and when the 30 days run out goes back to the court with a handover packet', async () => {
    const opened = await s.open({ channel: 'COURT_ENTRUSTED', regionCode: '420302', courtCaseRef: '(2025)鄂0302民诉前调1号' }, 'court-clerk');
    expect(opened).toMatchObject({ channel: 'COURT_ENTRUSTED', state: 'intake', orgId: org('union-maojian'), regionCode: '420302', originOrgId: org('court-maojian') });
    const entrusted = deadlineOf(opened, 'ENTRUSTED_PERIOD');
    expect(entrusted).toMatchObject({ status: 'PENDING', length: 30, unit: 'CALENDAR_DAYS' });
    expect(entrusted.triggerAt).toBe(opened.receivedAt);

    // The union centre's mediator takes it on.
    await s.send(opened.id, 'mediator', { type: 'ACCEPT' });
    const active = await s.send(opened.id, 'mediator', { type: 'ASSIGN_MEDIATOR', mediatorId: user('mediator') });
    expect(active.state).toBe('mediation.active');
    expect(deadlineOf(active, 'ENTRUSTED_PERIOD')).toMatchObject({ id: entrusted.id, status: 'PENDING' });

    // The court owns the clock: 30 days from the entrustment, then the case goes back.
    await s.passDeadline(entrusted);

    const back = await s.view(opened.id);
    expect(back.state).toBe('returnedToCourt');
    expect(deadlineOf(back, 'ENTRUSTED_PERIOD')).toMatchObject({ id: entrusted.id, status: 'EXPIRED' });
    expect(back.deadlines.filter((d: any) => d.status === 'PENDING')).toEqual([]);
    expect(back.documents.map((d: any) => d.kind)).toContain('HANDOVER_PACKET');
    expect(referralOf(back, 'RETURN_TO_COURT')).toMatchObject({ status: 'PENDING', toOrg: { id: org('court-maojian') } });

    const inbox = await s.inboxItem('court-clerk', opened.id, 'RETURN_TO_COURT');
    expect(inbox).toMatchObject({ caseNo: opened.caseNo, toOrg: { id: org('court-maojian') } });
  });

  it('collective dispute: 10 workers with 3 representatives alert the union, HRSS and procuratorate covering the region; without representatives it is refused', async () => {
    const ten = workers(10);
    const c = await s.open({ workers: ten, representatives: [0, 1, 2], claims: [{ type: 'WAGE_ARREARS', claimedFen: 10 * 800_000 }] });
    expect(c.collective).toBe(true);
    expect(c.workers.filter((w: any) => w.isRepresentative)).toHaveLength(3);
    expect(await s.listed('mediator', 'collective=true&regionCode=420302', c.id)).toBe(true);

    const alerts = await s.sql<{ orgId: string; to: string }>(
      `SELECT payload->>'orgId' AS "orgId", payload->>'to' AS "to" FROM outbox
        WHERE topic = 'notification.requested' AND payload->>'caseId' = $1 AND payload->>'template' = 'COLLECTIVE_DISPUTE'`,
      [c.id],
    );
    const alerted = alerts.map((a) => a.orgId).sort();
    // Every union, HRSS and procuratorate body of 十堰市 (420300) or 茅箭区 (420302) — and nobody else.
    expect(alerted).toEqual(
      [
        org('union-city'),
        org('union-maojian'),
        org('hrss-arbitration-city'),
        org('hrss-city'),
        org('hrss-420302'),
        org('hrss-inspection-maojian'),
        org('procuratorate-city'),
        org('procuratorate-maojian'),
      ].sort(),
    );
    expect(alerted).not.toContain(org('union-yunxi'));
    expect(alerted).not.toContain(org('court-maojian'));

    const before = (await (await s.as('mediator')).get('/api/cases?pageSize=1')).body.total;
    const refused = await (await s.as('mediator')).post('/api/cases', anOpenCaseRequest({ workers: ten, claims: [{ type: 'WAGE_ARREARS', claimedFen: 10 * 800_000 }] }));
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'representatives' })]);
    expect((await (await s.as('mediator')).get('/api/cases?pageSize=1')).body.total).toBe(before);
  });

  it('station case: a Beijing station takes the application, hands it to the home county; the venue and the home region are both kept', async () => {
    const opened = await s.open(
      {
        channel: 'STATION',
        regionCode: '420322',
        workers: workers(1, { homeRegionCode: '420322', idNumber: residentId('420322', '19880506', 1) }),
      },
      'station-beijing',
    );
    expect(opened).toMatchObject({ channel: 'STATION', orgId: org('union-station-beijing'), regionCode: '420322', venueRegionCode: '110105', originOrgId: org('union-station-beijing') });

    const moved = await s.send(opened.id, 'station-beijing', { type: 'TRANSFER', toOrgId: org('union-yunxi'), reason: '移交劳动者户籍地郧西县调解中心' });
    expect(moved).toMatchObject({ orgId: org('union-yunxi'), tier: 'COUNTY', regionCode: '420322', venueRegionCode: '110105', originOrgId: org('union-station-beijing') });

    // The home county finds it among its region's cases and takes it on.
    expect(await s.listed('mediator-yunxi', 'regionCode=420322', opened.id)).toBe(true);
    expect(await s.listed('mediator-yunxi', 'regionCode=110105', opened.id)).toBe(false);
    expect((await s.view(opened.id, 'mediator-yunxi')).allowedEvents).toContain('ACCEPT');
    const accepted = await s.send(opened.id, 'mediator-yunxi', { type: 'ACCEPT' });
    expect(accepted).toMatchObject({ state: 'mediation.awaitingMediator', orgId: org('union-yunxi'), venueRegionCode: '110105' });
  });

  it('Fengqiao escalation: a village case whose 7-day service level runs out moves to the township centre; a manual escalation moves it to the county', async () => {
    const c = await s.open({}, 'mediator-village');
    expect(c).toMatchObject({ tier: 'VILLAGE', orgId: org('union-wuyan-village'), escalations: [] });
    const villageSla = deadlineOf(c, 'TIER_SLA');
    expect(villageSla).toMatchObject({ status: 'PENDING', length: 7 });
    await s.send(c.id, 'mediator-village', { type: 'ACCEPT' });

    await s.passDeadline(villageSla);

    const township = await s.view(c.id);
    expect(township).toMatchObject({ state: 'mediation.awaitingMediator', tier: 'TOWNSHIP', orgId: org('union-wuyan') });
    expect(township.escalations).toEqual([expect.objectContaining({ from: 'VILLAGE', to: 'TOWNSHIP' })]);
    const slas = deadlinesOf(township, 'TIER_SLA');
    expect(slas.find((d: any) => d.id === villageSla.id).status).toBe('EXPIRED');
    const townshipSla = slas.find((d: any) => d.id !== villageSla.id);
    expect(townshipSla).toMatchObject({ status: 'PENDING', length: 15 });
    expect(slas.filter((d: any) => d.status === 'PENDING')).toHaveLength(1);

    const county = await s.send(c.id, 'mediator', { type: 'ESCALATE', reason: '街道调解站无法化解，提请区调解中心' });
    expect(county).toMatchObject({ tier: 'COUNTY', orgId: org('union-maojian') });
    expect(county.escalations).toEqual([
      expect.objectContaining({ from: 'VILLAGE', to: 'TOWNSHIP' }),
      expect.objectContaining({ from: 'TOWNSHIP', to: 'COUNTY', reason: '街道调解站无法化解，提请区调解中心' }),
    ]);
    const countySlas = deadlinesOf(county, 'TIER_SLA');
    expect(countySlas.find((d: any) => d.id === townshipSla.id).status).toBe('CANCELLED');
    expect(countySlas.filter((d: any) => d.status === 'PENDING')).toEqual([expect.objectContaining({ length: 30 })]);
  });
});


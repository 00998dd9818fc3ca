import { addDays, deadlineOf, org, referralOf, Scenario } from '../support/scenario';

/**
 * Side tracks any open case may start (DOMAIN §3.5): support prosecution, legal aid and labor
 * inspection, each answered by the receiving body through its own login; and the limitation clock,
 * which only ever warns.
 */
describe('Joint paths: side tracks and the limitation warning', () => {
  let s: Scenario;

  beforeAll(async () => {
    s = await Scenario.start();
  });
  afterAll(() => s.close());

  it('side tracks: the procuratorate supports the lawsuit, legal aid (means test waived for a migrant worker’s wages) assigns a lawyer, labor inspection receives a referral', async () => {
    const c = await s.openAccepted(); // a migrant worker claiming wage arrears
    const procuratorate = org('procuratorate-maojian');

    // Support prosecution (Civil Procedure Law art. 15), within the procuratorate's 3-day service level.
    let v = await s.send(c.id, 'mediator', { type: 'REQUEST_SUPPORT_PROSECUTION', procuratorateOrgId: procuratorate });
    expect(v.tracks.supportProsecution).toBe('requested');
    const sla = deadlineOf(v, 'SUPPORT_PROSECUTION_SLA');
    expect(sla).toMatchObject({ status: 'PENDING', length: 3 });
    expect(await s.inboxItem('procurator', c.id, 'SUPPORT_PROSECUTION')).toMatchObject({ caseNo: c.caseNo, toOrg: { id: procuratorate }, dueAt: sla.dueAt });
    expect((await s.trySend(c.id, 'mediator', { type: 'SP_SUPPORT' })).status).toBe(403);
    v = await s.send(c.id, 'procurator', { type: 'SP_SUPPORT' });
    expect(v.tracks.supportProsecution).toBe('supported');
    expect(deadlineOf(v, 'SUPPORT_PROSECUTION_SLA').status).toBe('MET');
    expect(referralOf(v, 'SUPPORT_PROSECUTION').status).toBe('ACCEPTED');

    // Legal aid (Legal Aid Law art. 42): a migrant worker's wage claim skips the means test.
    const aidCentre = org('justice-legal-aid-city');
    v = await s.send(c.id, 'mediator', { type: 'REQUEST_LEGAL_AID', justiceOrgId: aidCentre });
    expect(v.tracks.legalAid).toBe('reviewing');
    expect(v.legalAid).toMatchObject({ orgId: aidCentre, meansTestWaived: true });
    const review = deadlineOf(v, 'LEGAL_AID_REVIEW');
    expect(review).toMatchObject({ status: 'PENDING', length: 7 });
    expect(await s.inboxItem('legal-aid', c.id, 'LEGAL_AID')).toMatchObject({ toOrg: { id: aidCentre }, dueAt: review.dueAt });
    expect((await s.trySend(c.id, 'procurator', { type: 'LA_GRANT', lawyerName: '王律师' })).status).toBe(403);
    v = await s.send(c.id, 'legal-aid', { type: 'LA_GRANT', lawyerName: '王律师' });
    expect(v.tracks.legalAid).toBe('granted');
    expect(v.legalAid).toMatchObject({ lawyerName: '王律师', meansTestWaived: true });
    expect(deadlineOf(v, 'LEGAL_AID_REVIEW').status).toBe('MET');
    expect(referralOf(v, 'LEGAL_AID').status).toBe('ACCEPTED');

    // Labor inspection (HRSS).
    const inspection = org('hrss-inspection-maojian');
    v = await s.send(c.id, 'mediator', { type: 'REFER_LABOR_INSPECTION', hrssOrgId: inspection });
    expect(v.tracks.laborInspection).toBe('referred');
    expect(referralOf(v, 'LABOR_INSPECTION')).toMatchObject({ status: 'PENDING', toOrg: { id: inspection } });
    // A labor-inspection referral must go to an HRSS body.
    const wrongBody = await s.trySend((await s.openAccepted()).id, 'mediator', { type: 'REFER_LABOR_INSPECTION', hrssOrgId: procuratorate });
    expect(wrongBody.status).toBe(400);
    expect(wrongBody.body.errors).toEqual([expect.objectContaining({ field: 'hrssOrgId' })]);

    // The main line never moved.
    expect(v.state).toBe('mediation.active');

    // A worker who is not a migrant worker, or not claiming wages, goes through the means test.
    const local = await s.openAccepted({
      workers: [{ name: '李四', idType: 'RESIDENT_ID', idNumber: '420302199001011237', phone: '13812345678', isMigrantWorker: false }],
    });
    const localAid = await s.send(local.id, 'mediator', { type: 'REQUEST_LEGAL_AID', justiceOrgId: aidCentre });
    expect(localAid.legalAid).toMatchObject({ meansTestWaived: false });
  });

  it('limitation: wage arrears run from the end of the employment (almost a year ago); the LIMITATION deadline only warns when it passes', async () => {
    const now = await s.clockNow();
    const knownAt = addDays(now, -360).toISOString();
    // Still employed: for wage arrears no limitation runs yet (LDMAL art. 27 para. 4).
    const employed = await s.openAccepted({ infringementKnownAt: knownAt });
    expect(employed.deadlines.map((d: any) => d.kind)).not.toContain('LIMITATION');
    const c = await s.openAccepted({ infringementKnownAt: knownAt, employmentEndedAt: knownAt });
    const limitation = deadlineOf(c, 'LIMITATION');
    expect(limitation).toMatchObject({ status: 'PENDING', basis: expect.stringContaining('27') });
    expect(new Date(limitation.triggerAt).getTime()).toBe(new Date(knownAt).getTime());
    // One year from the day the worker knew (365 or 366 days, by the calendar).
    expect([365, 366]).toContain(limitation.length);
    expect(new Date(limitation.dueAt).getTime()).toBeGreaterThan(now.getTime());

    await s.passDeadline(limitation);

    const after = await s.view(c.id);
    expect(after).toMatchObject({ state: 'mediation.active', closedAt: null, outcome: null, version: c.version + 1 });
    expect(deadlineOf(after, 'LIMITATION').status).toBe('EXPIRED');
    expect(after.allowedEvents).toEqual(expect.arrayContaining(['REACH_AGREEMENT', 'MEDIATION_FAILED']));
    const last = (await s.history(c.id)).at(-1);
    expect(last).toMatchObject({ type: 'DEADLINE_EXPIRED', payload: { kind: 'LIMITATION' }, stateTo: 'mediation.active' });
    const warned = await s.sql(
      `SELECT 1 FROM outbox WHERE topic = 'notification.requested' AND payload->>'caseId' = $1 AND payload->>'template' = 'LIMITATION_WARNING'`,
      [c.id],
    );
    expect(warned).toHaveLength(1);
  });
});

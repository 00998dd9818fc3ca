import { deadlineOf, deadlinesOf, org, referralOf, Scenario } from '../support/scenario';

/**
 * After the agreement (DOMAIN §3.4–3.5): judicial confirmation by the court the parties applied to,
 * and the payment order when the employer misses an instalment — each side acting through its own login.
 */
describe('Joint paths: judicial confirmation and payment orders', () => {
  let s: Scenario;
  const court = org('court-maojian');

  beforeAll(async () => {
    s = await Scenario.start();
  });
  afterAll(() => s.close());

  /** An agreed case whose parties applied to 茅箭区人民法院 for judicial confirmation. */
  async function confirmationRequested() {
    const c = await s.openAccepted();
    const agreed = await s.agree(c.id);
    expect(agreed).toMatchObject({ state: 'agreed', tracks: { confirmation: 'window', performance: 'paying' } });
    const requested = await s.send(c.id, 'mediator', { type: 'REQUEST_JUDICIAL_CONFIRMATION', courtOrgId: court });
    expect(requested.tracks.confirmation).toBe('requested');
    return requested;
  }

  it('judicial confirmation: the court clerk finds the application in its inbox, accepts and confirms it; the agreement becomes enforceable', async () => {
    const c = await confirmationRequested();
    expect(deadlineOf(c, 'CONFIRMATION_WINDOW').status).toBe('MET');
    const accept = deadlineOf(c, 'COURT_ACCEPT_CONFIRMATION');
    expect(accept).toMatchObject({ status: 'PENDING', length: 3, unit: 'CALENDAR_DAYS' });

    // The court's inbox shows the application with the 3-day acceptance deadline as its due time.
    const inbox = await s.inboxItem('court-clerk', c.id, 'JUDICIAL_CONFIRMATION');
    expect(inbox).toMatchObject({ caseNo: c.caseNo, status: 'PENDING', toOrg: { id: court }, fromOrg: { id: org('union-maojian') } });
    expect(inbox.dueAt).toBe(accept.dueAt);
    // Not in another court's inbox.
    expect(await s.inboxItem('court-clerk-yunxi', c.id, 'JUDICIAL_CONFIRMATION')).toBeUndefined();

    // A clerk of another court does not even see the case (404: existence does not leak), let alone act on it.
    const otherCourt = await s.trySend(c.id, 'court-clerk-yunxi', { type: 'JC_ACCEPT' });
    expect(otherCourt.status).toBe(404);
    expect((await (await s.as('court-clerk-yunxi')).get(`/api/cases/${c.id}`)).status).toBe(404);
    expect((await s.view(c.id, 'court-clerk')).allowedEvents).toEqual(expect.arrayContaining(['JC_ACCEPT', 'JC_REJECT']));

    const reviewing = await s.send(c.id, 'court-clerk', { type: 'JC_ACCEPT' });
    expect(reviewing.tracks.confirmation).toBe('reviewing');
    expect(deadlineOf(reviewing, 'COURT_ACCEPT_CONFIRMATION').status).toBe('MET');
    expect(deadlineOf(reviewing, 'COURT_RULE_CONFIRMATION')).toMatchObject({ status: 'PENDING', length: 15 });
    expect(referralOf(reviewing, 'JUDICIAL_CONFIRMATION').status).toBe('ACCEPTED');
    expect(await s.inboxItem('court-clerk', c.id, 'JUDICIAL_CONFIRMATION', 'PENDING')).toBeUndefined();

    // The mediator's role may not rule for the court.
    const byMediator = await s.trySend(c.id, 'mediator', { type: 'JC_CONFIRM', rulingNo: '(2025)鄂0302民特1号' });
    expect(byMediator.status).toBe(403);

    const confirmed = await s.send(c.id, 'court-clerk', { type: 'JC_CONFIRM', rulingNo: '(2025)鄂0302民特1号' });
    expect(confirmed.state).toBe('agreed');
    expect(confirmed.tracks.confirmation).toBe('confirmed');
    expect(confirmed.enforceableTitle).toMatchObject({ kind: 'JUDICIAL_CONFIRMATION', ref: '(2025)鄂0302民特1号' });
    expect(confirmed.judicialConfirmation).toMatchObject({ courtOrgId: court, rulingNo: '(2025)鄂0302民特1号' });
    expect(deadlineOf(confirmed, 'COURT_RULE_CONFIRMATION').status).toBe('MET');
    expect(referralOf(confirmed, 'JUDICIAL_CONFIRMATION').status).toBe('COMPLETED');

    // A confirmed agreement is enforced, not sued on.
    const mediatorView = await s.view(c.id);
    expect(mediatorView.allowedEvents).toContain('APPLY_ENFORCEMENT');
    expect(mediatorView.allowedEvents).not.toContain('FILE_LAWSUIT');
    expect((await s.trySend(c.id, 'mediator', { type: 'FILE_LAWSUIT', courtOrgId: court })).status).toBe(422);
  });

  it('judicial confirmation refused: the confirmation track ends refused and the worker may sue', async () => {
    const c = await confirmationRequested();
    await s.send(c.id, 'court-clerk', { type: 'JC_ACCEPT' });
    const refused = await s.send(c.id, 'court-clerk', { type: 'JC_REFUSE', reason: '协议内容违反法律强制性规定' });
    expect(refused.tracks.confirmation).toBe('refused');
    expect(refused.enforceableTitle).toBeNull();
    expect(refused.judicialConfirmation).toMatchObject({ reason: '协议内容违反法律强制性规定' });
    expect(deadlineOf(refused, 'COURT_RULE_CONFIRMATION').status).toBe('MET');
    expect(referralOf(refused, 'JUDICIAL_CONFIRMATION').status).toBe('COMPLETED');

    const mediatorView = await s.view(c.id);
    expect(mediatorView.allowedEvents).toContain('FILE_LAWSUIT');
    expect(mediatorView.allowedEvents).not.toContain('APPLY_ENFORCEMENT');
    const sued = await s.send(c.id, 'mediator', { type: 'FILE_LAWSUIT', courtOrgId: court });
    expect(sued.state).toBe('litigation');
    expect(referralOf(sued, 'LITIGATION')).toMatchObject({ status: 'PENDING', toOrg: { id: court } });
    expect(await s.inboxItem('court-clerk', c.id, 'LITIGATION')).toBeDefined();
  });

  it('instalment default: a missed instalment opens the payment order (wage claims only); the court issues it and enforcement follows', async () => {
    const wages = await s.openAccepted();
    // Only social insurance: a payment order is not available for it (LDMAL art. 16).
    const insurance = await s.openAccepted({ disputeTypes: ['SOCIAL_INSURANCE'], claims: [{ type: 'SOCIAL_INSURANCE', claimedFen: 600_000 }] });
    const schedule = [
      { inDays: 1, amountFen: 300_000 },
      { inDays: 90, amountFen: 300_000 },
    ];
    let c = await s.agree(wages.id, { instalments: schedule });
    await s.agree(insurance.id, { instalments: schedule, itemType: 'SOCIAL_INSURANCE' });
    expect(deadlinesOf(c, 'INSTALMENT_DUE').map((d: any) => [d.ref, d.status])).toEqual([['0', 'PENDING'], ['1', 'PENDING']]);

    // No default yet: no payment order.
    const early = await s.trySend(wages.id, 'mediator', { type: 'APPLY_PAYMENT_ORDER', courtOrgId: court });
    expect(early.status).toBe(422);
    expect(early.body.allowedEvents).not.toContain('APPLY_PAYMENT_ORDER');

    await s.passDeadline(deadlineOf(c, 'INSTALMENT_DUE', '0'));

    c = await s.view(wages.id);
    expect(c.state).toBe('agreed');
    expect(c.tracks.performance).toBe('defaulted');
    expect(deadlineOf(c, 'INSTALMENT_DUE', '0').status).toBe('EXPIRED');
    expect(deadlineOf(c, 'INSTALMENT_DUE', '1').status).toBe('PENDING');
    expect(c.allowedEvents).toContain('APPLY_PAYMENT_ORDER');

    const other = await s.view(insurance.id);
    expect(other.tracks.performance).toBe('defaulted');
    expect(other.allowedEvents).not.toContain('APPLY_PAYMENT_ORDER');
    expect((await s.trySend(insurance.id, 'mediator', { type: 'APPLY_PAYMENT_ORDER', courtOrgId: court })).status).toBe(422);

    c = await s.send(wages.id, 'mediator', { type: 'APPLY_PAYMENT_ORDER', courtOrgId: court });
    expect(referralOf(c, 'PAYMENT_ORDER')).toMatchObject({ status: 'PENDING', toOrg: { id: court } });
    // Nothing to enforce before the order is issued.
    expect((await s.trySend(wages.id, 'mediator', { type: 'APPLY_ENFORCEMENT', courtOrgId: court })).status).toBe(422);

    expect(await s.inboxItem('court-clerk', wages.id, 'PAYMENT_ORDER')).toMatchObject({ caseNo: c.caseNo, toOrg: { id: court } });
    expect((await s.trySend(wages.id, 'court-clerk-yunxi', { type: 'PAYMENT_ORDER_ISSUED', orderNo: '(2025)鄂0302民督7号' })).status).toBe(404);
    c = await s.send(wages.id, 'court-clerk', { type: 'PAYMENT_ORDER_ISSUED', orderNo: '(2025)鄂0302民督7号' });
    expect(c.enforceableTitle).toMatchObject({ kind: 'PAYMENT_ORDER', ref: '(2025)鄂0302民督7号' });
    expect(referralOf(c, 'PAYMENT_ORDER').status).toBe('COMPLETED');

    expect((await s.view(wages.id)).allowedEvents).toContain('APPLY_ENFORCEMENT');
    c = await s.send(wages.id, 'mediator', { type: 'APPLY_ENFORCEMENT', courtOrgId: court });
    expect(c.state).toBe('enforcement');
    expect(referralOf(c, 'ENFORCEMENT')).toMatchObject({ status: 'PENDING', toOrg: { id: court } });
    expect(await s.inboxItem('court-clerk', wages.id, 'ENFORCEMENT')).toBeDefined();
  });
});

import { HUBEI_MINIMUM_WAGES, LegalCalendar, MinimumWageTable } from '@tiaojie/domain';
import { deadlineOf, deadlinesOf, org, referralOf, Scenario, shanghaiDay } from '../support/scenario';

/**
 * Failed mediation → the HRSS arbitration commission (DOMAIN §3.5, LDMAL arts. 29, 43, 47–50), the
 * commission acting through its own clerk: acceptance, the 45-day award clock that pauses, restarts
 * and may be extended once, and the award whose finality the server decides.
 */
describe('Joint paths: arbitration', () => {
  let s: Scenario;
  const commission = org('hrss-arbitration-city');
  const calendar = new LegalCalendar();

  beforeAll(async () => {
    s = await Scenario.start();
  });
  afterAll(() => s.close());

  /** Mediation failed, the case referred to the city commission and accepted there: `arbitration.hearing.running`. */
  async function arbitrationAccepted() {
    const c = await s.openAccepted();
    const failed = await s.send(c.id, 'mediator', { type: 'MEDIATION_FAILED', reason: '用人单位拒绝调解' });
    expect(failed.state).toBe('failed');
    expect(failed.documents.map((d: any) => d.kind)).toContain('TERMINATION_NOTE');

    const referred = await s.send(c.id, 'mediator', { type: 'REFER_ARBITRATION', commissionOrgId: commission });
    expect(referred.state).toBe('arbitration.awaitingAcceptance');
    const acceptance = deadlineOf(referred, 'ARBITRATION_ACCEPTANCE');
    expect(acceptance).toMatchObject({ status: 'PENDING', length: 5 });

    const inbox = await s.inboxItem('arb-clerk', c.id, 'ARBITRATION');
    expect(inbox).toMatchObject({ caseNo: c.caseNo, status: 'PENDING', toOrg: { id: commission }, dueAt: acceptance.dueAt });
    // A mediator cannot accept for the commission.
    expect((await s.trySend(c.id, 'mediator', { type: 'ARB_ACCEPT' })).status).toBe(403);

    const accepted = await s.send(c.id, 'arb-clerk', { type: 'ARB_ACCEPT' });
    expect(accepted.state).toBe('arbitration.hearing.running');
    expect(deadlineOf(accepted, 'ARBITRATION_ACCEPTANCE').status).toBe('MET');
    expect(referralOf(accepted, 'ARBITRATION').status).toBe('ACCEPTED');
    return accepted;
  }

  /** 12 × the monthly minimum wage of 茅箭区 on the award date, from the same table the server uses. */
  const threshold = (servedAt: string) => 12 * new MinimumWageTable(HUBEI_MINIMUM_WAGES).monthlyOn('420302', shanghaiDay(servedAt)).monthlyFen;

  it('arbitration: failed mediation is referred, accepted, a final award is served and takes effect when nobody sues within 15 days', async () => {
    const c = await arbitrationAccepted();
    const award = deadlineOf(c, 'ARBITRATION_AWARD');
    expect(award).toMatchObject({ status: 'PENDING', length: 45, unit: 'CALENDAR_DAYS', basis: expect.stringContaining('43') });
    const due45 = calendar.addPeriod(new Date(award.triggerAt), 45, 'CALENDAR_DAYS');
    expect(new Date(award.dueAt).getTime()).toBe(due45.dueAt.getTime());
    expect(award.lastDay).toBe(due45.lastDay);

    // A second case, for the mixed award: one item above 12 months of the minimum wage makes it non-final.
    const mixedCase = await arbitrationAccepted();

    const servedAt = (await s.clockNow()).toISOString();
    const cap = threshold(servedAt);
    expect(cap).toBeGreaterThan(300_000);
    expect(cap).toBeLessThan(5_000_000);

    const served = await s.send(c.id, 'arb-clerk', { type: 'AWARD_SERVED', servedAt, items: [{ type: 'WAGE_ARREARS', awardedFen: 300_000 }] });
    expect(served.state).toBe('arbitration.awarded');
    expect(served.arbitration.award).toMatchObject({ final: true, awardedFen: 300_000, thresholdFen: cap, items: [{ type: 'WAGE_ARREARS', awardedFen: 300_000, final: true }] });
    expect(deadlineOf(served, 'ARBITRATION_AWARD').status).toBe('MET');
    const sue = deadlineOf(served, 'SUE_AFTER_AWARD');
    expect(sue).toMatchObject({ status: 'PENDING', length: 15 });

    const mixed = await s.send(mixedCase.id, 'arb-clerk', {
      type: 'AWARD_SERVED',
      servedAt,
      items: [
        { type: 'WAGE_ARREARS', awardedFen: 300_000 },
        { type: 'ECONOMIC_COMPENSATION', awardedFen: 5_000_000 },
      ],
    });
    expect(mixed.arbitration.award).toMatchObject({
      final: false,
      awardedFen: 5_300_000,
      thresholdFen: cap,
      items: [
        { type: 'WAGE_ARREARS', final: true },
        { type: 'ECONOMIC_COMPENSATION', final: false },
      ],
    });

    // Nobody sues within 15 days (16+ days on the clock): the award takes effect and can be enforced.
    const before = await s.clockNow();
    const now = await s.passDeadline(sue);
    expect(now.getTime() - before.getTime()).toBeGreaterThanOrEqual(15 * 86_400_000);

    const effective = await s.view(c.id);
    expect(effective.state).toBe('arbitration.effective');
    expect(deadlineOf(effective, 'SUE_AFTER_AWARD').status).toBe('EXPIRED');
    expect(effective.enforceableTitle).toMatchObject({ kind: 'ARBITRAL_AWARD' });
    expect(effective.allowedEvents).toContain('APPLY_ENFORCEMENT');
    expect((await s.view(mixedCase.id)).state).toBe('arbitration.effective');
  });

  it('AWARD_SERVED in the API.md shape (final, awardedFen, servedAt): a "final" the law contradicts is refused naming the field', async () => {
    const c = await arbitrationAccepted();
    const servedAt = (await s.clockNow()).toISOString();
    const wrong = await s.trySend(c.id, 'arb-clerk', { type: 'AWARD_SERVED', servedAt, awardedFen: 5_000_000, final: true });
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors).toEqual([expect.objectContaining({ field: 'final', message: expect.stringContaining('not final') })]);
    const right = await s.send(c.id, 'arb-clerk', { type: 'AWARD_SERVED', servedAt, awardedFen: 200_000, final: true });
    // One total is an award on the case's main claim (wage arrears here).
    expect(right.arbitration.award).toMatchObject({ final: true, awardedFen: 200_000, items: [{ type: 'WAGE_ARREARS', awardedFen: 200_000, final: true }] });
  });

  it('arbitration clock: suspension pauses the award period, resumption pushes it by the days suspended, amended claims restart it, one extension only', async () => {
    const c = await arbitrationAccepted();
    const original = deadlineOf(c, 'ARBITRATION_AWARD');

    expect((await s.trySend(c.id, 'mediator', { type: 'SUSPEND_ARBITRATION', reason: '等待工伤认定结论' })).status).toBe(403);
    const suspended = await s.send(c.id, 'arb-clerk', { type: 'SUSPEND_ARBITRATION', reason: '等待工伤认定结论' });
    expect(suspended.state).toBe('arbitration.hearing.suspended');
    expect(deadlineOf(suspended, 'ARBITRATION_AWARD')).toMatchObject({ id: original.id, status: 'PAUSED', dueAt: original.dueAt });

    const N = 10;
    await s.advanceDays(N);
    expect(deadlineOf(await s.view(c.id), 'ARBITRATION_AWARD')).toMatchObject({ status: 'PAUSED', dueAt: original.dueAt });

    const resumed = await s.send(c.id, 'arb-clerk', { type: 'RESUME_ARBITRATION' });
    expect(resumed.state).toBe('arbitration.hearing.running');
    const pushed = deadlineOf(resumed, 'ARBITRATION_AWARD');
    const expected = calendar.addPeriod(new Date(original.triggerAt), 45 + N, 'CALENDAR_DAYS');
    expect(pushed).toMatchObject({ id: original.id, status: 'PENDING', suspendedDays: N, length: 45, triggerAt: original.triggerAt, lastDay: expected.lastDay });
    expect(new Date(pushed.dueAt).getTime()).toBe(expected.dueAt.getTime());
    expect(new Date(pushed.dueAt).getTime()).toBeGreaterThanOrEqual(new Date(original.dueAt).getTime() + (N - 3) * 86_400_000);

    // Claims amended: the period starts again in full from the amendment (重新计算).
    const amended = await s.send(c.id, 'arb-clerk', { type: 'AMEND_CLAIMS', reason: '申请人增加加班费请求' });
    const rows = deadlinesOf(amended, 'ARBITRATION_AWARD');
    expect(rows).toHaveLength(2);
    expect(rows.find((d: any) => d.id === original.id).status).toBe('CANCELLED');
    const restarted = rows.find((d: any) => d.id !== original.id);
    expect(restarted).toMatchObject({ status: 'PENDING', length: 45, suspendedDays: 0, extensionDays: 0 });
    const amendedAt = (await s.history(c.id)).at(-1);
    expect(amendedAt.type).toBe('AMEND_CLAIMS');
    expect(new Date(restarted.triggerAt).getTime()).toBe(new Date(amendedAt.at).getTime());
    expect(new Date(restarted.dueAt).getTime()).toBe(calendar.addPeriod(new Date(amendedAt.at), 45, 'CALENDAR_DAYS').dueAt.getTime());
    expect(amended.arbitration).toMatchObject({ amendments: 1 });

    // The chair may extend once, by at most 15 days.
    const extended = await s.send(c.id, 'arb-clerk', { type: 'EXTEND_ARBITRATION', days: 15, reason: '案情复杂，经主任批准' });
    const longer = deadlineOf(extended, 'ARBITRATION_AWARD');
    expect(longer).toMatchObject({ id: restarted.id, status: 'PENDING', length: 60, extensionDays: 15 });
    expect(new Date(longer.dueAt).getTime()).toBe(calendar.addPeriod(new Date(amendedAt.at), 60, 'CALENDAR_DAYS').dueAt.getTime());
    expect(extended.arbitration).toMatchObject({ extensionDays: 15 });

    const again = await s.trySend(c.id, 'arb-clerk', { type: 'EXTEND_ARBITRATION', days: 5, reason: '再次延期' });
    expect(again.status).toBe(422);
    expect(again.body.allowedEvents).not.toContain('EXTEND_ARBITRATION');
    expect(deadlineOf(await s.view(c.id), 'ARBITRATION_AWARD')).toMatchObject({ id: restarted.id, length: 60, dueAt: longer.dueAt });
  });
});

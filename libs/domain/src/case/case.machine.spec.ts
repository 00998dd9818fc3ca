import { ForbiddenEventError, TransitionNotAllowedError } from '../errors/domain-error';
import { allowedEvents, decide, openCaseWorkflow, trackStates, type Decision, type StoredSnapshot } from './case-workflow';
import { CASE_EVENT_TYPES } from './case-event-catalog';
import { caseMachine } from './case.machine';
import type { CaseEvent, CaseInput } from './case.types';
import type { EventSender } from './case-event-catalog';

const RECEIVED = '2025-09-20T01:00:00.000Z';
const t = (minutes: number) => new Date(Date.parse(RECEIVED) + minutes * 60_000).toISOString();
const D = (days: number) => t(days * 1440);
const MEDIATOR: EventSender = { roles: ['UNION_MEDIATOR'], orgId: 'centre' };
const SYSTEM: EventSender = { roles: ['SYSTEM'] };
const COURT = 'court-1';
const COMMISSION = 'commission-1';
const clerk = (orgId: string, role: 'COURT_CLERK' | 'ARBITRATION_CLERK' | 'PROCURATOR' | 'LEGAL_AID_OFFICER'): EventSender => ({ roles: [role], orgId });

function open(input: Partial<CaseInput> = {}): Decision {
  return openCaseWorkflow({ caseId: 'c1', channel: 'WALK_IN', receivedAt: RECEIVED, claimedFen: 1_000_000, tier: 'COUNTY', claimTypes: ['WAGE_ARREARS'], ...input });
}
const senderFor = (e: CaseEvent): EventSender => {
  if (e.type === 'DEADLINE_EXPIRED') return SYSTEM;
  if (e.type.startsWith('JC_') || e.type.startsWith('PAYMENT_ORDER_')) return clerk(COURT, 'COURT_CLERK');
  if (['ARB_ACCEPT', 'ARB_NOT_ACCEPT', 'SUSPEND_ARBITRATION', 'RESUME_ARBITRATION', 'AMEND_CLAIMS', 'EXTEND_ARBITRATION', 'AWARD_SERVED'].includes(e.type)) {
    return clerk(COMMISSION, 'ARBITRATION_CLERK');
  }
  if (e.type.startsWith('SP_')) return clerk('proc-1', 'PROCURATOR');
  if (e.type.startsWith('LA_')) return clerk('aid-1', 'LEGAL_AID_OFFICER');
  return MEDIATOR;
};
const step = (s: StoredSnapshot, e: CaseEvent) => decide(s, e, senderFor(e));
const run = (s: StoredSnapshot, ...events: CaseEvent[]) => events.reduce((acc, e) => step(acc, e).snapshot, s);
const refusal = (s: StoredSnapshot, e: CaseEvent, who = senderFor(e)) => {
  try {
    decide(s, e, who);
  } catch (err) {
    return err as Error;
  }
  throw new Error(`${e.type} was accepted`);
};
const expired = (kind: string, at: string, ref?: string): CaseEvent => ({ type: 'DEADLINE_EXPIRED', at, deadlineId: 'd', kind: kind as never, ref });
const effectsOf = (d: Decision, type: string) => d.effects.filter((e) => e.type === type);

const accept: CaseEvent = { type: 'ACCEPT', at: t(10) };
const assign: CaseEvent = { type: 'ASSIGN_MEDIATOR', at: t(20), mediatorId: 'm1' };
const agreement: CaseEvent = {
  type: 'REACH_AGREEMENT',
  at: t(60),
  signedAt: t(55),
  items: [{ type: 'WAGE_ARREARS', agreedFen: 1_000_000 }],
  schedule: [
    { dueDate: '2025-10-20', amountFen: 600_000 },
    { dueDate: '2025-09-30', amountFen: 400_000 },
  ],
};
const pay = (amountFen: number, at: string): CaseEvent => ({ type: 'RECORD_PAYMENT', at, amountFen, paidAt: at, method: 'BANK_TRANSFER' });
const inMediation = (input?: Partial<CaseInput>) => run(open(input).snapshot, accept, assign);
const agreed = (input?: Partial<CaseInput>) => run(inMediation(input), agreement);
const failed = () => run(inMediation(), { type: 'MEDIATION_FAILED', at: t(90), reason: '拒不到场' });
const inArbitration = () => run(failed(), { type: 'REFER_ARBITRATION', at: D(1), commissionOrgId: COMMISSION }, { type: 'ARB_ACCEPT', at: D(2) });
const award = (items: { type: string; awardedFen: number; final: boolean }[], at = D(20)): CaseEvent => ({
  type: 'AWARD_SERVED',
  at,
  servedAt: at,
  items,
  final: items.every((i) => i.final),
  awardedFen: items.reduce((s, i) => s + i.awardedFen, 0),
  thresholdFen: 2_340_000,
});

describe('case machine v2', () => {
  it('is one machine whose side tracks are parallel regions', () => {
    const s = open().snapshot;
    expect(s.machineVersion).toBe('case-v2');
    expect(s.value).toEqual({
      main: 'intake',
      performance: 'idle',
      confirmation: 'idle',
      supportProsecution: 'idle',
      legalAid: 'idle',
      laborInspection: 'idle',
    });
    expect(Object.keys(caseMachine.root.states)).toEqual(['main', 'performance', 'confirmation', 'supportProsecution', 'legalAid', 'laborInspection']);
  });

  describe('opening', () => {
    it('starts ARBITRATION_RIGHT, ACCEPTANCE_SLA (3 working days) and the tier service level', () => {
      const d = open();
      expect(effectsOf(d, 'startDeadline')).toEqual([
        { type: 'startDeadline', kind: 'ARBITRATION_RIGHT', triggerAt: RECEIVED, length: 15 },
        { type: 'startDeadline', kind: 'ACCEPTANCE_SLA', triggerAt: RECEIVED, length: 3 },
        { type: 'startDeadline', kind: 'TIER_SLA', triggerAt: RECEIVED, length: 30 },
      ]);
    });

    it('a court-entrusted case runs the court\u2019s 30-day clock from the entrustment, and no tier clock', () => {
      const d = open({ channel: 'COURT_ENTRUSTED', entrustingCourtOrgId: COURT });
      expect(effectsOf(d, 'startDeadline')).toContainEqual({ type: 'startDeadline', kind: 'ENTRUSTED_PERIOD', triggerAt: RECEIVED, length: 30 });
      expect(effectsOf(d, 'startDeadline').map((e) => (e as { kind: string }).kind)).not.toContain('TIER_SLA');
    });

    it('a collective dispute alerts the union, HRSS and procuratorate at once', () => {
      expect(effectsOf(open({ collective: true }), 'alert')).toEqual([
        { type: 'alert', template: 'COLLECTIVE_DISPUTE', agencies: ['UNION', 'HRSS', 'PROCURATORATE'] },
      ]);
      expect(effectsOf(open(), 'alert')).toEqual([]);
    });

    it('the limitation year runs from when the worker knew, counting a leap day (LDMAL art. 27)', () => {
      const d = open({ limitationFrom: '2024-01-10T02:00:00.000Z' });
      expect(effectsOf(d, 'startDeadline')).toContainEqual({ type: 'startDeadline', kind: 'LIMITATION', triggerAt: '2024-01-10T02:00:00.000Z', length: 366 });
      const plain = open({ limitationFrom: '2025-03-01T02:00:00.000Z' });
      expect(effectsOf(plain, 'startDeadline')).toContainEqual(expect.objectContaining({ kind: 'LIMITATION', length: 365 }));
    });

    it('a station has no Fengqiao tier service level', () => {
      expect(effectsOf(open({ tier: undefined, channel: 'STATION' }), 'startDeadline').map((e) => (e as { kind: string }).kind)).not.toContain('TIER_SLA');
    });
  });

  describe('intake and mediation', () => {
    it('ACCEPT meets the acceptance service level and starts the mediation period', () => {
      const d = step(open().snapshot, accept);
      expect(d.state).toBe('mediation.awaitingMediator');
      expect(d.effects).toContainEqual({ type: 'completeDeadline', kind: 'ACCEPTANCE_SLA', status: 'MET' });
      expect(d.effects).toContainEqual({ type: 'startDeadline', kind: 'MEDIATION_PERIOD', triggerAt: t(10), length: 15 });
    });

    it('an entrusted case runs on the court\u2019s period: accepting it starts no 15-day period, extending it extends the court\u2019s', () => {
      const accepted = step(open({ channel: 'COURT_ENTRUSTED', entrustingCourtOrgId: COURT }).snapshot, accept);
      expect(effectsOf(accepted, 'startDeadline')).toEqual([]);
      const s = inMediation({ channel: 'COURT_ENTRUSTED', entrustingCourtOrgId: COURT });
      expect(step(s, { type: 'EXTEND_MEDIATION', at: t(30), days: 5, consentOfBoth: true }).effects).toContainEqual({
        type: 'extendDeadline',
        kind: 'ENTRUSTED_PERIOD',
        days: 5,
      });
    });

    it('ESCALATE and TIER_SLA expiry move the case up one tier with the reason, restarting the tier clock', () => {
      const village = open({ tier: 'VILLAGE' }).snapshot;
      const d = step(village, expired('TIER_SLA', D(8)));
      expect(d.snapshot.context.tier).toBe('TOWNSHIP');
      expect(d.snapshot.context.escalations).toEqual([{ from: 'VILLAGE', to: 'TOWNSHIP', at: D(8), reason: 'the tier service level ran out' }]);
      expect(d.effects).toEqual([
        { type: 'escalateTier', toTier: 'TOWNSHIP' },
        { type: 'completeDeadline', kind: 'TIER_SLA', status: 'CANCELLED' },
        { type: 'restartDeadline', kind: 'TIER_SLA', triggerAt: D(8), length: 15 },
        { type: 'notify', template: 'TIER_ESCALATED', to: 'MANAGER' },
      ]);
      const county = step(d.snapshot, { type: 'ESCALATE', at: D(9), reason: '案情复杂' });
      expect(county.snapshot.context.tier).toBe('COUNTY');
      const city = run(county.snapshot, { type: 'ESCALATE', at: D(10), reason: 'x' });
      expect(city.context.tier).toBe('CITY');
      expect(refusal(city, { type: 'ESCALATE', at: D(11), reason: 'x' })).toBeInstanceOf(TransitionNotAllowedError);
      // At the top tier there is no service level to restart.
      expect(effectsOf(step(county.snapshot, { type: 'ESCALATE', at: D(10), reason: 'x' }), 'restartDeadline')).toEqual([]);
    });

    it('TRANSFER hands an open case to another centre and records it; not once there is an agreement', () => {
      const d = step(open({ channel: 'STATION', tier: undefined }).snapshot, { type: 'TRANSFER', at: t(5), toOrgId: 'yunxi', reason: '回原籍调解', toTier: 'COUNTY' });
      // The receiving centre's tier and its service level start afresh.
      expect(d.effects).toEqual([
        { type: 'transferCase', toOrgId: 'yunxi' },
        { type: 'completeDeadline', kind: 'TIER_SLA', status: 'CANCELLED' },
        { type: 'startDeadline', kind: 'TIER_SLA', triggerAt: t(5), length: 30 },
      ]);
      expect(d.snapshot.context.tier).toBe('COUNTY');
      expect(d.snapshot.context.transfers).toEqual([{ toOrgId: 'yunxi', at: t(5), reason: '回原籍调解' }]);
      expect(d.state).toBe('intake');
      expect(refusal(agreed(), { type: 'TRANSFER', at: D(1), toOrgId: 'x', reason: 'x' })).toBeInstanceOf(TransitionNotAllowedError);
    });
  });

  describe('after the agreement: performance and confirmation side by side', () => {
    it('starts one INSTALMENT_DUE per instalment (in date order) and the 30-day confirmation window', () => {
      const d = step(inMediation(), agreement);
      expect(d.state).toBe('agreed');
      expect(trackStates(d.snapshot.value)).toMatchObject({ performance: 'paying', confirmation: 'window' });
      expect(effectsOf(d, 'startInstalmentDeadlines')).toEqual([
        { type: 'startInstalmentDeadlines', triggerAt: t(55), instalments: [{ ref: '0', dueDate: '2025-09-30' }, { ref: '1', dueDate: '2025-10-20' }] },
      ]);
      expect(d.effects).toContainEqual({ type: 'startDeadline', kind: 'CONFIRMATION_WINDOW', triggerAt: t(55), length: 30 });
      expect(d.effects).toContainEqual({ type: 'completeDeadline', kind: 'TIER_SLA', status: 'MET' });
    });

    it('payments meet the instalments they cover; the last one resolves the case', () => {
      const first = step(agreed(), pay(400_000, D(5)));
      expect(first.effects).toContainEqual({ type: 'completeDeadline', kind: 'INSTALMENT_DUE', status: 'MET', refs: ['0'] });
      expect(first.snapshot.context.paidFen).toBe(400_000);
      const partial = step(first.snapshot, pay(100_000, D(6)));
      expect(effectsOf(partial, 'completeDeadline')).toEqual([]);
      const last = step(partial.snapshot, pay(500_000, D(7)));
      expect(last.state).toBe('resolved');
      expect(trackStates(last.snapshot.value).performance).toBe('paid');
      expect(last.snapshot.context.paidFen).toBe(1_000_000);
      expect(last.effects).toContainEqual({ type: 'completeDeadline', kind: 'INSTALMENT_DUE', status: 'MET', refs: ['1'] });
      expect(refusal(last.snapshot, pay(1, D(8))).message).toMatch(/RECORD_PAYMENT/);
    });

    it('refuses an overpayment', () => {
      expect((refusal(agreed(), pay(1_000_001, D(1))) as TransitionNotAllowedError).reason).toContain('exceeds');
    });

    it('a missed instalment is a default; a timer for an instalment already paid changes nothing', () => {
      const missed = step(agreed(), expired('INSTALMENT_DUE', D(11), '0'));
      expect(trackStates(missed.snapshot.value).performance).toBe('defaulted');
      expect(missed.snapshot.context.defaultedInstalments).toEqual([0]);
      expect(missed.effects).toEqual([{ type: 'notify', template: 'INSTALMENT_MISSED', to: 'BOTH_PARTIES' }]);
      const paidFirst = run(agreed(), pay(400_000, D(5)));
      expect(refusal(paidFirst, expired('INSTALMENT_DUE', D(11), '0'))).toBeInstanceOf(TransitionNotAllowedError);
      // Paying in full after a default still resolves the case.
      expect(step(missed.snapshot, pay(1_000_000, D(12))).state).toBe('resolved');
    });

    it('judicial confirmation: request → accept → confirm makes an enforceable title (法释〔2011〕5号)', () => {
      const requested = step(agreed(), { type: 'REQUEST_JUDICIAL_CONFIRMATION', at: D(2), courtOrgId: COURT });
      expect(requested.effects).toEqual([
        { type: 'completeDeadline', kind: 'CONFIRMATION_WINDOW', status: 'MET' },
        { type: 'startDeadline', kind: 'COURT_ACCEPT_CONFIRMATION', triggerAt: D(2), length: 3 },
        { type: 'openReferral', kind: 'JUDICIAL_CONFIRMATION', toOrgId: COURT, dueKind: 'COURT_ACCEPT_CONFIRMATION' },
      ]);
      const accepted = step(requested.snapshot, { type: 'JC_ACCEPT', at: D(3) });
      expect(accepted.effects).toContainEqual({ type: 'startDeadline', kind: 'COURT_RULE_CONFIRMATION', triggerAt: D(3), length: 15 });
      const extended = step(accepted.snapshot, { type: 'JC_EXTEND', at: D(10), reason: '案情复杂' });
      expect(extended.effects).toEqual([{ type: 'extendDeadline', kind: 'COURT_RULE_CONFIRMATION', days: 10 }]);
      expect(refusal(extended.snapshot, { type: 'JC_EXTEND', at: D(11), reason: 'again' })).toBeInstanceOf(TransitionNotAllowedError);
      const confirmed = step(extended.snapshot, { type: 'JC_CONFIRM', at: D(12), rulingNo: '(2025)鄂0302民特1号' });
      expect(trackStates(confirmed.snapshot.value).confirmation).toBe('confirmed');
      expect(confirmed.snapshot.context.enforceableTitle).toEqual({ kind: 'JUDICIAL_CONFIRMATION', ref: '(2025)鄂0302民特1号', at: D(12) });
      expect(confirmed.state).toBe('agreed');
      expect(step(confirmed.snapshot, { type: 'APPLY_ENFORCEMENT', at: D(13), courtOrgId: COURT }).state).toBe('enforcement');
    });

    it('only the court the application went to may answer it', () => {
      const requested = run(agreed(), { type: 'REQUEST_JUDICIAL_CONFIRMATION', at: D(2), courtOrgId: COURT });
      expect(refusal(requested, { type: 'JC_ACCEPT', at: D(3) }, clerk('another-court', 'COURT_CLERK'))).toBeInstanceOf(ForbiddenEventError);
      expect(refusal(requested, { type: 'JC_ACCEPT', at: D(3) }, MEDIATOR)).toBeInstanceOf(ForbiddenEventError);
      expect(allowedEvents(requested, clerk(COURT, 'COURT_CLERK'), D(3))).toEqual(['JC_ACCEPT', 'JC_REJECT']);
      expect(allowedEvents(requested, clerk('another-court', 'COURT_CLERK'), D(3))).toEqual([]);
    });

    it('refusal, rejection and a lapsed window each end the confirmation track', () => {
      const requested = run(agreed(), { type: 'REQUEST_JUDICIAL_CONFIRMATION', at: D(2), courtOrgId: COURT });
      expect(trackStates(run(requested, { type: 'JC_REJECT', at: D(3), reason: '不属于受理范围' }).value).confirmation).toBe('rejected');
      const refused = run(requested, { type: 'JC_ACCEPT', at: D(3) }, { type: 'JC_REFUSE', at: D(5), reason: '违反法律规定' });
      expect(trackStates(refused.value).confirmation).toBe('refused');
      expect(step(refused, { type: 'FILE_LAWSUIT', at: D(6), courtOrgId: COURT }).state).toBe('litigation');
      const lapsed = step(agreed(), expired('CONFIRMATION_WINDOW', D(31)));
      expect(trackStates(lapsed.snapshot.value).confirmation).toBe('lapsed');
      expect(lapsed.state).toBe('agreed'); // the agreement stays a binding contract
    });

    it('court deadlines passing alert the manager and change nothing else', () => {
      const requested = run(agreed(), { type: 'REQUEST_JUDICIAL_CONFIRMATION', at: D(2), courtOrgId: COURT });
      const late = step(requested, expired('COURT_ACCEPT_CONFIRMATION', D(6)));
      expect(late.effects).toEqual([{ type: 'notify', template: 'DEADLINE_OVERDUE', to: 'MANAGER' }]);
      expect(trackStates(late.snapshot.value).confirmation).toBe('requested');
    });
  });

  describe('remedies', () => {
    const defaulted = (claimTypes = ['WAGE_ARREARS']) => run(agreed({ claimTypes }), expired('INSTALMENT_DUE', D(11), '0'));

    it('a payment order only after a default, and only for the claims LDMAL art. 16 allows', () => {
      expect(refusal(agreed(), { type: 'APPLY_PAYMENT_ORDER', at: D(2), courtOrgId: COURT })).toBeInstanceOf(TransitionNotAllowedError);
      expect(refusal(defaulted(['SOCIAL_INSURANCE']), { type: 'APPLY_PAYMENT_ORDER', at: D(12), courtOrgId: COURT })).toBeInstanceOf(TransitionNotAllowedError);
      const applied = step(defaulted(), { type: 'APPLY_PAYMENT_ORDER', at: D(12), courtOrgId: COURT });
      expect(applied.effects).toEqual([{ type: 'openReferral', kind: 'PAYMENT_ORDER', toOrgId: COURT }]);
      expect(refusal(applied.snapshot, { type: 'APPLY_PAYMENT_ORDER', at: D(13), courtOrgId: COURT })).toBeInstanceOf(TransitionNotAllowedError);
      const issued = step(applied.snapshot, { type: 'PAYMENT_ORDER_ISSUED', at: D(20), orderNo: '(2025)鄂0302民督1号' });
      expect(issued.snapshot.context.enforceableTitle).toMatchObject({ kind: 'PAYMENT_ORDER' });
      const objected = step(applied.snapshot, { type: 'PAYMENT_ORDER_OBJECTED', at: D(20), reason: '书面异议' });
      expect(objected.state).toBe('mayLitigate');
    });

    it('enforcement only on an enforceable title', () => {
      expect(refusal(defaulted(), { type: 'APPLY_ENFORCEMENT', at: D(12), courtOrgId: COURT })).toBeInstanceOf(TransitionNotAllowedError);
    });

    it('a default also opens arbitration and the courts', () => {
      expect(step(defaulted(), { type: 'REFER_ARBITRATION', at: D(12), commissionOrgId: COMMISSION }).state).toBe('arbitration.awaitingAcceptance');
      expect(step(defaulted(), { type: 'FILE_LAWSUIT', at: D(12), courtOrgId: COURT }).state).toBe('litigation');
    });

    it('failed mediation → arbitration: 5 days to accept (LDMAL art. 29), then 45 to award (art. 43)', () => {
      const referred = step(failed(), { type: 'REFER_ARBITRATION', at: D(1), commissionOrgId: COMMISSION });
      expect(referred.state).toBe('arbitration.awaitingAcceptance');
      expect(referred.effects).toEqual([
        { type: 'openReferral', kind: 'ARBITRATION', toOrgId: COMMISSION, dueKind: 'ARBITRATION_ACCEPTANCE' },
        { type: 'startDeadline', kind: 'ARBITRATION_ACCEPTANCE', triggerAt: D(1), length: 5 },
      ]);
      const accepted = step(referred.snapshot, { type: 'ARB_ACCEPT', at: D(2) });
      expect(accepted.state).toBe('arbitration.hearing.running');
      expect(accepted.effects).toContainEqual({ type: 'startDeadline', kind: 'ARBITRATION_AWARD', triggerAt: D(2), length: 45 });
    });

    it('refusal or silence of the commission lets the worker sue', () => {
      const referred = run(failed(), { type: 'REFER_ARBITRATION', at: D(1), commissionOrgId: COMMISSION });
      expect(step(referred, { type: 'ARB_NOT_ACCEPT', at: D(2), reason: '不属于受案范围' }).state).toBe('mayLitigate');
      expect(step(referred, expired('ARBITRATION_ACCEPTANCE', D(7))).state).toBe('mayLitigate');
      expect(step(run(inArbitration()), expired('ARBITRATION_AWARD', D(48))).state).toBe('mayLitigate');
    });

    it('suspension pauses the award clock, resumption runs it on, amended claims restart it, one extension ≤ 15 days', () => {
      const suspended = step(inArbitration(), { type: 'SUSPEND_ARBITRATION', at: D(5), reason: '等待鉴定' });
      expect(suspended.state).toBe('arbitration.hearing.suspended');
      expect(suspended.effects).toEqual([{ type: 'pauseDeadline', kind: 'ARBITRATION_AWARD' }]);
      const resumed = step(suspended.snapshot, { type: 'RESUME_ARBITRATION', at: D(15) });
      expect(resumed.effects).toEqual([{ type: 'resumeDeadline', kind: 'ARBITRATION_AWARD' }]);
      const amended = step(resumed.snapshot, { type: 'AMEND_CLAIMS', at: D(16), reason: '增加仲裁请求' });
      expect(amended.effects).toEqual([{ type: 'restartDeadline', kind: 'ARBITRATION_AWARD', triggerAt: D(16) }]);
      const extended = step(amended.snapshot, { type: 'EXTEND_ARBITRATION', at: D(40), days: 15, reason: '主任批准' });
      expect(extended.effects).toEqual([{ type: 'extendDeadline', kind: 'ARBITRATION_AWARD', days: 15 }]);
      expect(refusal(extended.snapshot, { type: 'EXTEND_ARBITRATION', at: D(41), days: 1, reason: 'x' })).toBeInstanceOf(TransitionNotAllowedError);
      expect(refusal(suspended.snapshot, { type: 'EXTEND_ARBITRATION', at: D(6), days: 5, reason: 'x' })).toBeInstanceOf(TransitionNotAllowedError);
    });

    it('an award starts the 15 days to sue; unchallenged, it takes effect and can be enforced (arts. 48–50)', () => {
      const served = step(inArbitration(), award([{ type: 'WAGE_ARREARS', awardedFen: 800_000, final: true }]));
      expect(served.state).toBe('arbitration.awarded');
      expect(served.snapshot.context.arbitration?.award).toMatchObject({ final: true, awardedFen: 800_000, thresholdFen: 2_340_000 });
      expect(served.effects).toContainEqual({ type: 'startDeadline', kind: 'SUE_AFTER_AWARD', triggerAt: D(20), length: 15 });
      const effective = step(served.snapshot, expired('SUE_AFTER_AWARD', D(36)));
      expect(effective.state).toBe('arbitration.effective');
      expect(effective.snapshot.context.enforceableTitle).toMatchObject({ kind: 'ARBITRAL_AWARD' });
      expect(step(effective.snapshot, { type: 'APPLY_ENFORCEMENT', at: D(37), courtOrgId: COURT }).state).toBe('enforcement');
      const sued = step(served.snapshot, { type: 'SUE_AFTER_AWARD', at: D(25), courtOrgId: COURT });
      expect(sued.state).toBe('litigation');
      expect(sued.snapshot.context.litigation).toMatchObject({ after: 'AWARD' });
    });

    it('a returned entrusted case goes back to its court with a handover packet', () => {
      const entrusted = inMediation({ channel: 'COURT_ENTRUSTED', entrustingCourtOrgId: COURT });
      const expiredPeriod = step(entrusted, expired('ENTRUSTED_PERIOD', D(31)));
      expect(expiredPeriod.state).toBe('returnedToCourt');
      expect(expiredPeriod.effects).toEqual([
        { type: 'cancelAllDeadlines' },
        { type: 'issueDocument', kind: 'HANDOVER_PACKET' },
        { type: 'openReferral', kind: 'RETURN_TO_COURT', toOrgId: COURT },
        { type: 'notify', template: 'CASE_RETURNED_TO_COURT', to: 'BOTH_PARTIES' },
      ]);
      const failedEntrusted = run(entrusted, { type: 'MEDIATION_FAILED', at: D(3), reason: 'x' });
      expect(step(failedEntrusted, { type: 'RETURN_TO_COURT', at: D(4), reason: '调解不成' }).state).toBe('returnedToCourt');
      expect(refusal(failed(), { type: 'RETURN_TO_COURT', at: D(4), reason: 'x' })).toBeInstanceOf(TransitionNotAllowedError);
    });
  });

  describe('side tracks', () => {
    it('support prosecution: the procuratorate it was sent to supports or declines within its service level', () => {
      const req = step(inMediation(), { type: 'REQUEST_SUPPORT_PROSECUTION', at: D(1), procuratorateOrgId: 'proc-1' });
      expect(req.effects).toEqual([
        { type: 'startDeadline', kind: 'SUPPORT_PROSECUTION_SLA', triggerAt: D(1), length: 3 },
        { type: 'openReferral', kind: 'SUPPORT_PROSECUTION', toOrgId: 'proc-1', dueKind: 'SUPPORT_PROSECUTION_SLA' },
      ]);
      expect(req.state).toBe('mediation.active');
      expect(trackStates(run(req.snapshot, { type: 'SP_SUPPORT', at: D(2) }).value).supportProsecution).toBe('supported');
      expect(trackStates(run(req.snapshot, { type: 'SP_DECLINE', at: D(2), reason: '不符合条件' }).value).supportProsecution).toBe('declined');
      expect(refusal(req.snapshot, { type: 'SP_SUPPORT', at: D(2) }, clerk('other', 'PROCURATOR'))).toBeInstanceOf(ForbiddenEventError);
    });

    it('legal aid: migrant workers claiming wages skip the means test (Legal Aid Law art. 42)', () => {
      const migrant = step(inMediation({ migrantWageClaim: true }), { type: 'REQUEST_LEGAL_AID', at: D(1), justiceOrgId: 'aid-1' });
      expect(migrant.snapshot.context.legalAid).toMatchObject({ meansTestWaived: true });
      expect(migrant.effects).toContainEqual({ type: 'startDeadline', kind: 'LEGAL_AID_REVIEW', triggerAt: D(1), length: 7 });
      const other = run(inMediation(), { type: 'REQUEST_LEGAL_AID', at: D(1), justiceOrgId: 'aid-1' });
      expect(other.context.legalAid).toMatchObject({ meansTestWaived: false });
      const granted = run(migrant.snapshot, { type: 'LA_GRANT', at: D(3), lawyerName: '周律师' });
      expect(trackStates(granted.value).legalAid).toBe('granted');
      expect(granted.context.legalAid).toMatchObject({ lawyerName: '周律师' });
    });

    it('labor inspection referral opens a referral to the HRSS bureau', () => {
      const d = step(inMediation(), { type: 'REFER_LABOR_INSPECTION', at: D(1), hrssOrgId: 'hrss-1' });
      expect(d.effects).toEqual([{ type: 'openReferral', kind: 'LABOR_INSPECTION', toOrgId: 'hrss-1' }]);
      expect(trackStates(d.snapshot.value).laborInspection).toBe('referred');
    });

    it('the limitation warning never closes a case', () => {
      const d = step(inMediation(), expired('LIMITATION', D(2)));
      expect(d.state).toBe('mediation.active');
      expect(d.effects).toEqual([{ type: 'notify', template: 'LIMITATION_WARNING', to: 'MEDIATOR' }]);
      expect(d.snapshot.context.limitationWarnedAt).toBe(D(2));
    });

    it('a closed case starts no side track and accepts nothing', () => {
      const closed = run(failed(), { type: 'CLOSE', at: D(1) });
      expect(allowedEvents(closed, { roles: ['UNION_MEDIATOR', 'UNION_MANAGER', 'COURT_CLERK', 'SYSTEM'], orgId: COURT }, D(2))).toEqual([]);
      for (const e of [
        { type: 'REQUEST_SUPPORT_PROSECUTION', at: D(2), procuratorateOrgId: 'p' },
        { type: 'REQUEST_LEGAL_AID', at: D(2), justiceOrgId: 'j' },
        { type: 'REFER_LABOR_INSPECTION', at: D(2), hrssOrgId: 'h' },
        expired('ARBITRATION_RIGHT', D(2)),
      ] as CaseEvent[]) {
        expect(refusal(closed, e)).toBeInstanceOf(TransitionNotAllowedError);
      }
    });
  });

  it('every event in the catalog is handled somewhere in the machine', () => {
    const handled = new Set(caseMachine.events);
    for (const type of CASE_EVENT_TYPES) expect(handled).toContain(type);
  });
});

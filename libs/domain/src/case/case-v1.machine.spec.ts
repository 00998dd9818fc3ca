import { ForbiddenEventError, TransitionNotAllowedError, ValidationError } from '../errors/domain-error';
import { CASE_EVENT_CATALOG, CASE_EVENT_TYPES } from './case-event-catalog';
import { allowedEvents, decide, openCaseWorkflow, parseCaseEvent, type StoredSnapshot } from './case-workflow';
import { CASE_MACHINE_V1, caseMachineV1 } from './case-v1.machine';
import type { CaseEvent } from './case.types';

const MEDIATOR = ['UNION_MEDIATOR'] as const;
const SYSTEM = ['SYSTEM'] as const;
const RECEIVED = '2025-09-20T01:00:00.000Z';
const t = (minutes: number) => new Date(Date.parse(RECEIVED) + minutes * 60_000).toISOString();
const MEDIATOR_ID = '11111111-1111-4111-8111-111111111111';

function opened(): StoredSnapshot {
  return openCaseWorkflow({ caseId: 'c1', channel: 'WALK_IN', receivedAt: RECEIVED, claimedFen: 1_000_000 }, CASE_MACHINE_V1).snapshot;
}

/** Applies events in order as a mediator (or the system for DEADLINE_EXPIRED). */
function run(snapshot: StoredSnapshot, ...events: CaseEvent[]): StoredSnapshot {
  return events.reduce((s, e) => decide(s, e, e.type === 'DEADLINE_EXPIRED' ? SYSTEM : MEDIATOR).snapshot, snapshot);
}

const accept: CaseEvent = { type: 'ACCEPT', at: t(10) };
const assign: CaseEvent = { type: 'ASSIGN_MEDIATOR', at: t(20), mediatorId: MEDIATOR_ID };
const agreement = (total = 1_000_000): CaseEvent => ({
  type: 'REACH_AGREEMENT',
  at: t(60),
  signedAt: t(55),
  items: [{ type: 'WAGE_ARREARS', agreedFen: total }],
  schedule: [
    { dueDate: '2025-10-20', amountFen: total - 400_000 },
    { dueDate: '2025-09-30', amountFen: 400_000 },
  ],
});
const pay = (amountFen: number, minutes = 120): CaseEvent => ({ type: 'RECORD_PAYMENT', at: t(minutes), amountFen, paidAt: t(minutes - 5), method: 'BANK_TRANSFER' });
const inMediation = () => run(opened(), accept, assign);
const inPerformance = () => run(inMediation(), agreement());

const refusal = (s: StoredSnapshot, e: CaseEvent, roles: readonly string[] = MEDIATOR): TransitionNotAllowedError => {
  try {
    decide(s, e, roles as never);
  } catch (err) {
    if (err instanceof TransitionNotAllowedError) return err;
    throw err;
  }
  throw new Error(`${e.type} was accepted`);
};

/** Version 1 stays registered: cases opened on it finish on it (DESIGN §3). */
describe('case machine v1', () => {
  describe('opening', () => {
    it('starts in intake and starts ARBITRATION_RIGHT from receipt (LDMAL art. 14)', () => {
      const d = openCaseWorkflow({ caseId: 'c1', channel: 'HOTLINE', receivedAt: RECEIVED, claimedFen: 5 }, CASE_MACHINE_V1);
      expect(d.state).toBe('intake');
      expect(d.effects).toEqual([{ type: 'startDeadline', kind: 'ARBITRATION_RIGHT', triggerAt: RECEIVED, length: 15 }]);
      expect(d.snapshot.context).toMatchObject({ caseId: 'c1', claimedFen: 5, paidFen: 0, sessions: [], mediationExtensionDays: 0 });
    });
  });

  describe('intake', () => {
    it('ACCEPT starts MEDIATION_PERIOD from the acceptance, issues the acceptance notice and tells the worker', () => {
      const d = decide(opened(), accept, MEDIATOR);
      expect(d.state).toBe('mediation.awaitingMediator');
      expect(d.snapshot.context.acceptedAt).toBe(t(10));
      expect(d.effects).toEqual([
        { type: 'startDeadline', kind: 'MEDIATION_PERIOD', triggerAt: t(10), length: 15 },
        { type: 'issueDocument', kind: 'ACCEPTANCE_NOTICE' },
        { type: 'notify', template: 'CASE_ACCEPTED', to: 'WORKERS' },
      ]);
    });

    it('REJECT closes the case with the reason and where to go, cancelling every deadline', () => {
      const d = decide(opened(), { type: 'REJECT', at: t(5), reason: '劳务纠纷', redirectTo: '人民调解委员会' }, MEDIATOR);
      expect(d.state).toBe('closed');
      expect(d.snapshot.status).toBe('done');
      expect(d.snapshot.context).toMatchObject({ outcome: 'REJECTED', closingReason: '劳务纠纷', redirectTo: '人民调解委员会', closedAt: t(5) });
      expect(d.effects).toContainEqual({ type: 'cancelAllDeadlines' });
    });

    it.each([
      ['intake', opened],
      ['mediation', inMediation],
    ])('WITHDRAW from %s closes the case as withdrawn', (_, from) => {
      const d = decide(from(), { type: 'WITHDRAW', at: t(30), reason: '已和解' }, MEDIATOR);
      expect(d.state).toBe('closed');
      expect(d.snapshot.context.outcome).toBe('WITHDRAWN');
      expect(d.effects).toEqual([{ type: 'cancelAllDeadlines' }]);
    });

    it('accepts nothing else', () => {
      expect(allowedEvents(opened(), MEDIATOR, t(1))).toEqual(['ACCEPT', 'REJECT', 'WITHDRAW']);
      expect(refusal(opened(), assign).allowedEvents).toEqual(['ACCEPT', 'REJECT', 'WITHDRAW']);
    });
  });

  describe('mediation', () => {
    it('ASSIGN_MEDIATOR makes mediation active; a later one reassigns', () => {
      const s = inMediation();
      const d = decide(s, { type: 'ASSIGN_MEDIATOR', at: t(30), mediatorId: '22222222-2222-4222-8222-222222222222', coMediatorIds: [MEDIATOR_ID] }, MEDIATOR);
      expect(d.state).toBe('mediation.active');
      expect(d.snapshot.context).toMatchObject({ mediatorId: '22222222-2222-4222-8222-222222222222', coMediatorIds: [MEDIATOR_ID] });
    });

    it('SCHEDULE_SESSION needs a place or online, not before acceptance; RECORD_SESSION needs a session to record', () => {
      const s = inMediation();
      expect(refusal(s, { type: 'RECORD_SESSION', at: t(30), summary: 'x' }).reason).toContain('no scheduled session');
      expect(refusal(s, { type: 'SCHEDULE_SESSION', at: t(30), sessionAt: t(600) }).reason).toContain('place');
      expect(refusal(s, { type: 'SCHEDULE_SESSION', at: t(30), sessionAt: t(1), online: true }).reason).toContain('before the case was accepted');
      const scheduled = decide(s, { type: 'SCHEDULE_SESSION', at: t(30), sessionAt: t(600), place: '调解室一' }, MEDIATOR);
      expect(scheduled.effects).toEqual([{ type: 'notify', template: 'SESSION_SCHEDULED', to: 'BOTH_PARTIES' }]);
      const recorded = decide(scheduled.snapshot, { type: 'RECORD_SESSION', at: t(700), summary: '双方陈述' }, MEDIATOR);
      expect(recorded.snapshot.context.sessions).toEqual([
        { at: t(600), place: '调解室一', online: false, scheduledAt: t(30), summary: '双方陈述', recordedAt: t(700) },
      ]);
      expect(refusal(recorded.snapshot, { type: 'RECORD_SESSION', at: t(800), summary: 'again' }).reason).toContain('no scheduled session');
    });

    it("EXTEND_MEDIATION needs both parties' consent and stays within the configurable cap", () => {
      const s = inMediation();
      const d = decide(s, { type: 'EXTEND_MEDIATION', at: t(30), days: 10, consentOfBoth: true }, MEDIATOR);
      expect(d.effects).toEqual([{ type: 'extendDeadline', kind: 'MEDIATION_PERIOD', days: 10 }]);
      expect(d.snapshot.context.mediationExtensionDays).toBe(10);
      expect(refusal(d.snapshot, { type: 'EXTEND_MEDIATION', at: t(40), days: 6, consentOfBoth: true }).reason).toContain('at most 5 more');
      expect(refusal(s, { type: 'EXTEND_MEDIATION', at: t(30), days: 1, consentOfBoth: false as true }).reason).toContain('consent');
      const capped = openCaseWorkflow({
        caseId: 'c2', channel: 'WALK_IN', receivedAt: RECEIVED, claimedFen: 1,
        policy: { mediationDays: 15, maxMediationExtensionDays: 0 },
      }, CASE_MACHINE_V1).snapshot;
      expect(allowedEvents(run(capped, accept, assign), MEDIATOR, t(30))).not.toContain('EXTEND_MEDIATION');
    });

    it('REACH_AGREEMENT records items and a sorted schedule, meets MEDIATION_PERIOD and ends ARBITRATION_RIGHT', () => {
      const d = decide(inMediation(), agreement(), MEDIATOR);
      expect(d.state).toBe('performance');
      expect(d.snapshot.context.agreement).toEqual({
        items: [{ type: 'WAGE_ARREARS', agreedFen: 1_000_000 }],
        schedule: [
          { dueDate: '2025-09-30', amountFen: 400_000 },
          { dueDate: '2025-10-20', amountFen: 600_000 },
        ],
        signedAt: t(55),
        totalFen: 1_000_000,
      });
      expect(d.effects).toEqual([
        { type: 'completeDeadline', kind: 'MEDIATION_PERIOD', status: 'MET' },
        { type: 'completeDeadline', kind: 'ARBITRATION_RIGHT', status: 'CANCELLED' },
        { type: 'issueDocument', kind: 'AGREEMENT' },
        { type: 'notify', template: 'AGREEMENT_REACHED', to: 'BOTH_PARTIES' },
      ]);
    });

    it('REACH_AGREEMENT is refused when the schedule does not add up, when signed in the future or with an instalment before signing', () => {
      const s = inMediation();
      const base = agreement() as Extract<CaseEvent, { type: 'REACH_AGREEMENT' }>;
      expect(refusal(s, { ...base, schedule: [{ dueDate: '2025-10-01', amountFen: 1 }] }).reason).toContain('adds up to 1 fen');
      expect(refusal(s, { ...base, signedAt: t(61) }).reason).toContain('future');
      expect(refusal(s, { ...base, schedule: [{ dueDate: '2025-09-01', amountFen: 1_000_000 }] }).reason).toContain('before the agreement');
      expect(refusal(s, { ...base, signedAt: t(5) }).reason).toContain('before the case was accepted');
    });

    it('REACH_AGREEMENT needs an assigned mediator', () => {
      expect(refusal(run(opened(), accept), agreement()).allowedEvents).toEqual(['WITHDRAW', 'ASSIGN_MEDIATOR', 'MEDIATION_FAILED']);
    });

    it('MEDIATION_FAILED ends mediation with a termination note', () => {
      const d = decide(inMediation(), { type: 'MEDIATION_FAILED', at: t(90), reason: '用人单位拒不到场' }, MEDIATOR);
      expect(d.state).toBe('failed');
      expect(d.effects).toEqual([
        { type: 'completeDeadline', kind: 'MEDIATION_PERIOD', status: 'CANCELLED' },
        { type: 'issueDocument', kind: 'TERMINATION_NOTE' },
        { type: 'notify', template: 'MEDIATION_TERMINATED', to: 'BOTH_PARTIES' },
      ]);
    });

    it('the MEDIATION_PERIOD running out fails mediation, from either sub-state', () => {
      for (const s of [run(opened(), accept), inMediation()]) {
        const d = decide(s, { type: 'DEADLINE_EXPIRED', at: t(99_999), deadlineId: 'd1', kind: 'MEDIATION_PERIOD' }, SYSTEM);
        expect(d.state).toBe('failed');
        expect(d.effects).toContainEqual({ type: 'issueDocument', kind: 'TERMINATION_NOTE' });
      }
    });
  });

  describe('ARBITRATION_RIGHT', () => {
    it('opens the right to arbitration and tells the worker, without moving or closing the case', () => {
      for (const s of [opened(), inMediation(), inPerformance()]) {
        const before = decide(s, { type: 'DEADLINE_EXPIRED', at: t(30_000), deadlineId: 'd0', kind: 'ARBITRATION_RIGHT' }, SYSTEM);
        expect(before.snapshot.value).toEqual(s.value);
        expect(before.snapshot.context.arbitrationRightOpenedAt).toBe(t(30_000));
        expect(before.effects).toEqual([{ type: 'notify', template: 'ARBITRATION_RIGHT_OPEN', to: 'WORKERS' }]);
      }
    });
  });

  describe('performance', () => {
    it('records partial payments, resolves on the last one and refuses an overpayment', () => {
      let s = run(inPerformance(), pay(400_000));
      expect(s.context).toMatchObject({ paidFen: 400_000 });
      expect(s.value).toBe('performance');
      expect(refusal(s, pay(600_001, 130)).reason).toBe('the payment exceeds the 600000 fen still outstanding');
      const last = decide(s, pay(600_000, 140), MEDIATOR);
      expect(last.state).toBe('resolved');
      expect(last.snapshot.context).toMatchObject({ paidFen: 1_000_000, outcome: 'RESOLVED' });
      expect(last.effects).toEqual([{ type: 'notify', template: 'PAYMENT_RECORDED', to: 'WORKERS' }]);
      s = last.snapshot;
      expect(s.context.payments).toHaveLength(2);
    });

    it('compares instants as instants whatever their offset', () => {
      // 09:30+08:00 is 01:30Z: before the event at 02:00Z, so not in the future, though the string sorts after.
      const e = parseCaseEvent('RECORD_PAYMENT', { amountFen: 1, paidAt: '2025-09-20T09:30:00+08:00', method: 'CASH' }, t(60));
      expect(decide(inPerformance(), { ...e, at: t(60) }, MEDIATOR).snapshot.context.paidFen).toBe(1);
      const agreed = parseCaseEvent('REACH_AGREEMENT', {
        items: [{ type: 'WAGE_ARREARS', agreedFen: 5 }],
        schedule: [{ dueDate: '2025-09-21', amountFen: 5 }],
        signedAt: '2025-09-21T07:00:00+08:00', // 2025-09-20T23:00Z, but the 21st in Shanghai: an instalment due the 21st is fine
      }, '2025-09-21T00:00:00.000Z');
      expect(decide(inMediation(), agreed, MEDIATOR).state).toBe('performance');
    });

    it('refuses a payment dated in the future', () => {
      expect(refusal(inPerformance(), { ...pay(1), paidAt: t(999) } as CaseEvent).reason).toContain('future');
    });

    it('a MEDIATION_PERIOD timer arriving after the agreement changes nothing', () => {
      expect(refusal(inPerformance(), { type: 'DEADLINE_EXPIRED', at: t(99_999), deadlineId: 'd1', kind: 'MEDIATION_PERIOD' }, SYSTEM)).toBeInstanceOf(
        TransitionNotAllowedError,
      );
    });

    it('does not close before the agreement is performed', () => {
      expect(allowedEvents(inPerformance(), MEDIATOR, t(200))).toEqual(['RECORD_PAYMENT']);
    });
  });

  describe('closing', () => {
    it.each([
      ['resolved', () => run(inPerformance(), pay(1_000_000)), 'RESOLVED'],
      ['failed', () => run(inMediation(), { type: 'MEDIATION_FAILED', at: t(90), reason: 'x' }), 'CLOSED'],
    ])('CLOSE from %s closes and cancels what is left', (_, from, outcome) => {
      const d = decide(from(), { type: 'CLOSE', at: t(500) }, MEDIATOR);
      expect(d.state).toBe('closed');
      expect(d.snapshot.context).toMatchObject({ outcome, closedAt: t(500) });
      expect(d.effects).toEqual([{ type: 'cancelAllDeadlines' }]);
    });

    it('a closed case accepts nothing at all', () => {
      const closed = run(inMediation(), { type: 'WITHDRAW', at: t(30), reason: 'x' });
      expect(allowedEvents(closed, ['UNION_MANAGER', 'UNION_MEDIATOR', 'SYSTEM'], t(40))).toEqual([]);
      for (const type of caseMachineV1.events as (keyof typeof CASE_EVENT_CATALOG)[]) {
        const probe = CASE_EVENT_CATALOG[type].probe(closed.context, t(40));
        expect(() => decide(closed, probe, ['UNION_MEDIATOR', 'SYSTEM'])).toThrow(TransitionNotAllowedError);
      }
    });
  });

  describe('roles declared beside the machine', () => {
    it('a role that may not send an event gets a ForbiddenEventError before the machine is asked', () => {
      expect(() => decide(opened(), accept, ['COURT_CLERK'])).toThrow(ForbiddenEventError);
      expect(() => decide(inMediation(), { type: 'DEADLINE_EXPIRED', at: t(1), deadlineId: 'x', kind: 'MEDIATION_PERIOD' }, MEDIATOR)).toThrow(
        ForbiddenEventError,
      );
      expect(allowedEvents(opened(), ['COURT_CLERK'], t(1))).toEqual([]);
    });

    it('every event the machine knows has a catalog entry with roles, a payload schema and a probe the machine accepts somewhere', () => {
      for (const e of caseMachineV1.events) expect(CASE_EVENT_TYPES).toContain(e);
      const withSession = run(inMediation(), { type: 'SCHEDULE_SESSION', at: t(30), sessionAt: t(600), online: true });
      const states = [opened(), run(opened(), accept), inMediation(), withSession, inPerformance(), run(inPerformance(), pay(1_000_000))];
      const everyRole = ['UNION_MEDIATOR', 'SYSTEM'] as const;
      const reachable = new Set(states.flatMap((s) => allowedEvents(s, everyRole, t(100))));
      for (const type of caseMachineV1.events as string[]) {
        if (type !== 'CLOSE') expect(reachable).toContain(type);
      }
    });
  });

  describe('payload validation', () => {
    it('names the bad fields', () => {
      const err = (() => {
        try {
          parseCaseEvent('RECORD_PAYMENT', { amountFen: 10.5, paidAt: 'yesterday', method: 'GOLD', extra: 1 }, t(1));
        } catch (e) {
          return e as ValidationError;
        }
      })();
      expect(err).toBeInstanceOf(ValidationError);
      expect(err!.errors.map((e) => e.field).sort()).toEqual(['amountFen', 'extra', 'method', 'paidAt']);
    });

    it('rejects an unknown event type naming the field', () => {
      expect(() => parseCaseEvent('FLY', {}, t(1))).toThrow(ValidationError);
    });

    it("maps the API's SCHEDULE_SESSION `at` to the session time (as UTC), keeping the event time separate", () => {
      expect(parseCaseEvent('SCHEDULE_SESSION', { at: '2025-09-22T09:00:00+08:00', online: true }, t(1))).toEqual({
        type: 'SCHEDULE_SESSION',
        at: t(1),
        sessionAt: '2025-09-22T01:00:00.000Z',
        online: true,
        place: undefined,
      });
    });
  });
});

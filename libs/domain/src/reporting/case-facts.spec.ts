import type { CaseContext } from '../case/case.types';
import { deriveCaseFacts, mediationConclusion, responsibleOrgs, routeOf, yearbookCategoryOf, type CaseFactsInput } from './case-facts';
import { caseContributions, netDeltas, paymentContribution } from './report-contributions';

const context = (over: Partial<CaseContext> = {}): CaseContext =>
  ({ caseId: 'c', channel: 'WALK_IN', receivedAt: '2025-03-01T01:00:00Z', claimedFen: 100, policy: {} as any, coMediatorIds: [], sessions: [], mediationExtensionDays: 0, paidFen: 0, payments: [], ...over }) as CaseContext;

const input = (over: Partial<CaseFactsInput> = {}): CaseFactsInput => ({
  caseId: 'c',
  regionCode: '420302',
  org: { id: 'org-1', agency: 'UNION', tier: 'COUNTY' },
  base: { disputeTypes: ['OVERTIME'], channel: 'WALK_IN', workers: 3, migrant: true, platform: false, collective: false, fromOutreach: false, claimedFen: 900 },
  context: context(),
  state: 'intake',
  stateFrom: null,
  eventType: 'OPENED',
  at: '2025-03-01T01:00:00Z',
  previous: null,
  ...over,
});

describe('case facts for managers’ figures', () => {
  it('maps dispute types to the yearbook categories', () => {
    expect(yearbookCategoryOf('OVERTIME')).toBe('WAGES');
    expect(yearbookCategoryOf('DISMISSAL_OR_RESIGNATION')).toBe('TERMINATION');
    expect(yearbookCategoryOf('NOT_A_TYPE')).toBe('OTHER');
  });

  it('routes by the furthest forum reached', () => {
    const agreement = { items: [], schedule: [], signedAt: '2025-03-02T02:00:00Z', totalFen: 10 };
    expect(routeOf({ agreement }, false)).toBe('MEDIATION');
    expect(routeOf({ agreement, arbitration: { commissionOrgId: 'x', referredAt: '', extensionDays: 0, amendments: 0 } }, false)).toBe('ARBITRATION');
    expect(routeOf({ agreement, litigation: { courtOrgId: 'x', filedAt: '', after: 'MEDIATION' } }, false)).toBe('LITIGATION');
    expect(routeOf({}, true)).toBe('LITIGATION');
    expect(routeOf({}, false)).toBe('OTHER');
  });

  it('concludes mediation when the main line leaves it: on the signing day with an agreement, else that day', () => {
    const agreement = { items: [], schedule: [], signedAt: '2025-03-01T17:00:00Z', totalFen: 10 };
    expect(mediationConclusion('mediation.active', 'agreed', 'REACH_AGREEMENT', '2025-03-05T01:00:00Z', { agreement })).toEqual({ on: '2025-03-02', succeeded: true });
    expect(mediationConclusion('mediation.active', 'performance', 'REACH_AGREEMENT', '2025-03-05T01:00:00Z', { agreement })).toEqual({ on: '2025-03-02', succeeded: true });
    expect(mediationConclusion('mediation.active', 'failed', 'DEADLINE_EXPIRED', '2025-03-05T17:00:00Z', {})).toEqual({ on: '2025-03-06', succeeded: false });
    expect(mediationConclusion('mediation.awaitingMediator', 'closed', 'WITHDRAW', '2025-03-05T01:00:00Z', {})).toEqual({ on: '2025-03-05', succeeded: false });
    expect(mediationConclusion('intake', 'closed', 'WITHDRAW', '2025-03-05T01:00:00Z', {})).toBeNull();
    expect(mediationConclusion('mediation.awaitingMediator', 'mediation.active', 'ASSIGN_MEDIATOR', '2025-03-05T01:00:00Z', {})).toBeNull();
  });

  it('counts a case closed only once accepted, with its days to close in Shanghai days', () => {
    const refused = deriveCaseFacts(input({ context: context({ closedAt: '2025-03-02T01:00:00Z', outcome: 'REJECTED' }), state: 'closed', stateFrom: 'intake', eventType: 'REJECT' }));
    expect(refused).toMatchObject({ acceptedOn: null, closedOn: null, daysToClose: null, outcome: 'REJECTED' });
    const closed = deriveCaseFacts(
      input({ context: context({ acceptedAt: '2025-03-01T16:30:00Z', closedAt: '2025-03-11T15:59:00Z' }), state: 'closed', stateFrom: 'failed', eventType: 'CLOSE' }),
    );
    expect(closed).toMatchObject({ acceptedOn: '2025-03-02', closedOn: '2025-03-11', daysToClose: 9, yearbookCategory: 'WAGES' });
  });

  it('carries the mediation conclusion and a return to the court from earlier transitions', () => {
    const previous = { mediationConcludedOn: '2025-03-03', mediationSucceeded: false, returnedToCourt: true };
    const f = deriveCaseFacts(input({ context: context({ acceptedAt: '2025-03-01T01:00:00Z' }), state: 'closed', stateFrom: 'returnedToCourt', eventType: 'CLOSE', previous }));
    expect(f).toMatchObject({ mediationConcludedOn: '2025-03-03', mediationSucceeded: false, returnedToCourt: true, route: 'LITIGATION', daysToConclude: 2 });
  });

  it('names the organisation that answers for each duty deadline', () => {
    const c = context({ judicialConfirmation: { courtOrgId: 'court', requestedAt: '' }, arbitration: { commissionOrgId: 'hrss', referredAt: '', extensionDays: 0, amendments: 0 } });
    const r = responsibleOrgs(c, 'centre');
    expect(r).toMatchObject({ ACCEPTANCE_SLA: 'centre', TIER_SLA: 'centre', COURT_RULE_CONFIRMATION: 'court', ARBITRATION_AWARD: 'hrss', LEGAL_AID_REVIEW: 'centre' });
    expect(r).not.toHaveProperty('MEDIATION_PERIOD');
    expect(r).not.toHaveProperty('INSTALMENT_DUE');
  });

  it('nets what a transition changes: only the differences reach the aggregates, in key order', () => {
    const before = deriveCaseFacts(input({ context: context({ acceptedAt: '2025-03-01T01:00:00Z' }), state: 'mediation.active', stateFrom: 'intake', eventType: 'ACCEPT' }));
    const movedOrg = { ...before, orgId: 'org-2', regionCode: '420322' };
    const pay = paymentContribution({ ...before, disputeType: before.disputeType }, '2025-03-04', 500);
    const { aggregates, durations } = netDeltas(caseContributions(before), [...caseContributions(before), pay]);
    expect(aggregates).toEqual([{ day: '2025-03-04', dims: expect.objectContaining({ orgId: 'org-1' }), counters: { payments: 1, paidFen: 500 } }]);
    expect(durations).toEqual([]);
    const moved = netDeltas(caseContributions(before), caseContributions(movedOrg));
    expect(moved.aggregates.map((a) => [a.dims.orgId, a.counters.casesAccepted, a.counters.workers])).toEqual([
      ['org-1', -1, -3],
      ['org-2', 1, 3],
    ]);
  });
});

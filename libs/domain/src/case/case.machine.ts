import { and, assign, enqueueActions, not, or, setup, stateIn } from 'xstate';
import { LegalCalendar } from '../calendar/legal-calendar';
import { isoToEpochDay, parseIsoDate, isRealDate, formatIsoDate } from '../calendar/civil-date';
import { checkEvent } from './case.checks';
import type { CaseEffect, NotificationTemplate, Recipient } from './case.effects';
import type { CaseContext, CaseEvent, CaseEventOf, CaseInput, Tier } from './case.types';
import { DEFAULT_CASE_POLICY, TIERS } from './case.types';

/**
 * The case machine, version 2: the whole joint mechanism of DOMAIN.md §3–4.
 *
 * One machine, parallel regions (DESIGN §3): `main` is the line a case travels (intake → mediation
 * → agreed / failed → arbitration / litigation / enforcement / returned to court → closed);
 * `performance` and `confirmation` run side by side once there is an agreement; `supportProsecution`,
 * `legalAid` and `laborInspection` are side tracks any open case may start.
 *
 * Pure: guards and assigns read only the context and the event; time arrives on the event (`at`).
 * Side effects are named actions with parameters that the server turns into rows. No `after`.
 *
 * Contract: stored snapshots name these states. Changing or removing one needs a new machine
 * version registered beside this one (case-v1 stays registered for the cases opened on it).
 */
export const CASE_MACHINE_VERSION = 'case-v2';

type Params<T extends CaseEffect['type']> = Omit<Extract<CaseEffect, { type: T }>, 'type'>;
const effect = <T extends CaseEffect['type']>() => (_: unknown, _params: Params<T>) => undefined;
const ev = <T extends CaseEvent['type']>(event: CaseEvent) => event as CaseEventOf<T>;
const notify = (template: NotificationTemplate, to: Recipient) => ({ type: 'notify' as const, params: { template, to } });

/** Cumulative schedule: how much must have been paid once instalment `i` is due. */
const dueBy = (c: CaseContext, i: number) => (c.agreement?.schedule ?? []).slice(0, i + 1).reduce((s, x) => s + x.amountFen, 0);
const coveredInstalments = (c: CaseContext, paidFen: number) =>
  (c.agreement?.schedule ?? []).map((_, i) => i).filter((i) => dueBy(c, i) <= paidFen);

/** One year from a day, in days (the corresponding day of the next year; 29 Feb → 28 Feb). */
function oneYearInDays(triggerAt: string): number {
  const day = LegalCalendar.shanghaiDate(new Date(triggerAt));
  const d = parseIsoDate(day)!;
  const next = { year: d.year + 1, month: d.month, day: isRealDate(d.year + 1, d.month, d.day) ? d.day : 28 };
  return isoToEpochDay(formatIsoDate(next)) - isoToEpochDay(day);
}

const nextTier = (t: Tier | undefined): Tier | undefined => (t ? TIERS[TIERS.indexOf(t) + 1] : undefined);
const tierSla = (c: CaseContext, t: Tier | undefined) => (t ? c.policy.tierSlaDays?.[t] : undefined);

/** Payment orders: only for agreements on wages, work-injury medical costs, economic compensation or damages (LDMAL art. 16). */
const PAYMENT_ORDER_CLAIMS = new Set(['WAGE_ARREARS', 'OVERTIME', 'DOUBLE_PAY_NO_CONTRACT', 'WORK_INJURY', 'ECONOMIC_COMPENSATION', 'UNLAWFUL_TERMINATION_DAMAGES']);

export const caseMachine = setup({
  types: {
    context: {} as CaseContext,
    events: {} as CaseEvent,
    input: {} as CaseInput,
  },
  actions: {
    startDeadline: effect<'startDeadline'>(),
    startInstalmentDeadlines: effect<'startInstalmentDeadlines'>(),
    extendDeadline: effect<'extendDeadline'>(),
    completeDeadline: effect<'completeDeadline'>(),
    cancelAllDeadlines: () => undefined,
    pauseDeadline: effect<'pauseDeadline'>(),
    resumeDeadline: effect<'resumeDeadline'>(),
    restartDeadline: effect<'restartDeadline'>(),
    notify: effect<'notify'>(),
    alert: effect<'alert'>(),
    issueDocument: effect<'issueDocument'>(),
    openReferral: effect<'openReferral'>(),
    completeReferral: effect<'completeReferral'>(),
    transferCase: effect<'transferCase'>(),
    escalateTier: effect<'escalateTier'>(),
    assignMediator: assign({
      mediatorId: ({ event }) => ev<'ASSIGN_MEDIATOR'>(event).mediatorId,
      coMediatorIds: ({ event }) => ev<'ASSIGN_MEDIATOR'>(event).coMediatorIds ?? [],
    }),
    recordPayment: assign({
      paidFen: ({ context, event }) => context.paidFen + ev<'RECORD_PAYMENT'>(event).amountFen,
      payments: ({ context, event }) => {
        const e = ev<'RECORD_PAYMENT'>(event);
        return [...context.payments, { amountFen: e.amountFen, paidAt: e.paidAt, method: e.method, evidenceRef: e.evidenceRef, recordedAt: e.at }];
      },
    }),
    withdraw: assign({
      outcome: 'WITHDRAWN',
      closedAt: ({ event }) => event.at,
      closingReason: ({ event }) => ev<'WITHDRAW'>(event).reason,
    }),
    close: assign({
      outcome: ({ context, event }) => ev<'CLOSE'>(event).outcome ?? context.outcome ?? 'CLOSED',
      closedAt: ({ event }) => event.at,
    }),
    /** Everything that starts when a case is opened besides the intake deadlines. */
    openingEffects: enqueueActions(({ context, enqueue }) => {
      // A court-entrusted case runs on the court's clock alone; Fengqiao tiers do not apply to it.
      const sla = context.channel === 'COURT_ENTRUSTED' ? undefined : tierSla(context, context.tier);
      if (sla) enqueue({ type: 'startDeadline', params: { kind: 'TIER_SLA', triggerAt: context.receivedAt, length: sla } });
      if (context.channel === 'COURT_ENTRUSTED') {
        // The court owns this clock: it runs from the entrustment, not from the centre's acceptance.
        enqueue({ type: 'startDeadline', params: { kind: 'ENTRUSTED_PERIOD', triggerAt: context.receivedAt, length: context.policy.entrustedDays ?? 30 } });
      }
      if (context.limitationFrom) {
        enqueue({ type: 'startDeadline', params: { kind: 'LIMITATION', triggerAt: context.limitationFrom, length: oneYearInDays(context.limitationFrom) } });
      }
      // A collective dispute is a risk signal: the region's union, HRSS and procuratorate hear at once (DOMAIN §3.6).
      if (context.collective) enqueue({ type: 'alert', params: { template: 'COLLECTIVE_DISPUTE', agencies: ['UNION', 'HRSS', 'PROCURATORATE'] } });
    }),
    returnToCourt: enqueueActions(({ context, enqueue }) => {
      enqueue({ type: 'cancelAllDeadlines' });
      enqueue({ type: 'issueDocument', params: { kind: 'HANDOVER_PACKET' } });
      if (context.entrustingCourtOrgId) enqueue({ type: 'openReferral', params: { kind: 'RETURN_TO_COURT', toOrgId: context.entrustingCourtOrgId } });
      enqueue({ type: 'notify', params: { template: 'CASE_RETURNED_TO_COURT', to: 'BOTH_PARTIES' } });
    }),
    referArbitration: enqueueActions(({ event, enqueue }) => {
      const e = ev<'REFER_ARBITRATION'>(event);
      enqueue.assign({ arbitration: { commissionOrgId: e.commissionOrgId, referredAt: e.at, extensionDays: 0, amendments: 0 } });
      enqueue({ type: 'openReferral', params: { kind: 'ARBITRATION', toOrgId: e.commissionOrgId, dueKind: 'ARBITRATION_ACCEPTANCE' } });
    }),
    fileLawsuit: enqueueActions(({ context, event, enqueue }) => {
      const e = ev<'FILE_LAWSUIT'>(event);
      const after = context.arbitration ? 'ARBITRATION' : 'MEDIATION';
      enqueue.assign({ litigation: { courtOrgId: e.courtOrgId, filedAt: e.at, after } });
      enqueue({ type: 'openReferral', params: { kind: 'LITIGATION', toOrgId: e.courtOrgId } });
    }),
    applyEnforcement: enqueueActions(({ context, event, enqueue }) => {
      const e = ev<'APPLY_ENFORCEMENT'>(event);
      enqueue.assign({ enforcement: { courtOrgId: e.courtOrgId, appliedAt: e.at, title: context.enforceableTitle! } });
      enqueue({ type: 'openReferral', params: { kind: 'ENFORCEMENT', toOrgId: e.courtOrgId } });
    }),
    /** Instalments a payment covers are met (their INSTALMENT_DUE timers become no-ops). */
    meetInstalments: enqueueActions(({ context, event, enqueue }) => {
      const before = new Set(coveredInstalments(context, context.paidFen));
      const after = coveredInstalments(context, context.paidFen + ev<'RECORD_PAYMENT'>(event).amountFen);
      const refs = after.filter((i) => !before.has(i)).map(String);
      if (refs.length) enqueue({ type: 'completeDeadline', params: { kind: 'INSTALMENT_DUE', status: 'MET', refs } });
    }),
    markDefault: assign({
      defaultedInstalments: ({ context, event }) => [...(context.defaultedInstalments ?? []), Number(ev<'DEADLINE_EXPIRED'>(event).ref ?? 0)],
    }),
    /** A transfer puts the case at the receiving centre's tier, whose service level starts afresh. */
    retier: enqueueActions(({ context, event, enqueue }) => {
      const toTier = ev<'TRANSFER'>(event).toTier;
      enqueue.assign({ tier: toTier });
      enqueue({ type: 'completeDeadline', params: { kind: 'TIER_SLA', status: 'CANCELLED' } });
      const sla = context.channel === 'COURT_ENTRUSTED' ? undefined : tierSla(context, toTier);
      if (sla) enqueue({ type: 'startDeadline', params: { kind: 'TIER_SLA', triggerAt: event.at, length: sla } });
    }),
    escalateEffects: enqueueActions(({ context, enqueue }) => {
      enqueue({ type: 'escalateTier', params: { toTier: context.tier! } });
      enqueue({ type: 'completeDeadline', params: { kind: 'TIER_SLA', status: 'CANCELLED' } });
      const sla = tierSla(context, context.tier);
      if (sla) enqueue({ type: 'restartDeadline', params: { kind: 'TIER_SLA', triggerAt: context.escalations!.at(-1)!.at, length: sla } });
      enqueue({ type: 'notify', params: { template: 'TIER_ESCALATED', to: 'MANAGER' } });
    }),
    escalate: assign({
      escalations: ({ context, event }) => [
        ...(context.escalations ?? []),
        { from: context.tier!, to: nextTier(context.tier)!, at: event.at, reason: event.type === 'ESCALATE' ? event.reason : 'the tier service level ran out' },
      ],
      tier: ({ context }) => nextTier(context.tier),
    }),
  },
  guards: {
    passesChecks: ({ context, event }) => checkEvent(context, event) === null,
    completesPayment: ({ context, event }) =>
      checkEvent(context, event) === null && context.paidFen + ev<'RECORD_PAYMENT'>(event).amountFen === context.agreement?.totalFen,
    isDeadline: ({ event }, params: { kind: string }) => event.type === 'DEADLINE_EXPIRED' && event.kind === params.kind,
    instalmentMissed: ({ context, event }) =>
      event.type === 'DEADLINE_EXPIRED' && event.kind === 'INSTALMENT_DUE' && context.paidFen < dueBy(context, Number(event.ref ?? 0)),
    canEscalate: ({ context }) => nextTier(context.tier) !== undefined,
    isEntrusted: ({ context }) => context.channel === 'COURT_ENTRUSTED',
    paymentOrderAllowed: ({ context }) =>
      !context.paymentOrder && (context.claimTypes ?? []).some((t) => PAYMENT_ORDER_CLAIMS.has(t)),
    hasTitle: ({ context }) => context.enforceableTitle !== undefined && context.enforcement === undefined,
    noArbitrationExtensionYet: ({ context }) => (context.arbitration?.extensionDays ?? 0) === 0,
    noCourtExtensionYet: ({ context }) => !context.judicialConfirmation?.extended,
    agreementReached: and([stateIn('#case.main.mediation.active'), 'passesChecks']),
    caseOpen: not(stateIn('#case.main.closed')),
    isOpenForMediation: or([stateIn('#case.main.intake'), stateIn('#case.main.mediation')]),
  },
}).createMachine({
  id: 'case',
  type: 'parallel',
  context: ({ input }) => ({
    caseId: input.caseId,
    channel: input.channel,
    receivedAt: input.receivedAt,
    claimedFen: input.claimedFen,
    policy: input.policy ?? DEFAULT_CASE_POLICY,
    claimTypes: input.claimTypes ?? [],
    tier: input.tier,
    collective: input.collective ?? false,
    migrantWageClaim: input.migrantWageClaim ?? false,
    entrustingCourtOrgId: input.entrustingCourtOrgId,
    coMediatorIds: [],
    sessions: [],
    mediationExtensionDays: 0,
    paidFen: 0,
    payments: [],
    limitationFrom: input.limitationFrom,
  }) as CaseContext,
  on: {
    // LDMAL art. 14: 15 days after receipt with no agreement, either party may apply for arbitration.
    // It opens a right and never closes the case.
    DEADLINE_EXPIRED: [
      {
        guard: { type: 'isDeadline', params: { kind: 'ARBITRATION_RIGHT' } },
        actions: [assign({ arbitrationRightOpenedAt: ({ event }) => event.at }), notify('ARBITRATION_RIGHT_OPEN', 'WORKERS')],
      },
      // LDMAL art. 27: a warning only; interruption and suspension need a person's judgement.
      {
        guard: { type: 'isDeadline', params: { kind: 'LIMITATION' } },
        actions: [assign({ limitationWarnedAt: ({ event }) => event.at }), notify('LIMITATION_WARNING', 'MEDIATOR')],
      },
      { guard: { type: 'isDeadline', params: { kind: 'ACCEPTANCE_SLA' } }, actions: notify('DEADLINE_OVERDUE', 'MANAGER') },
    ],
  },
  states: {
    main: {
      initial: 'intake',
      states: {
        intake: {
          entry: [
            { type: 'startDeadline', params: ({ context }) => ({ kind: 'ARBITRATION_RIGHT', triggerAt: context.receivedAt, length: 15 }) },
            { type: 'startDeadline', params: ({ context }) => ({ kind: 'ACCEPTANCE_SLA', triggerAt: context.receivedAt, length: 3 }) },
            'openingEffects',
          ],
          on: {
            ACCEPT: {
              target: 'mediation',
              actions: [
                assign({ acceptedAt: ({ event }) => event.at }),
                { type: 'completeDeadline', params: { kind: 'ACCEPTANCE_SLA', status: 'MET' } },
                // A court-entrusted case runs on the court's clock (ENTRUSTED_PERIOD, which EXTEND_MEDIATION extends), not the union's 15 days.
                enqueueActions(({ context, event, enqueue }) => {
                  if (context.channel === 'COURT_ENTRUSTED') return;
                  enqueue({ type: 'startDeadline', params: { kind: 'MEDIATION_PERIOD', triggerAt: event.at, length: context.policy.mediationDays } });
                }),
                { type: 'issueDocument', params: { kind: 'ACCEPTANCE_NOTICE' } },
                notify('CASE_ACCEPTED', 'WORKERS'),
              ],
            },
            REJECT: {
              target: 'closed',
              actions: [
                assign({
                  outcome: 'REJECTED',
                  closedAt: ({ event }) => event.at,
                  closingReason: ({ event }) => ev<'REJECT'>(event).reason,
                  redirectTo: ({ event }) => ev<'REJECT'>(event).redirectTo,
                }),
                'cancelAllDeadlines',
                notify('CASE_REJECTED', 'WORKERS'),
              ],
            },
            WITHDRAW: { target: 'closed', actions: ['withdraw', 'cancelAllDeadlines'] },
          },
        },
        mediation: {
          initial: 'awaitingMediator',
          on: {
            WITHDRAW: { target: 'closed', actions: ['withdraw', 'cancelAllDeadlines'] },
            MEDIATION_FAILED: {
              target: 'failed',
              actions: [
                assign({ closingReason: ({ event }) => ev<'MEDIATION_FAILED'>(event).reason }),
                { type: 'completeDeadline', params: { kind: 'MEDIATION_PERIOD', status: 'CANCELLED' } },
                { type: 'completeDeadline', params: { kind: 'ENTRUSTED_PERIOD', status: 'CANCELLED' } },
                { type: 'completeDeadline', params: { kind: 'TIER_SLA', status: 'CANCELLED' } },
                { type: 'issueDocument', params: { kind: 'TERMINATION_NOTE' } },
                notify('MEDIATION_TERMINATED', 'BOTH_PARTIES'),
              ],
            },
            DEADLINE_EXPIRED: [
              // The period ran out without agreement: mediation has failed (LDMAL art. 14).
              {
                guard: { type: 'isDeadline', params: { kind: 'MEDIATION_PERIOD' } },
                target: 'failed',
                actions: [
                  assign({ closingReason: 'the mediation period expired without agreement' }),
                  { type: 'completeDeadline', params: { kind: 'TIER_SLA', status: 'CANCELLED' } },
                  { type: 'issueDocument', params: { kind: 'TERMINATION_NOTE' } },
                  notify('MEDIATION_TERMINATED', 'BOTH_PARTIES'),
                ],
              },
              // Court-entrusted mediation ran out: back to the court with a handover packet, registered at once.
              {
                guard: { type: 'isDeadline', params: { kind: 'ENTRUSTED_PERIOD' } },
                target: 'returnedToCourt',
                actions: [
                  assign({ closingReason: 'the entrusted mediation period expired without agreement' }),
                  'returnToCourt',
                ],
              },
            ],
          },
          states: {
            awaitingMediator: { on: { ASSIGN_MEDIATOR: { target: 'active', actions: 'assignMediator' } } },
            active: {
              on: {
                ASSIGN_MEDIATOR: { actions: 'assignMediator' },
                SCHEDULE_SESSION: {
                  guard: 'passesChecks',
                  actions: [
                    assign({
                      sessions: ({ context, event }) => {
                        const e = ev<'SCHEDULE_SESSION'>(event);
                        return [...context.sessions, { at: e.sessionAt, place: e.place, online: e.online ?? false, scheduledAt: e.at }];
                      },
                    }),
                    notify('SESSION_SCHEDULED', 'BOTH_PARTIES'),
                  ],
                },
                RECORD_SESSION: {
                  guard: 'passesChecks',
                  actions: assign({
                    sessions: ({ context, event }) => {
                      const i = context.sessions.findIndex((s) => !s.recordedAt);
                      return context.sessions.map((s, j) => (j === i ? { ...s, summary: ev<'RECORD_SESSION'>(event).summary, recordedAt: event.at } : s));
                    },
                  }),
                },
                EXTEND_MEDIATION: {
                  guard: 'passesChecks',
                  actions: [
                    assign({ mediationExtensionDays: ({ context, event }) => context.mediationExtensionDays + ev<'EXTEND_MEDIATION'>(event).days }),
                    {
                      type: 'extendDeadline',
                      params: ({ context, event }) => ({
                        kind: context.channel === 'COURT_ENTRUSTED' ? 'ENTRUSTED_PERIOD' : 'MEDIATION_PERIOD',
                        days: ev<'EXTEND_MEDIATION'>(event).days,
                      }),
                    },
                  ],
                },
                REACH_AGREEMENT: {
                  guard: 'passesChecks',
                  target: '#case.main.agreed',
                  actions: [
                    assign({
                      agreement: ({ event }) => {
                        const e = ev<'REACH_AGREEMENT'>(event);
                        return {
                          items: e.items,
                          schedule: [...e.schedule].sort((a, b) => a.dueDate.localeCompare(b.dueDate)),
                          signedAt: e.signedAt,
                          totalFen: e.items.reduce((s, i) => s + i.agreedFen, 0),
                        };
                      },
                    }),
                    { type: 'completeDeadline', params: { kind: 'MEDIATION_PERIOD', status: 'MET' } },
                    { type: 'completeDeadline', params: { kind: 'ENTRUSTED_PERIOD', status: 'MET' } },
                    { type: 'completeDeadline', params: { kind: 'TIER_SLA', status: 'MET' } },
                    { type: 'completeDeadline', params: { kind: 'ARBITRATION_RIGHT', status: 'CANCELLED' } },
                    { type: 'issueDocument', params: { kind: 'AGREEMENT' } },
                    notify('AGREEMENT_REACHED', 'BOTH_PARTIES'),
                  ],
                },
              },
            },
          },
        },
        agreed: {
          on: {
            // The last payment resolves the case (the performance region records it).
            RECORD_PAYMENT: { guard: 'completesPayment', target: 'resolved', actions: assign({ outcome: 'RESOLVED' }) },
            APPLY_PAYMENT_ORDER: {
              guard: and([stateIn('#case.performance.defaulted'), 'paymentOrderAllowed']),
              actions: [
                assign({ paymentOrder: ({ event }) => ({ courtOrgId: ev<'APPLY_PAYMENT_ORDER'>(event).courtOrgId, appliedAt: event.at }) }),
                { type: 'openReferral', params: ({ event }) => ({ kind: 'PAYMENT_ORDER', toOrgId: ev<'APPLY_PAYMENT_ORDER'>(event).courtOrgId }) },
              ],
            },
            PAYMENT_ORDER_ISSUED: {
              guard: ({ context }) => context.paymentOrder !== undefined && context.enforceableTitle === undefined,
              actions: [
                assign({ enforceableTitle: ({ event }) => ({ kind: 'PAYMENT_ORDER' as const, ref: ev<'PAYMENT_ORDER_ISSUED'>(event).orderNo, at: event.at }) }),
                { type: 'completeReferral', params: { kind: 'PAYMENT_ORDER', status: 'COMPLETED' } },
              ],
            },
            PAYMENT_ORDER_OBJECTED: {
              guard: ({ context }) => context.paymentOrder !== undefined && context.enforceableTitle?.kind !== 'PAYMENT_ORDER',
              target: 'mayLitigate',
              actions: { type: 'completeReferral', params: { kind: 'PAYMENT_ORDER', status: 'REJECTED' } },
            },
            APPLY_ENFORCEMENT: { guard: 'hasTitle', target: 'enforcement', actions: 'applyEnforcement' },
            REFER_ARBITRATION: { guard: stateIn('#case.performance.defaulted'), target: 'arbitration', actions: 'referArbitration' },
            FILE_LAWSUIT: {
              guard: ({ context }) => context.enforceableTitle === undefined,
              target: 'litigation',
              actions: 'fileLawsuit',
            },
          },
        },
        failed: {
          on: {
            REFER_ARBITRATION: { target: 'arbitration', actions: 'referArbitration' },
            FILE_LAWSUIT: { target: 'litigation', actions: 'fileLawsuit' },
            RETURN_TO_COURT: {
              guard: 'isEntrusted',
              target: 'returnedToCourt',
              actions: [assign({ closingReason: ({ event }) => ev<'RETURN_TO_COURT'>(event).reason }), 'returnToCourt'],
            },
            CLOSE: { target: 'closed', actions: ['close', 'cancelAllDeadlines'] },
          },
        },
        arbitration: {
          initial: 'awaitingAcceptance',
          states: {
            awaitingAcceptance: {
              entry: { type: 'startDeadline', params: ({ context }) => ({ kind: 'ARBITRATION_ACCEPTANCE', triggerAt: context.arbitration!.referredAt, length: 5 }) },
              on: {
                ARB_ACCEPT: {
                  target: 'hearing',
                  actions: [
                    assign({ arbitration: ({ context, event }) => ({ ...context.arbitration!, acceptedAt: event.at }) }),
                    { type: 'completeDeadline', params: { kind: 'ARBITRATION_ACCEPTANCE', status: 'MET' } },
                    { type: 'completeReferral', params: { kind: 'ARBITRATION', status: 'ACCEPTED' } },
                    { type: 'startDeadline', params: ({ event }) => ({ kind: 'ARBITRATION_AWARD', triggerAt: event.at, length: 45 }) },
                  ],
                },
                ARB_NOT_ACCEPT: {
                  target: '#case.main.mayLitigate',
                  actions: [
                    assign({ arbitration: ({ context, event }) => ({ ...context.arbitration!, notAcceptedReason: ev<'ARB_NOT_ACCEPT'>(event).reason }) }),
                    { type: 'completeDeadline', params: { kind: 'ARBITRATION_ACCEPTANCE', status: 'MET' } },
                    { type: 'completeReferral', params: { kind: 'ARBITRATION', status: 'REJECTED' } },
                    notify('ARBITRATION_SILENT', 'WORKERS'),
                  ],
                },
                // Silence for 5 days: the worker may sue (LDMAL art. 29).
                DEADLINE_EXPIRED: {
                  guard: { type: 'isDeadline', params: { kind: 'ARBITRATION_ACCEPTANCE' } },
                  target: '#case.main.mayLitigate',
                  actions: notify('ARBITRATION_SILENT', 'WORKERS'),
                },
              },
            },
            hearing: {
              initial: 'running',
              on: {
                AWARD_SERVED: {
                  target: 'awarded',
                  actions: [
                    assign({
                      arbitration: ({ context, event }) => {
                        const e = ev<'AWARD_SERVED'>(event);
                        return { ...context.arbitration!, award: { final: e.final, awardedFen: e.awardedFen, servedAt: e.servedAt, items: e.items, thresholdFen: e.thresholdFen } };
                      },
                    }),
                    { type: 'completeDeadline', params: { kind: 'ARBITRATION_AWARD', status: 'MET' } },
                    { type: 'startDeadline', params: ({ event }) => ({ kind: 'SUE_AFTER_AWARD', triggerAt: ev<'AWARD_SERVED'>(event).servedAt, length: 15 }) },
                  ],
                },
                AMEND_CLAIMS: {
                  actions: [
                    assign({ arbitration: ({ context }) => ({ ...context.arbitration!, amendments: context.arbitration!.amendments + 1 }) }),
                    { type: 'restartDeadline', params: ({ event }) => ({ kind: 'ARBITRATION_AWARD', triggerAt: event.at }) },
                  ],
                },
                DEADLINE_EXPIRED: {
                  guard: { type: 'isDeadline', params: { kind: 'ARBITRATION_AWARD' } },
                  target: '#case.main.mayLitigate',
                  actions: notify('ARBITRATION_SILENT', 'WORKERS'),
                },
              },
              states: {
                running: {
                  on: {
                    SUSPEND_ARBITRATION: {
                      target: 'suspended',
                      actions: [
                        assign({ arbitration: ({ context, event }) => ({ ...context.arbitration!, suspendedAt: event.at }) }),
                        { type: 'pauseDeadline', params: { kind: 'ARBITRATION_AWARD' } },
                      ],
                    },
                    EXTEND_ARBITRATION: {
                      guard: 'noArbitrationExtensionYet',
                      actions: [
                        assign({ arbitration: ({ context, event }) => ({ ...context.arbitration!, extensionDays: ev<'EXTEND_ARBITRATION'>(event).days }) }),
                        { type: 'extendDeadline', params: ({ event }) => ({ kind: 'ARBITRATION_AWARD', days: ev<'EXTEND_ARBITRATION'>(event).days }) },
                      ],
                    },
                  },
                },
                suspended: {
                  on: {
                    RESUME_ARBITRATION: {
                      target: 'running',
                      actions: [
                        assign({ arbitration: ({ context }) => ({ ...context.arbitration!, suspendedAt: undefined }) }),
                        { type: 'resumeDeadline', params: { kind: 'ARBITRATION_AWARD' } },
                      ],
                    },
                  },
                },
              },
            },
            awarded: {
              on: {
                SUE_AFTER_AWARD: {
                  target: '#case.main.litigation',
                  actions: [
                    { type: 'completeDeadline', params: { kind: 'SUE_AFTER_AWARD', status: 'MET' } },
                    assign({ litigation: ({ event }) => ({ courtOrgId: ev<'SUE_AFTER_AWARD'>(event).courtOrgId, filedAt: event.at, after: 'AWARD' as const }) }),
                    { type: 'openReferral', params: ({ event }) => ({ kind: 'LITIGATION', toOrgId: ev<'SUE_AFTER_AWARD'>(event).courtOrgId }) },
                  ],
                },
                // Nobody sued in time: the award binds / takes effect (arts. 48, 50) and can be enforced.
                DEADLINE_EXPIRED: {
                  guard: { type: 'isDeadline', params: { kind: 'SUE_AFTER_AWARD' } },
                  target: 'effective',
                  actions: [
                    assign({ enforceableTitle: ({ context, event }) => ({ kind: 'ARBITRAL_AWARD' as const, ref: context.arbitration!.award!.servedAt, at: event.at }) }),
                    notify('AWARD_EFFECTIVE', 'BOTH_PARTIES'),
                  ],
                },
              },
            },
            effective: {
              on: {
                APPLY_ENFORCEMENT: { guard: 'hasTitle', target: '#case.main.enforcement', actions: 'applyEnforcement' },
                CLOSE: { target: '#case.main.closed', actions: ['close', 'cancelAllDeadlines'] },
              },
            },
          },
        },
        /** Arbitration refused, silent or overdue, or a payment order objected to: the worker may go to court. */
        mayLitigate: {
          on: {
            FILE_LAWSUIT: { target: 'litigation', actions: 'fileLawsuit' },
            CLOSE: { target: 'closed', actions: ['close', 'cancelAllDeadlines'] },
          },
        },
        litigation: { on: { CLOSE: { target: 'closed', actions: ['close', 'cancelAllDeadlines'] } } },
        enforcement: { on: { CLOSE: { target: 'closed', actions: ['close', 'cancelAllDeadlines'] } } },
        returnedToCourt: { on: { CLOSE: { target: 'closed', actions: ['close', 'cancelAllDeadlines'] } } },
        resolved: { on: { CLOSE: { target: 'closed', actions: ['close', 'cancelAllDeadlines'] } } },
        closed: {},
      },
      on: {
        // Fengqiao tiers: pass the case up with its history, by hand or when the tier's service level runs out.
        ESCALATE: { guard: and(['canEscalate', 'isOpenForMediation']), actions: ['escalate', 'escalateEffects'] },
        DEADLINE_EXPIRED: {
          guard: and([{ type: 'isDeadline', params: { kind: 'TIER_SLA' } }, 'canEscalate', 'isOpenForMediation']),
          actions: ['escalate', 'escalateEffects'],
        },
        TRANSFER: {
          guard: 'isOpenForMediation',
          actions: [
            assign({
              transfers: ({ context, event }) => [
                ...(context.transfers ?? []),
                { toOrgId: ev<'TRANSFER'>(event).toOrgId, at: event.at, reason: ev<'TRANSFER'>(event).reason },
              ],
            }),
            { type: 'transferCase', params: ({ event }) => ({ toOrgId: ev<'TRANSFER'>(event).toOrgId }) },
            'retier',
          ],
        },
      },
    },

    performance: {
      initial: 'idle',
      states: {
        idle: {
          on: {
            REACH_AGREEMENT: {
              guard: 'agreementReached',
              target: 'paying',
              actions: {
                type: 'startInstalmentDeadlines',
                params: ({ event }) => {
                  const e = ev<'REACH_AGREEMENT'>(event);
                  const schedule = [...e.schedule].sort((a, b) => a.dueDate.localeCompare(b.dueDate));
                  return { triggerAt: e.signedAt, instalments: schedule.map((s, i) => ({ ref: String(i), dueDate: s.dueDate })) };
                },
              },
            },
          },
        },
        paying: {
          on: {
            RECORD_PAYMENT: [
              { guard: 'completesPayment', target: 'paid', actions: ['meetInstalments', 'recordPayment', notify('PAYMENT_RECORDED', 'WORKERS')] },
              { guard: 'passesChecks', actions: ['meetInstalments', 'recordPayment', notify('PAYMENT_RECORDED', 'WORKERS')] },
            ],
            DEADLINE_EXPIRED: {
              guard: 'instalmentMissed',
              target: 'defaulted',
              actions: ['markDefault', notify('INSTALMENT_MISSED', 'BOTH_PARTIES')],
            },
          },
        },
        defaulted: {
          on: {
            RECORD_PAYMENT: [
              { guard: 'completesPayment', target: 'paid', actions: ['meetInstalments', 'recordPayment', notify('PAYMENT_RECORDED', 'WORKERS')] },
              { guard: 'passesChecks', actions: ['meetInstalments', 'recordPayment', notify('PAYMENT_RECORDED', 'WORKERS')] },
            ],
            DEADLINE_EXPIRED: { guard: 'instalmentMissed', actions: 'markDefault' },
          },
        },
        paid: {},
      },
    },

    confirmation: {
      initial: 'idle',
      states: {
        idle: {
          on: {
            REACH_AGREEMENT: {
              guard: 'agreementReached',
              target: 'window',
              actions: [
                // People's Mediation Law art. 33: 30 days from the agreement taking effect (signing).
                { type: 'startDeadline', params: ({ event }) => ({ kind: 'CONFIRMATION_WINDOW', triggerAt: ev<'REACH_AGREEMENT'>(event).signedAt, length: 30 }) },
                notify('CONFIRMATION_PROMPT', 'BOTH_PARTIES'),
              ],
            },
          },
        },
        window: {
          on: {
            REQUEST_JUDICIAL_CONFIRMATION: {
              guard: 'caseOpen',
              target: 'requested',
              actions: [
                assign({ judicialConfirmation: ({ event }) => ({ courtOrgId: ev<'REQUEST_JUDICIAL_CONFIRMATION'>(event).courtOrgId, requestedAt: event.at }) }),
                { type: 'completeDeadline', params: { kind: 'CONFIRMATION_WINDOW', status: 'MET' } },
                { type: 'startDeadline', params: ({ event }) => ({ kind: 'COURT_ACCEPT_CONFIRMATION', triggerAt: event.at, length: 3 }) },
                {
                  type: 'openReferral',
                  params: ({ event }) => ({ kind: 'JUDICIAL_CONFIRMATION', toOrgId: ev<'REQUEST_JUDICIAL_CONFIRMATION'>(event).courtOrgId, dueKind: 'COURT_ACCEPT_CONFIRMATION' }),
                },
              ],
            },
            DEADLINE_EXPIRED: {
              guard: { type: 'isDeadline', params: { kind: 'CONFIRMATION_WINDOW' } },
              target: 'lapsed',
              actions: notify('CONFIRMATION_WINDOW_CLOSED', 'BOTH_PARTIES'),
            },
          },
        },
        requested: {
          on: {
            JC_ACCEPT: {
              target: 'reviewing',
              actions: [
                assign({ judicialConfirmation: ({ context, event }) => ({ ...context.judicialConfirmation!, acceptedAt: event.at }) }),
                { type: 'completeDeadline', params: { kind: 'COURT_ACCEPT_CONFIRMATION', status: 'MET' } },
                { type: 'startDeadline', params: ({ event }) => ({ kind: 'COURT_RULE_CONFIRMATION', triggerAt: event.at, length: 15 }) },
                { type: 'completeReferral', params: { kind: 'JUDICIAL_CONFIRMATION', status: 'ACCEPTED' } },
              ],
            },
            JC_REJECT: {
              target: 'rejected',
              actions: [
                assign({ judicialConfirmation: ({ context, event }) => ({ ...context.judicialConfirmation!, ruledAt: event.at, reason: ev<'JC_REJECT'>(event).reason }) }),
                { type: 'completeDeadline', params: { kind: 'COURT_ACCEPT_CONFIRMATION', status: 'MET' } },
                { type: 'completeReferral', params: { kind: 'JUDICIAL_CONFIRMATION', status: 'REJECTED' } },
              ],
            },
            DEADLINE_EXPIRED: { guard: { type: 'isDeadline', params: { kind: 'COURT_ACCEPT_CONFIRMATION' } }, actions: notify('DEADLINE_OVERDUE', 'MANAGER') },
          },
        },
        reviewing: {
          on: {
            JC_EXTEND: {
              guard: 'noCourtExtensionYet',
              actions: [
                assign({ judicialConfirmation: ({ context }) => ({ ...context.judicialConfirmation!, extended: true }) }),
                { type: 'extendDeadline', params: { kind: 'COURT_RULE_CONFIRMATION', days: 10 } },
              ],
            },
            JC_CONFIRM: {
              target: 'confirmed',
              actions: [
                assign({
                  judicialConfirmation: ({ context, event }) => ({ ...context.judicialConfirmation!, ruledAt: event.at, rulingNo: ev<'JC_CONFIRM'>(event).rulingNo }),
                  enforceableTitle: ({ event }) => ({ kind: 'JUDICIAL_CONFIRMATION' as const, ref: ev<'JC_CONFIRM'>(event).rulingNo, at: event.at }),
                }),
                { type: 'completeDeadline', params: { kind: 'COURT_RULE_CONFIRMATION', status: 'MET' } },
                { type: 'completeReferral', params: { kind: 'JUDICIAL_CONFIRMATION', status: 'COMPLETED' } },
                notify('AGREEMENT_CONFIRMED', 'WORKERS'),
              ],
            },
            JC_REFUSE: {
              target: 'refused',
              actions: [
                assign({ judicialConfirmation: ({ context, event }) => ({ ...context.judicialConfirmation!, ruledAt: event.at, reason: ev<'JC_REFUSE'>(event).reason }) }),
                { type: 'completeDeadline', params: { kind: 'COURT_RULE_CONFIRMATION', status: 'MET' } },
                { type: 'completeReferral', params: { kind: 'JUDICIAL_CONFIRMATION', status: 'COMPLETED' } },
              ],
            },
            DEADLINE_EXPIRED: { guard: { type: 'isDeadline', params: { kind: 'COURT_RULE_CONFIRMATION' } }, actions: notify('DEADLINE_OVERDUE', 'MANAGER') },
          },
        },
        confirmed: {},
        refused: {},
        rejected: {},
        lapsed: {},
      },
    },

    supportProsecution: {
      initial: 'idle',
      states: {
        idle: {
          on: {
            REQUEST_SUPPORT_PROSECUTION: {
              guard: 'caseOpen',
              target: 'requested',
              actions: [
                assign({ supportProsecution: ({ event }) => ({ orgId: ev<'REQUEST_SUPPORT_PROSECUTION'>(event).procuratorateOrgId, requestedAt: event.at }) }),
                { type: 'startDeadline', params: ({ context, event }) => ({ kind: 'SUPPORT_PROSECUTION_SLA', triggerAt: event.at, length: context.policy.supportProsecutionSlaDays ?? 3 }) },
                {
                  type: 'openReferral',
                  params: ({ event }) => ({ kind: 'SUPPORT_PROSECUTION', toOrgId: ev<'REQUEST_SUPPORT_PROSECUTION'>(event).procuratorateOrgId, dueKind: 'SUPPORT_PROSECUTION_SLA' }),
                },
              ],
            },
          },
        },
        requested: {
          on: {
            SP_SUPPORT: {
              target: 'supported',
              actions: [
                assign({ supportProsecution: ({ context, event }) => ({ ...context.supportProsecution!, decidedAt: event.at }) }),
                { type: 'completeDeadline', params: { kind: 'SUPPORT_PROSECUTION_SLA', status: 'MET' } },
                { type: 'completeReferral', params: { kind: 'SUPPORT_PROSECUTION', status: 'ACCEPTED' } },
              ],
            },
            SP_DECLINE: {
              target: 'declined',
              actions: [
                assign({ supportProsecution: ({ context, event }) => ({ ...context.supportProsecution!, decidedAt: event.at, reason: ev<'SP_DECLINE'>(event).reason }) }),
                { type: 'completeDeadline', params: { kind: 'SUPPORT_PROSECUTION_SLA', status: 'MET' } },
                { type: 'completeReferral', params: { kind: 'SUPPORT_PROSECUTION', status: 'REJECTED' } },
              ],
            },
            DEADLINE_EXPIRED: { guard: { type: 'isDeadline', params: { kind: 'SUPPORT_PROSECUTION_SLA' } }, actions: notify('DEADLINE_OVERDUE', 'MANAGER') },
          },
        },
        supported: {},
        declined: {},
      },
    },

    legalAid: {
      initial: 'idle',
      states: {
        idle: {
          on: {
            REQUEST_LEGAL_AID: {
              guard: 'caseOpen',
              target: 'reviewing',
              actions: [
                assign({
                  legalAid: ({ context, event }) => ({
                    orgId: ev<'REQUEST_LEGAL_AID'>(event).justiceOrgId,
                    requestedAt: event.at,
                    // Legal Aid Law art. 42: migrant workers claiming wages or injury compensation skip the means test.
                    meansTestWaived: context.migrantWageClaim ?? false,
                  }),
                }),
                { type: 'startDeadline', params: ({ event }) => ({ kind: 'LEGAL_AID_REVIEW', triggerAt: event.at, length: 7 }) },
                { type: 'openReferral', params: ({ event }) => ({ kind: 'LEGAL_AID', toOrgId: ev<'REQUEST_LEGAL_AID'>(event).justiceOrgId, dueKind: 'LEGAL_AID_REVIEW' }) },
              ],
            },
          },
        },
        reviewing: {
          on: {
            LA_GRANT: {
              target: 'granted',
              actions: [
                assign({ legalAid: ({ context, event }) => ({ ...context.legalAid!, decidedAt: event.at, lawyerName: ev<'LA_GRANT'>(event).lawyerName }) }),
                { type: 'completeDeadline', params: { kind: 'LEGAL_AID_REVIEW', status: 'MET' } },
                { type: 'completeReferral', params: { kind: 'LEGAL_AID', status: 'ACCEPTED' } },
              ],
            },
            LA_DENY: {
              target: 'denied',
              actions: [
                assign({ legalAid: ({ context, event }) => ({ ...context.legalAid!, decidedAt: event.at, reason: ev<'LA_DENY'>(event).reason }) }),
                { type: 'completeDeadline', params: { kind: 'LEGAL_AID_REVIEW', status: 'MET' } },
                { type: 'completeReferral', params: { kind: 'LEGAL_AID', status: 'REJECTED' } },
              ],
            },
            DEADLINE_EXPIRED: { guard: { type: 'isDeadline', params: { kind: 'LEGAL_AID_REVIEW' } }, actions: notify('DEADLINE_OVERDUE', 'MANAGER') },
          },
        },
        granted: {},
        denied: {},
      },
    },

    laborInspection: {
      initial: 'idle',
      states: {
        idle: {
          on: {
            REFER_LABOR_INSPECTION: {
              guard: 'caseOpen',
              target: 'referred',
              actions: [
                assign({ laborInspection: ({ event }) => ({ orgId: ev<'REFER_LABOR_INSPECTION'>(event).hrssOrgId, requestedAt: event.at }) }),
                { type: 'openReferral', params: ({ event }) => ({ kind: 'LABOR_INSPECTION', toOrgId: ev<'REFER_LABOR_INSPECTION'>(event).hrssOrgId }) },
              ],
            },
          },
        },
        referred: {},
      },
    },
  },
});

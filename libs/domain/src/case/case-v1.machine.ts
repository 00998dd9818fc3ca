import { assign, setup } from 'xstate';
import { checkEvent } from './case.checks';
import type { CaseEffect } from './case.effects';
import type { CaseContext, CaseEvent, CaseEventOf, CaseInput } from './case.types';
import { DEFAULT_CASE_POLICY } from './case.types';

/**
 * The case machine, version 1 — frozen: cases opened on it finish on it. New cases use case.machine.ts. (DOMAIN.md §3.1–3.4): intake → mediation → performance → resolved,
 * or failed / closed.
 *
 * Pure: guards and assigns read only the context and the event; time arrives on the event (`at`).
 * Side effects are named actions with parameters that the server turns into rows (DESIGN §3).
 * No `after`: every legal deadline is a row plus a job, fired back in as DEADLINE_EXPIRED.
 *
 * Contract: stored snapshots name these states; a change that moves or renames one needs a new
 * machine version (see case-machine-registry.ts).
 */
export const CASE_MACHINE_V1 = 'case-v1';

type Params<T extends CaseEffect['type']> = Omit<Extract<CaseEffect, { type: T }>, 'type'>;
const effect = <T extends CaseEffect['type']>() => (_: unknown, _params: Params<T>) => undefined;
const ev = <T extends CaseEvent['type']>(event: CaseEvent) => event as CaseEventOf<T>;

export const caseMachineV1 = setup({
  types: {
    context: {} as CaseContext,
    events: {} as CaseEvent,
    input: {} as CaseInput,
  },
  actions: {
    startDeadline: effect<'startDeadline'>(),
    extendDeadline: effect<'extendDeadline'>(),
    completeDeadline: effect<'completeDeadline'>(),
    cancelAllDeadlines: () => undefined,
    notify: effect<'notify'>(),
    issueDocument: effect<'issueDocument'>(),
    assignMediator: assign({
      mediatorId: ({ event }) => ev<'ASSIGN_MEDIATOR'>(event).mediatorId,
      coMediatorIds: ({ event }) => ev<'ASSIGN_MEDIATOR'>(event).coMediatorIds ?? [],
    }),
    recordPayment: assign({
      paidFen: ({ context, event }) => context.paidFen + ev<'RECORD_PAYMENT'>(event).amountFen,
      payments: ({ context, event }) => {
        const e = ev<'RECORD_PAYMENT'>(event);
        return [
          ...context.payments,
          { amountFen: e.amountFen, paidAt: e.paidAt, method: e.method, evidenceRef: e.evidenceRef, recordedAt: e.at },
        ];
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
  },
  guards: {
    passesChecks: ({ context, event }) => checkEvent(context, event) === null,
    completesPayment: ({ context, event }) => {
      const e = ev<'RECORD_PAYMENT'>(event);
      return checkEvent(context, event) === null && context.paidFen + e.amountFen === context.agreement?.totalFen;
    },
    isDeadline: ({ event }, params: { kind: string }) => event.type === 'DEADLINE_EXPIRED' && event.kind === params.kind,
  },
}).createMachine({
  id: 'case',
  initial: 'intake',
  context: ({ input }) => ({
    caseId: input.caseId,
    channel: input.channel,
    receivedAt: input.receivedAt,
    claimedFen: input.claimedFen,
    policy: input.policy ?? DEFAULT_CASE_POLICY,
    coMediatorIds: [],
    sessions: [],
    mediationExtensionDays: 0,
    paidFen: 0,
    payments: [],
  }),
  on: {
    // LDMAL art. 14: 15 days after receipt with no agreement, either party may apply for arbitration.
    // This opens a right; it never closes the case.
    DEADLINE_EXPIRED: {
      guard: { type: 'isDeadline', params: { kind: 'ARBITRATION_RIGHT' } },
      actions: [
        assign({ arbitrationRightOpenedAt: ({ event }) => event.at }),
        { type: 'notify', params: { template: 'ARBITRATION_RIGHT_OPEN', to: 'WORKERS' } },
      ],
    },
  },
  states: {
    intake: {
      entry: {
        type: 'startDeadline',
        params: ({ context }) => ({ kind: 'ARBITRATION_RIGHT', triggerAt: context.receivedAt, length: 15 }),
      },
      on: {
        ACCEPT: {
          target: 'mediation',
          actions: [
            assign({ acceptedAt: ({ event }) => event.at }),
            {
              type: 'startDeadline',
              params: ({ context, event }) => ({
                kind: 'MEDIATION_PERIOD',
                triggerAt: event.at,
                length: context.policy.mediationDays,
              }),
            },
            { type: 'issueDocument', params: { kind: 'ACCEPTANCE_NOTICE' } },
            { type: 'notify', params: { template: 'CASE_ACCEPTED', to: 'WORKERS' } },
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
            { type: 'notify', params: { template: 'CASE_REJECTED', to: 'WORKERS' } },
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
            { type: 'issueDocument', params: { kind: 'TERMINATION_NOTE' } },
            { type: 'notify', params: { template: 'MEDIATION_TERMINATED', to: 'BOTH_PARTIES' } },
          ],
        },
        // The period ran out without agreement: mediation has failed (LDMAL art. 14).
        DEADLINE_EXPIRED: {
          guard: { type: 'isDeadline', params: { kind: 'MEDIATION_PERIOD' } },
          target: 'failed',
          actions: [
            assign({ closingReason: 'the mediation period expired without agreement' }),
            { type: 'issueDocument', params: { kind: 'TERMINATION_NOTE' } },
            { type: 'notify', params: { template: 'MEDIATION_TERMINATED', to: 'BOTH_PARTIES' } },
          ],
        },
      },
      states: {
        awaitingMediator: {
          on: { ASSIGN_MEDIATOR: { target: 'active', actions: 'assignMediator' } },
        },
        active: {
          on: {
            ASSIGN_MEDIATOR: { actions: 'assignMediator' },
            SCHEDULE_SESSION: {
              guard: 'passesChecks',
              actions: [
                assign({
                  sessions: ({ context, event }) => {
                    const e = ev<'SCHEDULE_SESSION'>(event);
                    return [
                      ...context.sessions,
                      { at: e.sessionAt, place: e.place, online: e.online ?? false, scheduledAt: e.at },
                    ];
                  },
                }),
                { type: 'notify', params: { template: 'SESSION_SCHEDULED', to: 'BOTH_PARTIES' } },
              ],
            },
            RECORD_SESSION: {
              guard: 'passesChecks',
              actions: assign({
                sessions: ({ context, event }) => {
                  const e = ev<'RECORD_SESSION'>(event);
                  const i = context.sessions.findIndex((s) => !s.recordedAt);
                  return context.sessions.map((s, j) => (j === i ? { ...s, summary: e.summary, recordedAt: e.at } : s));
                },
              }),
            },
            EXTEND_MEDIATION: {
              guard: 'passesChecks',
              actions: [
                assign({
                  mediationExtensionDays: ({ context, event }) =>
                    context.mediationExtensionDays + ev<'EXTEND_MEDIATION'>(event).days,
                }),
                {
                  type: 'extendDeadline',
                  params: ({ event }) => ({ kind: 'MEDIATION_PERIOD', days: ev<'EXTEND_MEDIATION'>(event).days }),
                },
              ],
            },
            REACH_AGREEMENT: {
              guard: 'passesChecks',
              target: '#case.performance',
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
                { type: 'completeDeadline', params: { kind: 'ARBITRATION_RIGHT', status: 'CANCELLED' } },
                { type: 'issueDocument', params: { kind: 'AGREEMENT' } },
                { type: 'notify', params: { template: 'AGREEMENT_REACHED', to: 'BOTH_PARTIES' } },
              ],
            },
          },
        },
      },
    },
    performance: {
      on: {
        RECORD_PAYMENT: [
          {
            guard: 'completesPayment',
            target: 'resolved',
            actions: [
              'recordPayment',
              assign({ outcome: 'RESOLVED' }),
              { type: 'notify', params: { template: 'PAYMENT_RECORDED', to: 'WORKERS' } },
            ],
          },
          {
            guard: 'passesChecks',
            actions: ['recordPayment', { type: 'notify', params: { template: 'PAYMENT_RECORDED', to: 'WORKERS' } }],
          },
        ],
      },
    },
    resolved: {
      on: { CLOSE: { target: 'closed', actions: ['close', 'cancelAllDeadlines'] } },
    },
    failed: {
      on: { CLOSE: { target: 'closed', actions: ['close', 'cancelAllDeadlines'] } },
    },
    closed: { type: 'final' },
  },
});

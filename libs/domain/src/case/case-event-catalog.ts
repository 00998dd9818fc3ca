import { z } from 'zod';
import type { Role } from '../auth/roles';
import { DEADLINE_KINDS } from '../deadlines/deadline-rules';
import type { CaseContext, CaseEvent, CaseEventType } from './case.types';
import { PAYMENT_METHODS } from './case.types';

/**
 * The one table of case events: who may send each (DESIGN §3: the API, the console and the
 * authorization tests all read this), the payload it takes (API.md "Event names"), how the payload
 * becomes a machine event, and the smallest valid example used to ask the machine whether the event
 * is possible now (`snapshot.can`).
 */
// Instants are accepted with any offset and kept as UTC ISO strings, so they compare and hash one way.
const isoInstant = z.iso
  .datetime({ offset: true, message: 'must be an ISO 8601 time with offset' })
  .transform((v) => new Date(v).toISOString());
const isoDate = z.iso.date({ message: 'must be a date YYYY-MM-DD' });
const text = (max = 2000) => z.string().trim().min(1, 'must not be empty').max(max);
const fen = z.number().int('must be whole fen').positive('must be positive').max(Number.MAX_SAFE_INTEGER);
const uuid = z.uuid({ message: 'must be a UUID' });

const MEDIATORS: Role[] = ['UNION_MEDIATOR', 'UNION_MANAGER'];

interface CatalogEntry<S extends z.ZodType> {
  roles: readonly Role[];
  payload: S;
  toEvent: (payload: z.infer<S>, at: string) => CaseEvent;
  probe: (context: CaseContext, at: string) => CaseEvent;
  summary: string;
}

const entry = <S extends z.ZodType>(e: CatalogEntry<S>) => e;
const empty = z.strictObject({});

export const CASE_EVENT_CATALOG = {
  ACCEPT: entry({
    summary: 'Accept the application (受理)',
    roles: MEDIATORS,
    payload: empty,
    toEvent: (_p, at) => ({ type: 'ACCEPT', at }),
    probe: (_c, at) => ({ type: 'ACCEPT', at }),
  }),
  REJECT: entry({
    summary: 'Refuse the application in writing, with a reason and where to go instead',
    roles: MEDIATORS,
    payload: z.strictObject({ reason: text(), redirectTo: text(500).optional() }),
    toEvent: (p, at) => ({ type: 'REJECT', at, reason: p.reason, redirectTo: p.redirectTo }),
    probe: (_c, at) => ({ type: 'REJECT', at, reason: 'x' }),
  }),
  WITHDRAW: entry({
    summary: 'The worker withdraws the application',
    roles: MEDIATORS,
    payload: z.strictObject({ reason: text() }),
    toEvent: (p, at) => ({ type: 'WITHDRAW', at, reason: p.reason }),
    probe: (_c, at) => ({ type: 'WITHDRAW', at, reason: 'x' }),
  }),
  ASSIGN_MEDIATOR: entry({
    summary: 'Assign the lead mediator (and co-mediators)',
    roles: MEDIATORS,
    payload: z.strictObject({ mediatorId: uuid, coMediatorIds: z.array(uuid).max(5).optional() }),
    toEvent: (p, at) => ({ type: 'ASSIGN_MEDIATOR', at, mediatorId: p.mediatorId, coMediatorIds: p.coMediatorIds }),
    probe: (_c, at) => ({ type: 'ASSIGN_MEDIATOR', at, mediatorId: '00000000-0000-4000-8000-000000000000' }),
  }),
  SCHEDULE_SESSION: entry({
    summary: 'Schedule a mediation session',
    roles: MEDIATORS,
    payload: z.strictObject({ at: isoInstant, place: text(500).optional(), online: z.boolean().optional() }),
    toEvent: (p, at) => ({ type: 'SCHEDULE_SESSION', at, sessionAt: p.at, place: p.place, online: p.online }),
    probe: (_c, at) => ({ type: 'SCHEDULE_SESSION', at, sessionAt: at, online: true }),
  }),
  RECORD_SESSION: entry({
    summary: 'Record what happened at the session',
    roles: MEDIATORS,
    payload: z.strictObject({ summary: text(10000) }),
    toEvent: (p, at) => ({ type: 'RECORD_SESSION', at, summary: p.summary }),
    probe: (_c, at) => ({ type: 'RECORD_SESSION', at, summary: 'x' }),
  }),
  EXTEND_MEDIATION: entry({
    summary: "Extend the mediation period with both parties' consent",
    roles: MEDIATORS,
    payload: z.strictObject({
      days: z.number().int('must be whole days').min(1).max(365),
      consentOfBoth: z.literal(true, { message: 'both parties must consent (true)' }),
    }),
    toEvent: (p, at) => ({ type: 'EXTEND_MEDIATION', at, days: p.days, consentOfBoth: true }),
    probe: (_c, at) => ({ type: 'EXTEND_MEDIATION', at, days: 1, consentOfBoth: true }),
  }),
  REACH_AGREEMENT: entry({
    summary: 'Record the signed agreement: items and payment schedule',
    roles: MEDIATORS,
    payload: z.strictObject({
      items: z.array(z.strictObject({ type: text(100), agreedFen: fen })).min(1).max(50),
      schedule: z.array(z.strictObject({ dueDate: isoDate, amountFen: fen })).min(1).max(120),
      signedAt: isoInstant,
    }),
    toEvent: (p, at) => ({ type: 'REACH_AGREEMENT', at, items: p.items, schedule: p.schedule, signedAt: p.signedAt }),
    probe: (_c, at) => ({
      type: 'REACH_AGREEMENT',
      at,
      items: [{ type: 'WAGES', agreedFen: 1 }],
      schedule: [{ dueDate: at.slice(0, 10), amountFen: 1 }],
      signedAt: at,
    }),
  }),
  MEDIATION_FAILED: entry({
    summary: 'End mediation without agreement (termination note)',
    roles: MEDIATORS,
    payload: z.strictObject({ reason: text() }),
    toEvent: (p, at) => ({ type: 'MEDIATION_FAILED', at, reason: p.reason }),
    probe: (_c, at) => ({ type: 'MEDIATION_FAILED', at, reason: 'x' }),
  }),
  RECORD_PAYMENT: entry({
    summary: 'Record a verified payment to the worker(s)',
    roles: MEDIATORS,
    payload: z.strictObject({
      amountFen: fen,
      paidAt: isoInstant,
      method: z.enum(PAYMENT_METHODS),
      evidenceRef: text(500).optional(),
    }),
    toEvent: (p, at) => ({ type: 'RECORD_PAYMENT', at, amountFen: p.amountFen, paidAt: p.paidAt, method: p.method, evidenceRef: p.evidenceRef }),
    probe: (_c, at) => ({ type: 'RECORD_PAYMENT', at, amountFen: 1, paidAt: at, method: 'BANK_TRANSFER' }),
  }),
  CLOSE: entry({
    summary: 'Close the case',
    roles: MEDIATORS,
    payload: z.strictObject({ outcome: text(100).optional() }),
    toEvent: (p, at) => ({ type: 'CLOSE', at, outcome: p.outcome }),
    probe: (_c, at) => ({ type: 'CLOSE', at }),
  }),
  DEADLINE_EXPIRED: entry({
    summary: 'A legal deadline passed (sent by the engine only)',
    roles: ['SYSTEM'],
    payload: z.strictObject({ deadlineId: uuid, kind: z.enum(DEADLINE_KINDS) }),
    toEvent: (p, at) => ({ type: 'DEADLINE_EXPIRED', at, deadlineId: p.deadlineId, kind: p.kind }),
    probe: (_c, at) => ({ type: 'DEADLINE_EXPIRED', at, deadlineId: '00000000-0000-4000-8000-000000000000', kind: 'MEDIATION_PERIOD' }),
  }),
} satisfies { [T in CaseEventType]: CatalogEntry<z.ZodType> };

export const CASE_EVENT_TYPES = Object.keys(CASE_EVENT_CATALOG) as CaseEventType[];

export function isCaseEventType(value: unknown): value is CaseEventType {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(CASE_EVENT_CATALOG, value);
}

export function rolesFor(type: CaseEventType): readonly Role[] {
  return CASE_EVENT_CATALOG[type].roles;
}

export function mayRoleSend(roles: readonly Role[], type: CaseEventType): boolean {
  const allowed = CASE_EVENT_CATALOG[type].roles;
  return roles.some((r) => allowed.includes(r));
}

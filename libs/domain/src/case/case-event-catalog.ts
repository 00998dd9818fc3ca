import { z } from 'zod';
import type { Role } from '../auth/roles';
import { LegalCalendar } from '../calendar/legal-calendar';
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
const COURT: Role[] = ['COURT_CLERK', 'JUDGE'];
const ARBITRATION: Role[] = ['ARBITRATION_CLERK'];
const PROCURATORATE: Role[] = ['PROCURATOR'];
const LEGAL_AID: Role[] = ['LEGAL_AID_OFFICER'];
const ZERO_UUID = '00000000-0000-4000-8000-000000000000';

interface CatalogEntry<S extends z.ZodType> {
  roles: readonly Role[];
  /**
   * For events the receiving side sends: the organisation the case was referred to. Only a user of
   * that organisation may send the event (a clerk of another court may not confirm this agreement).
   */
  receiver?: (context: CaseContext) => string | undefined;
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
      // The legal day of `at` (Asia/Shanghai): its UTC date is the day before between 00:00 and 08:00, which the checks refuse.
      schedule: [{ dueDate: LegalCalendar.shanghaiDate(new Date(at)), amountFen: 1 }],
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
  TRANSFER: entry({
    summary: 'Hand the case to another centre (e.g. a station to the home county), with the reason',
    roles: [...MEDIATORS, 'STATION_CLERK'],
    payload: z.strictObject({ toOrgId: uuid, reason: text() }),
    toEvent: (p, at) => ({ type: 'TRANSFER', at, toOrgId: p.toOrgId, reason: p.reason }),
    probe: (_c, at) => ({ type: 'TRANSFER', at, toOrgId: ZERO_UUID, reason: 'x' }),
  }),
  ESCALATE: entry({
    summary: 'Pass the case up to the next Fengqiao tier with its history',
    roles: MEDIATORS,
    payload: z.strictObject({ reason: text() }),
    toEvent: (p, at) => ({ type: 'ESCALATE', at, reason: p.reason }),
    probe: (_c, at) => ({ type: 'ESCALATE', at, reason: 'x' }),
  }),
  REQUEST_JUDICIAL_CONFIRMATION: entry({
    summary: 'File the joint application for judicial confirmation with a court',
    roles: MEDIATORS,
    payload: z.strictObject({ courtOrgId: uuid }),
    toEvent: (p, at) => ({ type: 'REQUEST_JUDICIAL_CONFIRMATION', at, courtOrgId: p.courtOrgId }),
    probe: (_c, at) => ({ type: 'REQUEST_JUDICIAL_CONFIRMATION', at, courtOrgId: ZERO_UUID }),
  }),
  JC_ACCEPT: entry({
    summary: 'The court accepts the confirmation application',
    roles: COURT,
    receiver: (c) => c.judicialConfirmation?.courtOrgId,
    payload: empty,
    toEvent: (_p, at) => ({ type: 'JC_ACCEPT', at }),
    probe: (_c, at) => ({ type: 'JC_ACCEPT', at }),
  }),
  JC_REJECT: entry({
    summary: 'The court does not accept the confirmation application',
    roles: COURT,
    receiver: (c) => c.judicialConfirmation?.courtOrgId,
    payload: z.strictObject({ reason: text() }),
    toEvent: (p, at) => ({ type: 'JC_REJECT', at, reason: p.reason }),
    probe: (_c, at) => ({ type: 'JC_REJECT', at, reason: 'x' }),
  }),
  JC_EXTEND: entry({
    summary: 'The court extends its ruling period by 10 days (once)',
    roles: COURT,
    receiver: (c) => c.judicialConfirmation?.courtOrgId,
    payload: z.strictObject({ reason: text() }),
    toEvent: (p, at) => ({ type: 'JC_EXTEND', at, reason: p.reason }),
    probe: (_c, at) => ({ type: 'JC_EXTEND', at, reason: 'x' }),
  }),
  JC_CONFIRM: entry({
    summary: 'The court confirms the agreement: it becomes enforceable',
    roles: COURT,
    receiver: (c) => c.judicialConfirmation?.courtOrgId,
    payload: z.strictObject({ rulingNo: text(100) }),
    toEvent: (p, at) => ({ type: 'JC_CONFIRM', at, rulingNo: p.rulingNo }),
    probe: (_c, at) => ({ type: 'JC_CONFIRM', at, rulingNo: 'x' }),
  }),
  JC_REFUSE: entry({
    summary: 'The court refuses to confirm the agreement',
    roles: COURT,
    receiver: (c) => c.judicialConfirmation?.courtOrgId,
    payload: z.strictObject({ reason: text() }),
    toEvent: (p, at) => ({ type: 'JC_REFUSE', at, reason: p.reason }),
    probe: (_c, at) => ({ type: 'JC_REFUSE', at, reason: 'x' }),
  }),
  APPLY_PAYMENT_ORDER: entry({
    summary: 'Apply to the court for a payment order on the agreement (LDMAL art. 16)',
    roles: MEDIATORS,
    payload: z.strictObject({ courtOrgId: uuid }),
    toEvent: (p, at) => ({ type: 'APPLY_PAYMENT_ORDER', at, courtOrgId: p.courtOrgId }),
    probe: (_c, at) => ({ type: 'APPLY_PAYMENT_ORDER', at, courtOrgId: ZERO_UUID }),
  }),
  PAYMENT_ORDER_ISSUED: entry({
    summary: 'The court issues the payment order',
    roles: COURT,
    receiver: (c) => c.paymentOrder?.courtOrgId,
    payload: z.strictObject({ orderNo: text(100) }),
    toEvent: (p, at) => ({ type: 'PAYMENT_ORDER_ISSUED', at, orderNo: p.orderNo }),
    probe: (_c, at) => ({ type: 'PAYMENT_ORDER_ISSUED', at, orderNo: 'x' }),
  }),
  PAYMENT_ORDER_OBJECTED: entry({
    summary: 'The employer objected in writing: the payment order ends',
    roles: COURT,
    receiver: (c) => c.paymentOrder?.courtOrgId,
    payload: z.strictObject({ reason: text() }),
    toEvent: (p, at) => ({ type: 'PAYMENT_ORDER_OBJECTED', at, reason: p.reason }),
    probe: (_c, at) => ({ type: 'PAYMENT_ORDER_OBJECTED', at, reason: 'x' }),
  }),
  APPLY_ENFORCEMENT: entry({
    summary: 'Apply to the court for enforcement of an enforceable title',
    roles: MEDIATORS,
    payload: z.strictObject({ courtOrgId: uuid }),
    toEvent: (p, at) => ({ type: 'APPLY_ENFORCEMENT', at, courtOrgId: p.courtOrgId }),
    probe: (_c, at) => ({ type: 'APPLY_ENFORCEMENT', at, courtOrgId: ZERO_UUID }),
  }),
  REFER_ARBITRATION: entry({
    summary: 'Refer the dispute to the labor arbitration commission',
    roles: MEDIATORS,
    payload: z.strictObject({ commissionOrgId: uuid }),
    toEvent: (p, at) => ({ type: 'REFER_ARBITRATION', at, commissionOrgId: p.commissionOrgId }),
    probe: (_c, at) => ({ type: 'REFER_ARBITRATION', at, commissionOrgId: ZERO_UUID }),
  }),
  ARB_ACCEPT: entry({
    summary: 'The commission accepts the arbitration application',
    roles: ARBITRATION,
    receiver: (c) => c.arbitration?.commissionOrgId,
    payload: empty,
    toEvent: (_p, at) => ({ type: 'ARB_ACCEPT', at }),
    probe: (_c, at) => ({ type: 'ARB_ACCEPT', at }),
  }),
  ARB_NOT_ACCEPT: entry({
    summary: 'The commission does not accept the application: the worker may sue',
    roles: ARBITRATION,
    receiver: (c) => c.arbitration?.commissionOrgId,
    payload: z.strictObject({ reason: text() }),
    toEvent: (p, at) => ({ type: 'ARB_NOT_ACCEPT', at, reason: p.reason }),
    probe: (_c, at) => ({ type: 'ARB_NOT_ACCEPT', at, reason: 'x' }),
  }),
  SUSPEND_ARBITRATION: entry({
    summary: 'Suspend the arbitration: the award clock pauses',
    roles: ARBITRATION,
    receiver: (c) => c.arbitration?.commissionOrgId,
    payload: z.strictObject({ reason: text() }),
    toEvent: (p, at) => ({ type: 'SUSPEND_ARBITRATION', at, reason: p.reason }),
    probe: (_c, at) => ({ type: 'SUSPEND_ARBITRATION', at, reason: 'x' }),
  }),
  RESUME_ARBITRATION: entry({
    summary: 'Resume the arbitration: the award clock runs on',
    roles: ARBITRATION,
    receiver: (c) => c.arbitration?.commissionOrgId,
    payload: empty,
    toEvent: (_p, at) => ({ type: 'RESUME_ARBITRATION', at }),
    probe: (_c, at) => ({ type: 'RESUME_ARBITRATION', at }),
  }),
  AMEND_CLAIMS: entry({
    summary: 'Claims changed or a party was added: the award period starts again',
    roles: ARBITRATION,
    receiver: (c) => c.arbitration?.commissionOrgId,
    payload: z.strictObject({ reason: text() }),
    toEvent: (p, at) => ({ type: 'AMEND_CLAIMS', at, reason: p.reason }),
    probe: (_c, at) => ({ type: 'AMEND_CLAIMS', at, reason: 'x' }),
  }),
  EXTEND_ARBITRATION: entry({
    summary: "Extend the award period with the chair's written approval (once, at most 15 days)",
    roles: ARBITRATION,
    receiver: (c) => c.arbitration?.commissionOrgId,
    payload: z.strictObject({ days: z.number().int().min(1).max(15), reason: text() }),
    toEvent: (p, at) => ({ type: 'EXTEND_ARBITRATION', at, days: p.days, reason: p.reason }),
    probe: (_c, at) => ({ type: 'EXTEND_ARBITRATION', at, days: 1, reason: 'x' }),
  }),
  AWARD_SERVED: entry({
    summary: 'The award was served; finality is decided per item against 12 months of the minimum wage (art. 47)',
    roles: ARBITRATION,
    receiver: (c) => c.arbitration?.commissionOrgId,
    // API.md: `AWARD_SERVED (final, awardedFen, servedAt)`. Items per claim may be given instead of one total;
    // either way the server decides finality (a `final` sent that the law contradicts is refused).
    payload: z
      .strictObject({
        servedAt: isoInstant,
        items: z
          .array(z.strictObject({ type: text(100), awardedFen: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER) }))
          .min(1)
          .max(50)
          .optional(),
        awardedFen: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
        final: z.boolean().optional(),
      })
      .refine((p) => p.items !== undefined || p.awardedFen !== undefined, { message: 'give the items awarded, or awardedFen', path: ['items'] }),
    // Finality and the threshold are filled in by the server from the minimum-wage table before the machine sees the event.
    toEvent: (p, at) => {
      const items = p.items ?? [{ type: '', awardedFen: p.awardedFen ?? 0 }];
      return {
        type: 'AWARD_SERVED',
        at,
        servedAt: p.servedAt,
        items: items.map((i) => ({ ...i, final: false })),
        final: false,
        declaredFinal: p.final,
        awardedFen: items.reduce((s, i) => s + i.awardedFen, 0),
        thresholdFen: 0,
      };
    },
    probe: (_c, at) => ({ type: 'AWARD_SERVED', at, servedAt: at, items: [{ type: 'WAGE_ARREARS', awardedFen: 0, final: true }], final: true, awardedFen: 0, thresholdFen: 0 }),
  }),
  SUE_AFTER_AWARD: entry({
    summary: 'A party sued within 15 days of the award (arts. 48, 50)',
    roles: [...MEDIATORS, ...LEGAL_AID],
    payload: z.strictObject({ courtOrgId: uuid }),
    toEvent: (p, at) => ({ type: 'SUE_AFTER_AWARD', at, courtOrgId: p.courtOrgId }),
    probe: (_c, at) => ({ type: 'SUE_AFTER_AWARD', at, courtOrgId: ZERO_UUID }),
  }),
  FILE_LAWSUIT: entry({
    summary: 'The worker filed a lawsuit',
    roles: [...MEDIATORS, ...LEGAL_AID],
    payload: z.strictObject({ courtOrgId: uuid }),
    toEvent: (p, at) => ({ type: 'FILE_LAWSUIT', at, courtOrgId: p.courtOrgId }),
    probe: (_c, at) => ({ type: 'FILE_LAWSUIT', at, courtOrgId: ZERO_UUID }),
  }),
  RETURN_TO_COURT: entry({
    summary: 'Return a court-entrusted case to the court with a handover packet',
    roles: MEDIATORS,
    payload: z.strictObject({ reason: text(), pointsInDispute: z.array(text(500)).max(20).optional() }),
    toEvent: (p, at) => ({ type: 'RETURN_TO_COURT', at, reason: p.reason, pointsInDispute: p.pointsInDispute }),
    probe: (_c, at) => ({ type: 'RETURN_TO_COURT', at, reason: 'x' }),
  }),
  REQUEST_SUPPORT_PROSECUTION: entry({
    summary: "Ask the procuratorate to support the worker's lawsuit",
    roles: MEDIATORS,
    payload: z.strictObject({ procuratorateOrgId: uuid }),
    toEvent: (p, at) => ({ type: 'REQUEST_SUPPORT_PROSECUTION', at, procuratorateOrgId: p.procuratorateOrgId }),
    probe: (_c, at) => ({ type: 'REQUEST_SUPPORT_PROSECUTION', at, procuratorateOrgId: ZERO_UUID }),
  }),
  SP_SUPPORT: entry({
    summary: 'The procuratorate supports the lawsuit',
    roles: PROCURATORATE,
    receiver: (c) => c.supportProsecution?.orgId,
    payload: empty,
    toEvent: (_p, at) => ({ type: 'SP_SUPPORT', at }),
    probe: (_c, at) => ({ type: 'SP_SUPPORT', at }),
  }),
  SP_DECLINE: entry({
    summary: 'The procuratorate declines to support the lawsuit',
    roles: PROCURATORATE,
    receiver: (c) => c.supportProsecution?.orgId,
    payload: z.strictObject({ reason: text() }),
    toEvent: (p, at) => ({ type: 'SP_DECLINE', at, reason: p.reason }),
    probe: (_c, at) => ({ type: 'SP_DECLINE', at, reason: 'x' }),
  }),
  REQUEST_LEGAL_AID: entry({
    summary: 'Apply to the legal-aid centre for the worker',
    roles: [...MEDIATORS, 'STATION_CLERK'],
    payload: z.strictObject({ justiceOrgId: uuid }),
    toEvent: (p, at) => ({ type: 'REQUEST_LEGAL_AID', at, justiceOrgId: p.justiceOrgId }),
    probe: (_c, at) => ({ type: 'REQUEST_LEGAL_AID', at, justiceOrgId: ZERO_UUID }),
  }),
  LA_GRANT: entry({
    summary: 'Legal aid granted and a lawyer assigned',
    roles: LEGAL_AID,
    receiver: (c) => c.legalAid?.orgId,
    payload: z.strictObject({ lawyerName: text(100) }),
    toEvent: (p, at) => ({ type: 'LA_GRANT', at, lawyerName: p.lawyerName }),
    probe: (_c, at) => ({ type: 'LA_GRANT', at, lawyerName: 'x' }),
  }),
  LA_DENY: entry({
    summary: 'Legal aid refused, with the reason',
    roles: LEGAL_AID,
    receiver: (c) => c.legalAid?.orgId,
    payload: z.strictObject({ reason: text() }),
    toEvent: (p, at) => ({ type: 'LA_DENY', at, reason: p.reason }),
    probe: (_c, at) => ({ type: 'LA_DENY', at, reason: 'x' }),
  }),
  REFER_LABOR_INSPECTION: entry({
    summary: 'Refer the employer to labor inspection (HRSS)',
    roles: MEDIATORS,
    payload: z.strictObject({ hrssOrgId: uuid }),
    toEvent: (p, at) => ({ type: 'REFER_LABOR_INSPECTION', at, hrssOrgId: p.hrssOrgId }),
    probe: (_c, at) => ({ type: 'REFER_LABOR_INSPECTION', at, hrssOrgId: ZERO_UUID }),
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
    payload: z.strictObject({ deadlineId: uuid, kind: z.enum(DEADLINE_KINDS), ref: z.string().optional() }),
    toEvent: (p, at) => ({ type: 'DEADLINE_EXPIRED', at, deadlineId: p.deadlineId, kind: p.kind, ref: p.ref }),
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

/** Who is acting: roles, and the organisation (for events only the receiving organisation may send). */
export interface EventSender {
  roles: readonly Role[];
  orgId?: string | null;
}

/** Role allowed, and — for receiving-side events — the sender belongs to the organisation the case was referred to. */
export function maySend(sender: EventSender, type: CaseEventType, context: CaseContext): boolean {
  if (!mayRoleSend(sender.roles, type)) return false;
  const receiver = (CASE_EVENT_CATALOG[type] as { receiver?: (c: CaseContext) => string | undefined }).receiver;
  if (!receiver || sender.roles.includes('SYSTEM')) return true;
  const orgId = receiver(context);
  return orgId !== undefined && orgId === sender.orgId;
}

/** Who may open a case through which channel (intake is not a machine event, but it is policy all the same). */
const OPEN_CASE_POLICY: Record<string, readonly Role[]> = {
  WALK_IN: MEDIATORS,
  HOTLINE: MEDIATORS,
  ONLINE: MEDIATORS,
  STATION: [...MEDIATORS, 'STATION_CLERK'],
  COURT_ENTRUSTED: [...MEDIATORS, ...COURT],
  INSPECTION_REFERRAL: [...MEDIATORS, 'HRSS_INSPECTOR'],
};

export function mayOpenCase(roles: readonly Role[], channel: string): boolean {
  return roles.some((r) => (OPEN_CASE_POLICY[channel] ?? []).includes(r));
}

import { LegalCalendar } from '../calendar/legal-calendar';
import type { CaseContext, CaseEvent, CaseEventOf, CaseEventType } from './case.types';

/**
 * Business checks on an event against the case, each returning why it is refused (or null).
 * The machine's guards call these, and the command handler calls the same function to explain a
 * refusal — one rule, one place.
 */
type Check<T extends CaseEventType> = (context: CaseContext, event: CaseEventOf<T>) => string | null;

/** Instants compare as instants, never as strings (offsets differ). */
const earlier = (a: string, b: string): boolean => Date.parse(a) < Date.parse(b);
const outstanding = (c: CaseContext): number => (c.agreement?.totalFen ?? 0) - c.paidFen;
/** The legal calendar day of an instant: its date in Asia/Shanghai, whatever offset it was written with. */
const day = (iso: string): string => LegalCalendar.shanghaiDate(new Date(iso));

export const CASE_CHECKS: { [T in CaseEventType]?: Check<T> } = {
  SCHEDULE_SESSION: (c, e) => {
    if (c.acceptedAt && earlier(e.sessionAt, c.acceptedAt)) return 'a session cannot be scheduled before the case was accepted';
    if (!e.online && !e.place) return 'give a place, or mark the session online';
    return null;
  },
  RECORD_SESSION: (c) =>
    c.sessions.some((s) => !s.recordedAt) ? null : 'there is no scheduled session left to record; schedule one first',
  EXTEND_MEDIATION: (c, e) => {
    if (e.consentOfBoth !== true) return 'an extension needs both parties\u2019 consent';
    const left = c.policy.maxMediationExtensionDays - c.mediationExtensionDays;
    return e.days <= left ? null : `the mediation period may be extended by at most ${left} more day(s)`;
  },
  REACH_AGREEMENT: (c, e) => {
    const itemsTotal = e.items.reduce((s, i) => s + i.agreedFen, 0);
    const scheduleTotal = e.schedule.reduce((s, i) => s + i.amountFen, 0);
    if (e.items.length === 0 || itemsTotal <= 0) return 'an agreement needs at least one item with an amount';
    if (itemsTotal !== scheduleTotal) {
      return `the payment schedule adds up to ${scheduleTotal} fen but the items to ${itemsTotal} fen`;
    }
    if (earlier(e.at, e.signedAt)) return 'the agreement cannot be signed in the future';
    if (c.acceptedAt && earlier(e.signedAt, c.acceptedAt)) return 'the agreement cannot be signed before the case was accepted';
    if (e.schedule.some((i) => i.dueDate < day(e.signedAt))) return 'an instalment cannot fall due before the agreement is signed';
    return null;
  },
  RECORD_PAYMENT: (c, e) => {
    if (e.amountFen <= 0) return 'a payment must be a positive amount';
    if (e.amountFen > outstanding(c)) return `the payment exceeds the ${outstanding(c)} fen still outstanding`;
    if (earlier(e.at, e.paidAt)) return 'a payment cannot be dated in the future';
    return null;
  },
};

export function checkEvent(context: CaseContext, event: CaseEvent): string | null {
  const check = CASE_CHECKS[event.type] as ((c: CaseContext, e: CaseEvent) => string | null) | undefined;
  return check ? check(context, event) : null;
}

export function outstandingFen(context: CaseContext): number {
  return outstanding(context);
}

import type { Dayjs } from 'dayjs';
import type { MessageKey } from '../i18n/messages';
import type { CaseEventType } from './domain';
import { compact, pickedToDate, pickedToIso } from './form-values';
import { parseYuanToFen, sumFen } from './money';

/**
 * The form of each case event's payload (API.md "Event names"). The case page offers exactly the
 * case's `allowedEvents` for this user; this table says which fields each one asks for and how the
 * typed values become the payload (yuan → integer fen, Shanghai wall time → ISO with +08:00).
 */
export type FieldKind =
  | 'text'
  | 'textarea'
  | 'yuan'
  | 'yuanOrZero'
  | 'int'
  | 'datetime'
  | 'bool'
  | 'consent'
  | 'org'
  | 'paymentMethod'
  | 'mediator'
  | 'items'
  | 'schedule'
  | 'lines';

export interface FieldSpec {
  name: string;
  kind: FieldKind;
  label: MessageKey;
  required?: boolean;
  /** For `org`: which body's organisations to offer. */
  agency?: 'UNION' | 'COURT' | 'PROCURATORATE' | 'HRSS' | 'JUSTICE';
  min?: number;
  max?: number;
}

const reason = (required = true): FieldSpec => ({ name: 'reason', kind: 'textarea', label: 'event.reason', required });
const court: FieldSpec = { name: 'courtOrgId', kind: 'org', agency: 'COURT', label: 'event.courtOrgId', required: true };

export const EVENT_FORMS: Partial<Record<CaseEventType, FieldSpec[]>> = {
  ACCEPT: [],
  REJECT: [reason(), { name: 'redirectTo', kind: 'text', label: 'event.redirectTo' }],
  WITHDRAW: [reason()],
  ASSIGN_MEDIATOR: [{ name: 'mediatorId', kind: 'mediator', label: 'event.mediatorId', required: true }],
  SCHEDULE_SESSION: [
    { name: 'at', kind: 'datetime', label: 'event.at', required: true },
    { name: 'place', kind: 'text', label: 'event.place' },
    { name: 'online', kind: 'bool', label: 'event.online' },
  ],
  RECORD_SESSION: [{ name: 'summary', kind: 'textarea', label: 'event.summary', required: true }],
  EXTEND_MEDIATION: [
    // The cap is local configuration (MAX_MEDIATION_EXTENSION_DAYS): the server says when it is exceeded.
    { name: 'days', kind: 'int', label: 'event.days', required: true, min: 1, max: 365 },
    { name: 'consentOfBoth', kind: 'consent', label: 'event.consentOfBoth', required: true },
  ],
  REACH_AGREEMENT: [
    { name: 'items', kind: 'items', label: 'event.items', required: true },
    { name: 'schedule', kind: 'schedule', label: 'event.schedule', required: true },
    { name: 'signedAt', kind: 'datetime', label: 'event.signedAt', required: true },
  ],
  MEDIATION_FAILED: [reason()],
  RECORD_PAYMENT: [
    { name: 'amountFen', kind: 'yuan', label: 'event.amountFen', required: true },
    { name: 'paidAt', kind: 'datetime', label: 'event.paidAt', required: true },
    { name: 'method', kind: 'paymentMethod', label: 'event.method', required: true },
    { name: 'evidenceRef', kind: 'text', label: 'event.evidenceRef' },
  ],
  TRANSFER: [{ name: 'toOrgId', kind: 'org', agency: 'UNION', label: 'event.toOrgId', required: true }, reason()],
  ESCALATE: [reason()],
  REQUEST_JUDICIAL_CONFIRMATION: [court],
  JC_ACCEPT: [],
  JC_REJECT: [reason()],
  JC_EXTEND: [reason()],
  JC_CONFIRM: [{ name: 'rulingNo', kind: 'text', label: 'event.rulingNo', required: true }],
  JC_REFUSE: [reason()],
  APPLY_PAYMENT_ORDER: [court],
  PAYMENT_ORDER_ISSUED: [{ name: 'orderNo', kind: 'text', label: 'event.orderNo', required: true }],
  PAYMENT_ORDER_OBJECTED: [reason()],
  APPLY_ENFORCEMENT: [court],
  REFER_ARBITRATION: [{ name: 'commissionOrgId', kind: 'org', agency: 'HRSS', label: 'event.commissionOrgId', required: true }],
  ARB_ACCEPT: [],
  ARB_NOT_ACCEPT: [reason()],
  SUSPEND_ARBITRATION: [reason()],
  RESUME_ARBITRATION: [],
  AMEND_CLAIMS: [reason()],
  EXTEND_ARBITRATION: [{ name: 'days', kind: 'int', label: 'event.days', required: true, min: 1, max: 15 }, reason()],
  AWARD_SERVED: [
    { name: 'servedAt', kind: 'datetime', label: 'event.servedAt', required: true },
    { name: 'awardedFen', kind: 'yuanOrZero', label: 'event.awardedFen', required: true },
  ],
  SUE_AFTER_AWARD: [court],
  FILE_LAWSUIT: [court],
  RETURN_TO_COURT: [reason(), { name: 'pointsInDispute', kind: 'lines', label: 'event.pointsInDispute' }],
  REQUEST_SUPPORT_PROSECUTION: [{ name: 'procuratorateOrgId', kind: 'org', agency: 'PROCURATORATE', label: 'event.procuratorateOrgId', required: true }],
  SP_SUPPORT: [],
  SP_DECLINE: [reason()],
  REQUEST_LEGAL_AID: [{ name: 'justiceOrgId', kind: 'org', agency: 'JUSTICE', label: 'event.justiceOrgId', required: true }],
  LA_GRANT: [{ name: 'lawyerName', kind: 'text', label: 'event.lawyerName', required: true }],
  LA_DENY: [reason()],
  REFER_LABOR_INSPECTION: [{ name: 'hrssOrgId', kind: 'org', agency: 'HRSS', label: 'event.hrssOrgId', required: true }],
  CLOSE: [{ name: 'outcome', kind: 'text', label: 'event.outcome' }],
};

/** Events with a form of their own; anything else the server offers is shown with no fields. */
export function fieldsOf(type: string): FieldSpec[] {
  return EVENT_FORMS[type as CaseEventType] ?? [];
}

/** Events that change nothing but the state: a confirmation is enough. */
export function needsNoInput(type: string): boolean {
  return fieldsOf(type).length === 0;
}

export interface ItemValue {
  type?: string;
  agreedFen?: string;
}
export interface InstalmentValue {
  dueDate?: Dayjs | null;
  amountFen?: string;
}

const fen = (v: unknown) => (typeof v === 'string' ? parseYuanToFen(v) : null);

/** Sums of an agreement form (items and instalments), in fen; unparseable amounts count as 0. */
export function agreementTotals(items: ItemValue[] | undefined, schedule: InstalmentValue[] | undefined): { items: number; schedule: number } {
  return {
    items: sumFen((items ?? []).map((i) => fen(i?.agreedFen) ?? 0)),
    schedule: sumFen((schedule ?? []).map((i) => fen(i?.amountFen) ?? 0)),
  };
}

/** The event body `{ type, ...payload }` from the form's values. */
export function eventBody(type: string, values: Record<string, unknown>): { type: string } & Record<string, unknown> {
  const payload: Record<string, unknown> = {};
  for (const f of fieldsOf(type)) {
    const v = values[f.name];
    switch (f.kind) {
      case 'yuan':
      case 'yuanOrZero':
        payload[f.name] = fen(v) ?? undefined;
        break;
      case 'int':
        payload[f.name] = v === undefined || v === null || v === '' ? undefined : Number(v);
        break;
      case 'datetime':
        payload[f.name] = pickedToIso(v as Dayjs | undefined);
        break;
      case 'bool':
        payload[f.name] = v === true ? true : undefined;
        break;
      case 'consent':
        payload[f.name] = v === true;
        break;
      case 'items':
        payload[f.name] = ((v as ItemValue[] | undefined) ?? []).map((i) => ({ type: i.type, agreedFen: fen(i.agreedFen) ?? 0 }));
        break;
      case 'schedule':
        payload[f.name] = ((v as InstalmentValue[] | undefined) ?? []).map((i) => ({ dueDate: pickedToDate(i.dueDate ?? undefined), amountFen: fen(i.amountFen) ?? 0 }));
        break;
      case 'lines':
        payload[f.name] = typeof v === 'string' ? v.split('\n').map((l) => l.trim()).filter(Boolean) : undefined;
        break;
      default:
        payload[f.name] = typeof v === 'string' ? v.trim() : v;
    }
  }
  return { type, ...compact(payload) };
}

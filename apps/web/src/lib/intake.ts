import type { Dayjs } from 'dayjs';
import { compact, pickedToIso } from './form-values';
import { parseYuanToFen } from './money';

/** The intake form's values and the API body they become (API.md `POST /api/cases`). */
export interface WorkerValues {
  name?: string;
  idType?: string;
  idNumber?: string;
  phone?: string;
  isMigrantWorker?: boolean;
  employmentForm?: string;
  homeRegionCode?: string;
  representative?: boolean;
}

export interface IntakeValues {
  channel: string;
  regionCode: string;
  receivedAt?: Dayjs;
  facts: string;
  disputeTypes: string[];
  workers: WorkerValues[];
  employer: { name: string; creditCode: string; address?: string };
  claims: { type: string; claimedFen: string; period?: string }[];
}

/** The API body of POST /api/cases from the form (amounts typed in yuan become integer fen). */
export function intakeBody(v: IntakeValues) {
  const reps = v.workers.flatMap((w, i) => (w.representative ? [i] : []));
  return compact({
    channel: v.channel,
    regionCode: v.regionCode,
    receivedAt: pickedToIso(v.receivedAt),
    facts: v.facts.trim(),
    disputeTypes: v.disputeTypes,
    workers: v.workers.map((w) =>
      compact({
        name: (w.name ?? '').trim(),
        idType: w.idType ?? 'RESIDENT_ID',
        idNumber: w.idNumber ?? '',
        phone: w.phone ?? '',
        isMigrantWorker: !!w.isMigrantWorker,
        employmentForm: w.employmentForm,
        homeRegionCode: w.homeRegionCode,
      }),
    ),
    employer: compact({ name: v.employer.name.trim(), creditCode: v.employer.creditCode, address: v.employer.address?.trim() }),
    claims: v.claims.map((c) => compact({ type: c.type, claimedFen: parseYuanToFen(c.claimedFen) ?? 0, period: c.period?.trim() })),
    representatives: reps.length > 0 ? reps : undefined,
  });
}

const TOP_FIELDS = ['channel', 'regionCode', 'receivedAt', 'facts', 'disputeTypes'];

/** Whether a server error's field is one the form shows (else it is listed above the submit button). */
export function isFormField(field: string): boolean {
  return TOP_FIELDS.includes(field) || /^(workers\.\d+|claims\.\d+|employer)\.\w+$/.test(field);
}


import {
  CHANNELS,
  COLLECTIVE_THRESHOLD,
  DISPUTE_TYPES,
  EMPLOYMENT_FORMS,
  ID_TYPES,
  parseCreditCode,
  parseMobile,
  parseResidentId,
} from '@tiaojie/domain';
import { z } from 'zod';

/**
 * The intake form (API.md `POST /api/cases`). Resident ID, credit code and phone are checked by
 * their national standards (DOMAIN.md §5); an invalid one is a 400 naming the field.
 */
const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);
const regionCode = z.string().regex(/^\d{6}(\d{3}(\d{3})?)?$/, 'must be a 6-, 9- or 12-digit region code (GB/T 2260)');

const worker = z.strictObject({
  name: text(100),
  idType: z.enum(ID_TYPES).default('RESIDENT_ID'),
  idNumber: z.string().min(1, 'must not be empty').max(40),
  phone: z.string().min(1, 'must not be empty').max(20),
  homeRegionCode: regionCode.optional(),
  isMigrantWorker: z.boolean().optional(),
  employmentForm: z.enum(EMPLOYMENT_FORMS).optional(),
  address: text(500).optional(),
});

export const openCaseRequestSchema = z
  .strictObject({
    channel: z.enum(CHANNELS),
    regionCode,
    receivedAt: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 time with offset' }).optional(),
    facts: text(20000),
    disputeTypes: z.array(z.enum(DISPUTE_TYPES)).min(1, 'name at least one dispute type').max(16),
    workers: z.array(worker).min(1, 'at least one worker').max(1000),
    employer: z.strictObject({
      name: text(200),
      creditCode: z.string().min(1, 'must not be empty').max(18 + 2),
      legalRepresentative: text(100).optional(),
      address: text(500).optional(),
      regionCode: regionCode.optional(),
      industry: text(100).optional(),
    }),
    claims: z
      .array(
        z.strictObject({
          type: z.enum(DISPUTE_TYPES),
          claimedFen: z.number().int('must be whole fen').min(0).max(Number.MAX_SAFE_INTEGER),
          period: text(100).optional(),
        }),
      )
      .min(1, 'at least one claim')
      .max(50),
    representatives: z.array(z.number().int().min(0)).max(5).optional(),
    entrustingCourtOrgId: z.uuid().optional(),
    courtCaseRef: text(100).optional(),
    /** The outreach activity the worker came from (DOMAIN §3.9); it must be one in the caller's region. */
    outreachActivityId: z.uuid({ message: 'must be a UUID' }).optional(),
    /** When the worker knew, or should have known, of the infringement (LDMAL art. 27 para. 1). */
    infringementKnownAt: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 time with offset' }).optional(),
    /** When the employment ended, if it has: for wage arrears the year runs from then (art. 27 para. 4). */
    employmentEndedAt: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 time with offset' }).optional(),
  })
  .superRefine((req, ctx) => {
    req.workers.forEach((w, i) => {
      if (w.idType === 'RESIDENT_ID') {
        const id = parseResidentId(w.idNumber);
        if (!id.ok) ctx.addIssue({ code: 'custom', path: ['workers', i, 'idNumber'], message: `not a valid resident ID: ${id.reason}` });
      }
      const phone = parseMobile(w.phone);
      if (!phone.ok) ctx.addIssue({ code: 'custom', path: ['workers', i, 'phone'], message: `not a valid mainland mobile number: ${phone.reason}` });
    });
    const code = parseCreditCode(req.employer.creditCode);
    if (!code.ok) {
      ctx.addIssue({ code: 'custom', path: ['employer', 'creditCode'], message: `not a valid unified social credit code: ${code.reason}` });
    }
    // Ten or more workers with a common claim elect 3–5 representatives (DOMAIN §3.6).
    if (req.workers.length >= COLLECTIVE_THRESHOLD) {
      const n = new Set(req.representatives ?? []).size;
      if (n < 3 || n > 5) ctx.addIssue({ code: 'custom', path: ['representatives'], message: 'a collective dispute (10+ workers) needs 3 to 5 representatives' });
    }
    (req.representatives ?? []).forEach((r, i) => {
      if (r >= req.workers.length) ctx.addIssue({ code: 'custom', path: ['representatives', i], message: 'must be the index of a worker in this case' });
    });
  });

export type OpenCaseRequest = z.infer<typeof openCaseRequestSchema>;

/**
 * Where the one-year limitation runs from (LDMAL art. 27), for the warning only: for wage arrears
 * during employment there is no limit until the employment ends, then one year from the end; for
 * everything else, one year from when the worker knew of the infringement. Undefined: no clock runs.
 */
export function limitationStart(r: Pick<OpenCaseRequest, 'disputeTypes' | 'claims' | 'infringementKnownAt' | 'employmentEndedAt'>): string | undefined {
  const wagesOnly = [...r.disputeTypes, ...r.claims.map((c) => c.type)].every((t) => t === 'WAGE_ARREARS');
  if (wagesOnly) return r.employmentEndedAt;
  return r.infringementKnownAt ?? r.employmentEndedAt;
}

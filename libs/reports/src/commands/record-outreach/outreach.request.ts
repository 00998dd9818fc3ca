import { OUTREACH_KINDS } from '@tiaojie/domain';
import { z } from 'zod';

const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);
const count = z.number().int('must be a whole number').min(0, 'must not be negative').max(10_000_000);

/** `POST /api/outreach` (DOMAIN §3.9): an activity that is not a case. */
export const recordOutreachSchema = z.strictObject({
  kind: z.enum(OUTREACH_KINDS),
  title: text(200),
  heldOn: z.iso.date({ message: 'must be a date YYYY-MM-DD' }),
  place: text(200),
  peopleReached: count,
  consultations: count,
  /** The organiser, when not the caller's own organisation: one in the caller's region subtree. */
  orgId: z.uuid({ message: 'must be a UUID' }).optional(),
});
export type RecordOutreachRequest = z.infer<typeof recordOutreachSchema>;

export const listOutreachQuerySchema = z.strictObject({
  from: z.iso.date({ message: 'must be a date YYYY-MM-DD' }).optional(),
  to: z.iso.date({ message: 'must be a date YYYY-MM-DD' }).optional(),
  regionCode: z.string().regex(/^\d{6}(\d{3}(\d{3})?)?$/, 'must be a 6-, 9- or 12-digit region code (GB/T 2260)').optional(),
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type ListOutreachFilter = z.infer<typeof listOutreachQuerySchema>;

export interface OutreachView {
  id: string;
  orgId: string;
  orgName: string;
  agency: string;
  regionCode: string;
  kind: string;
  title: string;
  heldOn: string;
  place: string;
  peopleReached: number;
  consultations: number;
  casesFromOutreach: number;
  createdAt: string;
}

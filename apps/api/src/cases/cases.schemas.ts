import { CASE_EVENT_CATALOG, CASE_EVENT_TYPES, rolesFor } from '@tiaojie/domain';
import { z } from 'zod';

const boolParam = z.enum(['true', 'false']).transform((v) => v === 'true');

export const listCasesQuerySchema = z.strictObject({
  state: z.string().max(100).optional(),
  regionCode: z.string().regex(/^\d{1,12}$/, 'must be digits of a region code').optional(),
  assignedTo: z.literal('me').optional(),
  overdue: boolParam.optional(),
  collective: boolParam.optional(),
  q: z.string().trim().min(1).max(100).optional(),
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

/** For the OpenAPI document: one variant per event, `type` plus that event's payload (validated in the domain). */
export const caseEventBodySchema = z.union(
  CASE_EVENT_TYPES.filter((t) => !rolesFor(t).includes('SYSTEM')).map((t) =>
    (CASE_EVENT_CATALOG[t].payload as unknown as z.ZodObject).extend({ type: z.literal(t) }).describe(CASE_EVENT_CATALOG[t].summary),
  ) as unknown as [z.ZodType, z.ZodType, ...z.ZodType[]],
);

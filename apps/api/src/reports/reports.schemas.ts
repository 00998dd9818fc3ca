import { REPORT_BASES, REPORT_GROUPS } from '@tiaojie/reports';
import { z } from 'zod';

/** `GET /api/reports/summary[.csv|.xlsx]`: dates are checked (real, in order) by the domain's period rules. */
export const reportSummaryQuerySchema = z.strictObject({
  from: z.string().max(20).optional(),
  to: z.string().max(20).optional(),
  regionCode: z.string().regex(/^\d{6}(\d{3}(\d{3})?)?$/, 'must be a 6-, 9- or 12-digit region code (GB/T 2260)').optional(),
  groupBy: z.enum(REPORT_GROUPS, { message: `must be one of ${REPORT_GROUPS.join(', ')}` }).optional(),
  basis: z.enum(REPORT_BASES, { message: 'must be paid or agreed' }).default('paid'),
});

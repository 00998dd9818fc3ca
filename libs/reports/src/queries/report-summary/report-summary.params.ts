/** The summary's parameters (API.md "Reports"), shared by the query, the figures and the exports. */
export const REPORT_GROUPS = ['month', 'region', 'agency', 'disputeType', 'yearbookCategory', 'tier', 'org'] as const;
export type ReportGroup = (typeof REPORT_GROUPS)[number];
export const REPORT_BASES = ['paid', 'agreed'] as const;
export type ReportBasis = (typeof REPORT_BASES)[number];

export interface ReportSummaryParams {
  from?: string;
  to?: string;
  regionCode?: string;
  groupBy?: ReportGroup;
  basis: ReportBasis;
}


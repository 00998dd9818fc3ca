import type { ReportSummary } from '../queries/report-summary/report-summary';
import { definitionRows, summaryTable, type Cell } from './summary-table';

const BOM = '\uFEFF';

function field(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

const line = (values: string[]) => values.map(field).join(',');
const text = (c: Cell) => (c.value === null ? '' : String(c.value));

/**
 * RFC 4180 CSV, UTF-8 with a byte-order mark so Excel opens the Chinese headers correctly. The
 * table comes first (header row, the totals row `合计`, one row per group); a CSV has no second
 * sheet, so after one empty line follows the section `口径说明`: period, region, basis and every
 * figure's definition in Chinese and English, as rows of three fields.
 */
export function summaryCsv(s: ReportSummary): string {
  const t = summaryTable(s);
  const lines = [line(t.headers), ...t.rows.map((r) => line(r.map(text))), '', line(['口径说明']), ...definitionRows(s).map(line)];
  return BOM + lines.join('\r\n') + '\r\n';
}

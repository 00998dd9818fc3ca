import ExcelJS from 'exceljs';
import type { ReportSummary } from '../queries/report-summary/report-summary';
import { complianceRows, definitionRows, summaryTable, type Cell } from './summary-table';

const FORMATS: Record<Cell['kind'], string | undefined> = {
  text: undefined,
  count: '0',
  days: '0.0',
  yuan: '#,##0.00',
  rate: '0.00%',
};

/**
 * XLSX with three sheets: 汇总 (the table), 口径说明 (period, region, basis and each figure's
 * definition in Chinese and English) and 期限遵守（按机构）. Money cells hold the exact yuan amount
 * written from integer fen (`12500.00`), formatted with two decimals so Excel can sum them.
 */
export async function summaryXlsx(s: ReportSummary): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Tiaojie';
  const t = summaryTable(s);
  addSheet(wb, '汇总', t.headers, t.rows);
  const defs = wb.addWorksheet('口径说明');
  definitionRows(s).forEach((r) => defs.addRow(r));
  defs.getRow(1).font = { bold: true };
  defs.columns = [{ width: 24 }, { width: 80 }, { width: 80 }];
  defs.getColumn(2).alignment = { wrapText: true, vertical: 'top' };
  defs.getColumn(3).alignment = { wrapText: true, vertical: 'top' };
  const c = complianceRows(s);
  addSheet(wb, '期限遵守（按机构）', c.headers, c.rows);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function addSheet(wb: ExcelJS.Workbook, name: string, headers: string[], rows: Cell[][]): void {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', xSplit: 1, ySplit: 1 }] });
  ws.addRow(headers).font = { bold: true };
  for (const r of rows) {
    const row = ws.addRow(r.map((cell) => (cell.value === null ? null : cell.kind === 'yuan' ? Number(cell.value) : cell.value)));
    r.forEach((cell, i) => {
      const fmt = FORMATS[cell.kind];
      if (fmt) row.getCell(i + 1).numFmt = fmt;
    });
  }
  ws.columns.forEach((col, i) => (col.width = i === 0 ? 28 : Math.max(12, Math.min(30, headers[i].length * 2 + 2))));
}

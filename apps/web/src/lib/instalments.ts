/**
 * How far each instalment of an agreement is paid: payments are applied to the instalments in
 * order of due date (the oldest debt first), in whole fen.
 */
export type InstalmentStatus = 'paid' | 'partly' | 'due' | 'late';

export interface InstalmentRow {
  index: number;
  dueDate: string;
  amountFen: number;
  paidFen: number;
  status: InstalmentStatus;
}

export function instalmentRows(schedule: { dueDate: string; amountFen: number }[], paidFen: number, today: string): InstalmentRow[] {
  let left = paidFen;
  return schedule
    .map((s, index) => ({ ...s, index }))
    .sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.index - b.index)
    .map((s) => {
      const paid = Math.min(s.amountFen, Math.max(0, left));
      left -= paid;
      const status: InstalmentStatus = paid >= s.amountFen ? 'paid' : s.dueDate < today ? 'late' : paid > 0 ? 'partly' : 'due';
      return { index: s.index, dueDate: s.dueDate, amountFen: s.amountFen, paidFen: paid, status };
    });
}

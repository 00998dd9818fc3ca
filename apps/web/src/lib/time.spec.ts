import { instalmentRows } from './instalments';
import { addDays, daysLeft, dueDay, formatDate, formatDateTime, formatDue, shanghaiDate, shanghaiWallTimeToIso, urgencyOf } from './time';

describe('legal time in Asia/Shanghai', () => {
  it('shows instants in Shanghai whatever offset they carry', () => {
    expect(formatDateTime('2025-09-20T16:30:00Z')).toBe('2025-09-21 00:30');
    expect(formatDate('2025-09-20T23:59:59+08:00')).toBe('2025-09-20');
    expect(shanghaiDate('2025-09-19T16:00:00Z')).toBe('2025-09-20');
    expect(formatDate('2025-10-08')).toBe('2025-10-08');
  });

  it('writes Shanghai wall time as an instant with +08:00', () => {
    expect(shanghaiWallTimeToIso('2025-09-20', '09:05')).toBe('2025-09-20T09:05:00+08:00');
    expect(() => shanghaiWallTimeToIso('2025-9-20')).toThrow(RangeError);
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
  });

  describe('days left and colours', () => {
    const now = new Date('2025-09-20T10:00:00+08:00');
    it.each([
      ['2025-09-20T23:59:59+08:00', 0, 'soon'],
      ['2025-09-23T23:59:59+08:00', 3, 'soon'],
      ['2025-09-24T23:59:59+08:00', 4, 'normal'],
      ['2025-09-19T23:59:59+08:00', -1, 'overdue'],
      ['2025-09-20T09:00:00+08:00', 0, 'overdue'],
    ])('due %s: %d days left, %s', (due, n, urgency) => {
      expect(daysLeft(due, now)).toBe(n);
      expect(urgencyOf(due, now)).toBe(urgency);
    });

    it('counts Shanghai days, not the browser’s (16:30 UTC is already tomorrow in Shanghai)', () => {
      expect(daysLeft('2025-09-21T23:59:59+08:00', new Date('2025-09-20T16:30:00Z'))).toBe(0);
    });

    it('reads a period ending at 24:00 (written as 00:00 the next day) as ending on its last day', () => {
      const due = '2025-10-01T00:00:00+08:00';
      expect(dueDay(due)).toBe('2025-09-30');
      expect(formatDue(due)).toBe('2025-09-30 24:00');
      expect(formatDue('2025-09-30T17:00:00+08:00')).toBe('2025-09-30 17:00');
      expect(daysLeft(due, now)).toBe(10);
      expect(urgencyOf('2025-09-21T00:00:00+08:00', now)).toBe('soon');
      expect(daysLeft('2025-09-21T00:00:00+08:00', now)).toBe(0);
    });
  });
});

describe('instalments', () => {
  const schedule = [
    { dueDate: '2025-10-01', amountFen: 300_000 },
    { dueDate: '2025-09-01', amountFen: 200_000 },
    { dueDate: '2025-11-01', amountFen: 300_000 },
  ];

  it('applies payments to the oldest instalment first and marks what is late', () => {
    const rows = instalmentRows(schedule, 350_000, '2025-10-15');
    expect(rows.map((r) => [r.dueDate, r.paidFen, r.status])).toEqual([
      ['2025-09-01', 200_000, 'paid'],
      ['2025-10-01', 150_000, 'late'],
      ['2025-11-01', 0, 'due'],
    ]);
  });

  it('shows a partly paid instalment not yet due as partly paid', () => {
    expect(instalmentRows(schedule, 250_000, '2025-08-01').map((r) => r.status)).toEqual(['paid', 'partly', 'due']);
  });
});

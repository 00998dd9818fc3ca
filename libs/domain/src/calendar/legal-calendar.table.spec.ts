import { LegalCalendar, type PeriodUnit } from './legal-calendar';

/**
 * Deadline cases worked out BY HAND from the State Council holiday notices, independent of the code
 * and of the chinese-days package:
 *
 *   2024 国办发明电〔2023〕7号: 元旦 1 Jan (Mon); 春节 10–17 Feb, make-up Sun 4 Feb and Sun 18 Feb
 *        (除夕 Fri 9 Feb is a working day: the notice only encourages employers to let staff rest);
 *        清明 4–6 Apr, make-up Sun 7 Apr; 劳动节 1–5 May, make-up Sun 28 Apr and Sat 11 May;
 *        端午 10 Jun (Mon); 中秋 15–17 Sep, make-up Sat 14 Sep; 国庆 1–7 Oct, make-up Sun 29 Sep and Sat 12 Oct.
 *   2025 国办发明电〔2024〕12号: 元旦 1 Jan (Wed, one day, no make-up); 春节 28 Jan (除夕)–4 Feb,
 *        make-up Sun 26 Jan and Sat 8 Feb; 清明 4–6 Apr; 劳动节 1–5 May, make-up Sun 27 Apr;
 *        端午 31 May–2 Jun; 国庆·中秋 1–8 Oct, make-up Sun 28 Sep and Sat 11 Oct.
 *   2026 国办发明电〔2025〕7号: 元旦 1–3 Jan, make-up Sun 4 Jan; 春节 15–23 Feb (9 days), make-up
 *        Sat 14 Feb and Sat 28 Feb; 清明 4–6 Apr; 劳动节 1–5 May, make-up Sat 9 May; 端午 19–21 Jun;
 *        中秋 25–27 Sep; 国庆 1–7 Oct, make-up Sun 20 Sep and Sat 10 Oct.
 *
 * Rules (DOMAIN.md §2): the trigger day is not counted (Civil Code art. 201); the trigger's date is
 * its Asia/Shanghai date; a calendar-day period whose last day is a holiday or rest day ends on the
 * next working day (art. 203), and a make-up working weekend is a working day (no roll). Working-day
 * periods count working days after the trigger day, make-up weekends included, holidays skipped.
 * "d + n" below means n calendar days after date d.
 */
interface Row {
  name: string;
  trigger: string;
  length: number;
  unit: PeriodUnit;
  lastDay: string;
  rolledOver: boolean;
}

const row = (name: string, trigger: string, length: number, unit: PeriodUnit, lastDay: string, rolledOver: boolean): Row => ({
  name,
  trigger,
  length,
  unit,
  lastDay,
  rolledOver,
});

const ROWS: Row[] = [
  // ── Spring Festival ────────────────────────────────────────────────────────────────────────────
  // 27 Jan + 15 = Sun 11 Feb, inside 春节 10–17 Feb; Sun 18 Feb is a make-up working day, so it ends there.
  row('2024 Spring Festival: 15 d from Sat 27 Jan → 11 Feb (holiday) rolls to make-up Sun 18 Feb', '2024-01-27T10:00:00+08:00', 15, 'CALENDAR_DAYS', '2024-02-18', true),
  // Late trigger, Shanghai date still 31 Jan; 31 Jan + 15 = Thu 15 Feb (holiday); 16, 17 holiday; 18 make-up.
  row('2024 Spring Festival: 15 d from 31 Jan 23:59 → 15 Feb rolls to make-up Sun 18 Feb', '2024-01-31T23:59:00+08:00', 15, 'CALENDAR_DAYS', '2024-02-18', true),
  // 5 Jan + 26 = 31 Jan, + 4 = Sun 4 Feb: a make-up working day (春节调休), so no roll.
  row('2024 make-up Sun 4 Feb: 30 d from 5 Jan ends on it, no roll', '2024-01-05T09:00:00+08:00', 30, 'CALENDAR_DAYS', '2024-02-04', false),
  // 25 Jan + 6 = 31 Jan, + 9 = Fri 9 Feb (除夕): not a holiday in the 2024 notice, a plain working day.
  row('2024 除夕 Fri 9 Feb is a working day: 15 d from 25 Jan ends on it', '2024-01-25T15:00:00+08:00', 15, 'CALENDAR_DAYS', '2024-02-09', false),
  // 13 Jan + 15 = Tue 28 Jan (除夕), 春节 28 Jan–4 Feb; Wed 5 Feb is the first working day after.
  row('2025 Spring Festival: 15 d from 13 Jan → 28 Jan (除夕) rolls to Wed 5 Feb', '2025-01-13T14:00:00+08:00', 15, 'CALENDAR_DAYS', '2025-02-05', true),
  // 11 Jan + 15 = Sun 26 Jan: make-up working day, no roll.
  row('2025 make-up Sun 26 Jan: 15 d from 11 Jan ends on it, no roll', '2025-01-11T11:00:00+08:00', 15, 'CALENDAR_DAYS', '2025-01-26', false),
  // Just after midnight: Shanghai date Fri 24 Jan (UTC is still 23 Jan); 24 Jan + 7 = 31 Jan, + 8 = Sat 8 Feb,
  // a make-up working day. (A UTC slip would give Fri 7 Feb.)
  row('2025 make-up Sat 8 Feb: 15 d from 24 Jan 00:00:30 (+08:00) ends on it, no roll', '2025-01-24T00:00:30+08:00', 15, 'CALENDAR_DAYS', '2025-02-08', false),
  // 25 Jan + 6 = 31 Jan, + 9 = Sun 9 Feb: plain Sunday after the make-up Saturday → Mon 10 Feb.
  row('2025 plain Sun 9 Feb after the make-up Saturday rolls to Mon 10 Feb', '2025-01-25T16:00:00+08:00', 15, 'CALENDAR_DAYS', '2025-02-10', true),
  // 20 Jan + 11 = 31 Jan, + 19 = Thu 19 Feb, inside 春节 15–23 Feb (9 days) → Tue 24 Feb.
  row('2026 Spring Festival: 30 d from 20 Jan → 19 Feb rolls past the 9-day block to Tue 24 Feb', '2026-01-20T10:00:00+08:00', 30, 'CALENDAR_DAYS', '2026-02-24', true),
  // 30 Jan + 1 = 31 Jan, + 14 = Sat 14 Feb: make-up working day, no roll.
  row('2026 make-up Sat 14 Feb: 15 d from 30 Jan ends on it, no roll', '2026-01-30T10:00:00+08:00', 15, 'CALENDAR_DAYS', '2026-02-14', false),
  // 13 Feb + 15 = Sat 28 Feb: make-up working day, no roll.
  row('2026 make-up Sat 28 Feb: 15 d from 13 Feb ends on it, no roll', '2026-02-13T10:00:00+08:00', 15, 'CALENDAR_DAYS', '2026-02-28', false),
  // 24 Dec 2025 + 7 = 31 Dec, + 31 = 31 Jan (38), + 22 = Sun 22 Feb 2026 (60), inside 春节 → Tue 24 Feb.
  row('60 d across the year end: 24 Dec 2025 → 22 Feb 2026 (春节) rolls to Tue 24 Feb', '2025-12-24T10:00:00+08:00', 60, 'CALENDAR_DAYS', '2026-02-24', true),

  // ── Qingming ───────────────────────────────────────────────────────────────────────────────────
  // 20 Mar + 15 = Thu 4 Apr, 清明 4–6 Apr; Sun 7 Apr is the make-up working day → ends there.
  row('2024 Qingming: 15 d from 20 Mar → 4 Apr rolls to make-up Sun 7 Apr', '2024-03-20T10:00:00+08:00', 15, 'CALENDAR_DAYS', '2024-04-07', true),
  // 6 Mar + 25 = 31 Mar, + 5 = Sat 5 Apr, 清明 4–6 Apr → Mon 7 Apr.
  row('2025 Qingming: 30 d from 6 Mar → 5 Apr rolls to Mon 7 Apr', '2025-03-06T10:00:00+08:00', 30, 'CALENDAR_DAYS', '2025-04-07', true),
  // 21 Mar + 10 = 31 Mar, + 5 = Sun 5 Apr, 清明 4–6 Apr (Sat–Mon) → Tue 7 Apr.
  row('2026 Qingming: 15 d from 21 Mar → 5 Apr rolls to Tue 7 Apr', '2026-03-21T10:00:00+08:00', 15, 'CALENDAR_DAYS', '2026-04-07', true),
  // Award period (45 d) triggered on a holiday (counting still starts the next day): 19 Feb + 9 = 28 Feb,
  // + 31 = 31 Mar (40), + 5 = Sun 5 Apr (45), 清明 → Tue 7 Apr.
  row('2026 Qingming: 45 d from 19 Feb (a holiday) → 5 Apr rolls to Tue 7 Apr', '2026-02-19T10:00:00+08:00', 45, 'CALENDAR_DAYS', '2026-04-07', true),

  // ── Labour Day ─────────────────────────────────────────────────────────────────────────────────
  // 17 Apr + 15 = Thu 2 May, 劳动节 1–5 May → Mon 6 May.
  row('2024 Labour Day: 15 d from 17 Apr → 2 May rolls to Mon 6 May', '2024-04-17T10:00:00+08:00', 15, 'CALENDAR_DAYS', '2024-05-06', true),
  // 13 Apr + 15 = Sun 28 Apr: make-up working day, no roll.
  row('2024 make-up Sun 28 Apr: 15 d from 13 Apr ends on it, no roll', '2024-04-13T10:00:00+08:00', 15, 'CALENDAR_DAYS', '2024-04-28', false),
  // 11 Apr + 19 = 30 Apr, + 11 = Sat 11 May: make-up working day, no roll.
  row('2024 make-up Sat 11 May: 30 d from 11 Apr ends on it, no roll', '2024-04-11T10:00:00+08:00', 30, 'CALENDAR_DAYS', '2024-05-11', false),
  // Arbitration acceptance (5 d), trigger late on the make-up Sunday: 28 Apr + 5 = Fri 3 May (holiday) → Mon 6 May.
  row('2024 Labour Day: 5 d from 28 Apr 23:59 → 3 May rolls to Mon 6 May', '2024-04-28T23:59:00+08:00', 5, 'CALENDAR_DAYS', '2024-05-06', true),
  // 16 Apr + 15 = Thu 1 May, 劳动节 1–5 May (Thu–Mon) → Tue 6 May.
  row('2025 Labour Day: 15 d from 16 Apr → 1 May rolls to Tue 6 May', '2025-04-16T10:00:00+08:00', 15, 'CALENDAR_DAYS', '2025-05-06', true),
  // 28 Mar + 3 = 31 Mar, + 27 = Sun 27 Apr: make-up working day, no roll.
  row('2025 make-up Sun 27 Apr: 30 d from 28 Mar ends on it, no roll', '2025-03-28T10:00:00+08:00', 30, 'CALENDAR_DAYS', '2025-04-27', false),
  // 5 Mar + 26 = 31 Mar, + 30 = 30 Apr (56), + 4 = Sun 4 May (60), holiday → Tue 6 May.
  row('2025 Labour Day: 60 d from 5 Mar → 4 May rolls to Tue 6 May', '2025-03-05T10:00:00+08:00', 60, 'CALENDAR_DAYS', '2025-05-06', true),
  // 16 Apr + 15 = Fri 1 May, 劳动节 1–5 May → Wed 6 May.
  row('2026 Labour Day: 15 d from 16 Apr → 1 May rolls to Wed 6 May', '2026-04-16T10:00:00+08:00', 15, 'CALENDAR_DAYS', '2026-05-06', true),
  // 24 Apr + 6 = 30 Apr, + 9 = Sat 9 May: make-up working day, no roll.
  row('2026 make-up Sat 9 May: 15 d from 24 Apr ends on it, no roll', '2026-04-24T10:00:00+08:00', 15, 'CALENDAR_DAYS', '2026-05-09', false),

  // ── Dragon Boat ────────────────────────────────────────────────────────────────────────────────
  // 26 May + 5 = 31 May, + 10 = Mon 10 Jun (端午) → Tue 11 Jun.
  row('2024 Dragon Boat: 15 d from 26 May → Mon 10 Jun rolls to Tue 11 Jun', '2024-05-26T10:00:00+08:00', 15, 'CALENDAR_DAYS', '2024-06-11', true),
  // Court acceptance (3 d): Fri 7 Jun + 3 = Mon 10 Jun (端午) → Tue 11 Jun.
  row('2024 Dragon Boat: 3 d from Fri 7 Jun → 10 Jun rolls to Tue 11 Jun', '2024-06-07T17:30:00+08:00', 3, 'CALENDAR_DAYS', '2024-06-11', true),
  // Triggered on Labour Day: 1 May + 30 = Sat 31 May, 端午 31 May–2 Jun → Tue 3 Jun.
  row('2025 Dragon Boat: 30 d from 1 May → 31 May rolls to Tue 3 Jun', '2025-05-01T10:00:00+08:00', 30, 'CALENDAR_DAYS', '2025-06-03', true),
  // Just after midnight: Shanghai date 4 Jun (UTC 3 Jun); 4 Jun + 15 = Fri 19 Jun, 端午 19–21 Jun → Mon 22 Jun.
  // (A UTC slip would give Thu 18 Jun, a working day.)
  row('2026 Dragon Boat: 15 d from 4 Jun 00:00:01 (+08:00) → 19 Jun rolls to Mon 22 Jun', '2026-06-04T00:00:01+08:00', 15, 'CALENDAR_DAYS', '2026-06-22', true),

  // ── Mid-Autumn and National Day ───────────────────────────────────────────────────────────────
  // 31 Aug + 15 = Sun 15 Sep, 中秋 15–17 Sep → Wed 18 Sep.
  row('2024 Mid-Autumn: 15 d from 31 Aug → 15 Sep rolls to Wed 18 Sep', '2024-08-31T10:00:00+08:00', 15, 'CALENDAR_DAYS', '2024-09-18', true),
  // 30 Aug + 1 = 31 Aug, + 14 = Sat 14 Sep: make-up working day, no roll.
  row('2024 make-up Sat 14 Sep: 15 d from 30 Aug ends on it, no roll', '2024-08-30T10:00:00+08:00', 15, 'CALENDAR_DAYS', '2024-09-14', false),
  // Triggered on a 中秋 holiday: 16 Sep + 15 = Tue 1 Oct, 国庆 1–7 Oct → Tue 8 Oct.
  row('2024 National Day: 15 d from 16 Sep → 1 Oct rolls to Tue 8 Oct', '2024-09-16T10:00:00+08:00', 15, 'CALENDAR_DAYS', '2024-10-08', true),
  // 14 Sep + 15 = Sun 29 Sep: make-up working day, no roll.
  row('2024 make-up Sun 29 Sep: 15 d from 14 Sep ends on it, no roll', '2024-09-14T10:00:00+08:00', 15, 'CALENDAR_DAYS', '2024-09-29', false),
  // 12 Sep + 18 = 30 Sep, + 12 = Sat 12 Oct: make-up working day, no roll.
  row('2024 make-up Sat 12 Oct: 30 d from 12 Sep ends on it, no roll', '2024-09-12T10:00:00+08:00', 30, 'CALENDAR_DAYS', '2024-10-12', false),
  // Award period: 20 Aug + 11 = 31 Aug, + 30 = 30 Sep (41), + 4 = Fri 4 Oct (45), holiday → Tue 8 Oct.
  row('2024 National Day: 45 d from 20 Aug → 4 Oct rolls to Tue 8 Oct', '2024-08-20T10:00:00+08:00', 45, 'CALENDAR_DAYS', '2024-10-08', true),
  // 16 Sep + 15 = Wed 1 Oct, 国庆·中秋 1–8 Oct → Thu 9 Oct.
  row('2025 National Day: 15 d from 16 Sep → 1 Oct rolls past the 8-day block to Thu 9 Oct', '2025-09-16T10:00:00+08:00', 15, 'CALENDAR_DAYS', '2025-10-09', true),
  // Late trigger: 23 Sep + 15 = Wed 8 Oct, the last day of the block → Thu 9 Oct.
  row('2025 National Day: 15 d from 23 Sep 23:59 → 8 Oct (last holiday) rolls to Thu 9 Oct', '2025-09-23T23:59:00+08:00', 15, 'CALENDAR_DAYS', '2025-10-09', true),
  // 13 Sep + 15 = Sun 28 Sep: make-up working day, no roll.
  row('2025 make-up Sun 28 Sep: 15 d from 13 Sep ends on it, no roll', '2025-09-13T10:00:00+08:00', 15, 'CALENDAR_DAYS', '2025-09-28', false),
  // 26 Sep + 4 = 30 Sep, + 11 = Sat 11 Oct: make-up working day, no roll.
  row('2025 make-up Sat 11 Oct: 15 d from 26 Sep ends on it, no roll', '2025-09-26T10:00:00+08:00', 15, 'CALENDAR_DAYS', '2025-10-11', false),
  // 27 Sep + 15 = Sun 12 Oct: plain Sunday after the make-up Saturday → Mon 13 Oct.
  row('2025 plain Sun 12 Oct after the make-up Saturday rolls to Mon 13 Oct', '2025-09-27T10:00:00+08:00', 15, 'CALENDAR_DAYS', '2025-10-13', true),
  // Arbitration acceptance triggered during the holiday: 3 Oct + 5 = Wed 8 Oct (holiday) → Thu 9 Oct.
  row('2025 National Day: 5 d from 3 Oct (a holiday) → 8 Oct rolls to Thu 9 Oct', '2025-10-03T10:00:00+08:00', 5, 'CALENDAR_DAYS', '2025-10-09', true),
  // 10 Sep + 15 = Fri 25 Sep, 中秋 25–27 Sep → Mon 28 Sep.
  row('2026 Mid-Autumn: 15 d from 10 Sep → 25 Sep rolls to Mon 28 Sep', '2026-09-10T10:00:00+08:00', 15, 'CALENDAR_DAYS', '2026-09-28', true),
  // 5 Sep + 15 = Sun 20 Sep: make-up working day (国庆调休), no roll.
  row('2026 make-up Sun 20 Sep: 15 d from 5 Sep ends on it, no roll', '2026-09-05T10:00:00+08:00', 15, 'CALENDAR_DAYS', '2026-09-20', false),
  // 1 Sep + 30 = Thu 1 Oct, 国庆 1–7 Oct → Thu 8 Oct.
  row('2026 National Day: 30 d from 1 Sep → 1 Oct rolls to Thu 8 Oct', '2026-09-01T10:00:00+08:00', 30, 'CALENDAR_DAYS', '2026-10-08', true),
  // Triggered on a 中秋 holiday: 25 Sep + 5 = 30 Sep, + 10 = Sat 10 Oct: make-up working day, no roll.
  row('2026 make-up Sat 10 Oct: 15 d from 25 Sep ends on it, no roll', '2026-09-25T10:00:00+08:00', 15, 'CALENDAR_DAYS', '2026-10-10', false),

  // ── New Year and the year boundary ────────────────────────────────────────────────────────────
  // 17 Dec 2023 + 14 = 31 Dec, + 1 = Mon 1 Jan 2024 (元旦) → Tue 2 Jan. Only the trigger lies in 2023.
  row('Dec 2023 → Jan 2024: 15 d from 17 Dec → 1 Jan (元旦) rolls to Tue 2 Jan', '2023-12-17T10:00:00+08:00', 15, 'CALENDAR_DAYS', '2024-01-02', true),
  // Late trigger: 17 Dec 2024 + 14 = 31 Dec, + 1 = Wed 1 Jan 2025 (元旦, one day, no make-up) → Thu 2 Jan.
  row('Dec 2024 → Jan 2025: 15 d from 17 Dec 23:59 → 1 Jan rolls to Thu 2 Jan', '2024-12-17T23:59:00+08:00', 15, 'CALENDAR_DAYS', '2025-01-02', true),
  // 16 Dec + 15 = 31 Dec, + 15 = Wed 15 Jan 2025, an ordinary working day.
  row('Dec 2024 → Jan 2025: 30 d from 16 Dec ends Wed 15 Jan, no roll', '2024-12-16T10:00:00+08:00', 30, 'CALENDAR_DAYS', '2025-01-15', false),
  // 2 Dec 2025 + 29 = 31 Dec, + 1 = Thu 1 Jan 2026; 元旦 1–3 Jan; Sun 4 Jan is a make-up working day → ends there.
  row('Dec 2025 → Jan 2026: 30 d from 2 Dec → 1 Jan rolls onto make-up Sun 4 Jan', '2025-12-02T10:00:00+08:00', 30, 'CALENDAR_DAYS', '2026-01-04', true),
  // 20 Dec + 11 = 31 Dec, + 4 = Sun 4 Jan 2026: make-up working day, no roll.
  row('2026 make-up Sun 4 Jan: 15 d from 20 Dec 2025 ends on it, no roll', '2025-12-20T10:00:00+08:00', 15, 'CALENDAR_DAYS', '2026-01-04', false),
  // Court acceptance (3 d), last second of 2025: 31 Dec + 3 = Sat 3 Jan 2026 (元旦) → make-up Sun 4 Jan.
  row('3 d from 31 Dec 2025 23:59:59 → 3 Jan (元旦) rolls onto make-up Sun 4 Jan', '2025-12-31T23:59:59+08:00', 3, 'CALENDAR_DAYS', '2026-01-04', true),

  // ── Month ends ────────────────────────────────────────────────────────────────────────────────
  // Leap year: 31 Jan + 29 = 29 Feb 2024, + 1 = Fri 1 Mar.
  row('Jan 31 + 30 d in leap 2024 ends Fri 1 Mar', '2024-01-31T10:00:00+08:00', 30, 'CALENDAR_DAYS', '2024-03-01', false),
  // 31 Jan 2025 (a 春节 holiday — the trigger day does not matter) + 28 = 28 Feb, + 2 = Sun 2 Mar → Mon 3 Mar.
  row('Jan 31 + 30 d in 2025 → Sun 2 Mar rolls to Mon 3 Mar', '2025-01-31T10:00:00+08:00', 30, 'CALENDAR_DAYS', '2025-03-03', true),
  // 31 Jan 2026 + 28 = 28 Feb, + 2 = Mon 2 Mar.
  row('Jan 31 + 30 d in 2026 ends Mon 2 Mar', '2026-01-31T10:00:00+08:00', 30, 'CALENDAR_DAYS', '2026-03-02', false),
  // 14 Feb + 15 = Thu 29 Feb 2024, the leap day, a working day.
  row('15 d from 14 Feb 2024 ends on the leap day Thu 29 Feb', '2024-02-14T10:00:00+08:00', 15, 'CALENDAR_DAYS', '2024-02-29', false),
  // 29 Feb + 1 = 1 Mar, so + 30 = Sat 30 Mar → Mon 1 Apr.
  row('30 d from the leap day 29 Feb 2024 → Sat 30 Mar rolls to Mon 1 Apr', '2024-02-29T10:00:00+08:00', 30, 'CALENDAR_DAYS', '2024-04-01', true),
  // 30-day month: 30 Apr + 30 = Sat 30 May 2026 → Mon 1 Jun.
  row('30 d from 30 Apr 2026 → Sat 30 May rolls to Mon 1 Jun', '2026-04-30T10:00:00+08:00', 30, 'CALENDAR_DAYS', '2026-06-01', true),
  // 30 Sep + 30 = Thu 30 Oct 2025: the 8-day holiday lies inside the period and counts (calendar days).
  row('30 d from 30 Sep 2025 counts the holiday inside and ends Thu 30 Oct', '2025-09-30T10:00:00+08:00', 30, 'CALENDAR_DAYS', '2025-10-30', false),
  // 30 Nov 2024 (Sat) + 30 = Mon 30 Dec.
  row('30 d from Sat 30 Nov 2024 ends Mon 30 Dec', '2024-11-30T10:00:00+08:00', 30, 'CALENDAR_DAYS', '2024-12-30', false),

  // ── Plain weekends ─────────────────────────────────────────────────────────────────────────────
  // 4 Jul + 27 = 31 Jul, + 3 = Sat 3 Aug 2024 → Mon 5 Aug.
  row('Plain Saturday: 30 d from 4 Jul 2024 → Sat 3 Aug rolls to Mon 5 Aug', '2024-07-04T10:00:00+08:00', 30, 'CALENDAR_DAYS', '2024-08-05', true),
  // 2 Aug + 15 = Sun 17 Aug 2025 → Mon 18 Aug.
  row('Plain Sunday: 15 d from 2 Aug 2025 → Sun 17 Aug rolls to Mon 18 Aug', '2025-08-02T10:00:00+08:00', 15, 'CALENDAR_DAYS', '2025-08-18', true),

  // ── One year (limitation, LDMAL art. 27): 365 or 366 days as the caller counts it ──────────────
  // 15 Mar 2024 → 15 Mar 2025 holds no 29 Feb: 365 days; Sat 15 Mar → Mon 17 Mar.
  row('1 year (365 d) from 15 Mar 2024 → Sat 15 Mar 2025 rolls to Mon 17 Mar', '2024-03-15T10:00:00+08:00', 365, 'CALENDAR_DAYS', '2025-03-17', true),
  // 1 Oct 2024 + 365 = Wed 1 Oct 2025 (国庆·中秋 1–8 Oct) → Thu 9 Oct.
  row('1 year (365 d) from 1 Oct 2024 → 1 Oct 2025 rolls to Thu 9 Oct', '2024-10-01T10:00:00+08:00', 365, 'CALENDAR_DAYS', '2025-10-09', true),
  // 29 Feb 2024 + 1 = 1 Mar 2024, + 365 = 1 Mar 2025; so + 365 from 29 Feb is Fri 28 Feb 2025.
  row('365 d from the leap day 29 Feb 2024 ends Fri 28 Feb 2025', '2024-02-29T10:00:00+08:00', 365, 'CALENDAR_DAYS', '2025-02-28', false),
  // 31 Jan 2024 → 31 Jan 2025 holds 29 Feb: 366 days; 31 Jan 2025 is in 春节 28 Jan–4 Feb → Wed 5 Feb.
  row('1 year (366 d) from 31 Jan 2024 → 31 Jan 2025 (春节) rolls to Wed 5 Feb', '2024-01-31T10:00:00+08:00', 366, 'CALENDAR_DAYS', '2025-02-05', true),
  // 2 May 2025 → 2 May 2026: 365 days; Sat 2 May 2026 is in 劳动节 1–5 May → Wed 6 May.
  row('1 year (365 d) from 2 May 2025 → 2 May 2026 (劳动节) rolls to Wed 6 May', '2025-05-02T10:00:00+08:00', 365, 'CALENDAR_DAYS', '2026-05-06', true),

  // ── Working days (工作日): never "rolled", the count itself skips rest days ────────────────────
  // Fri 9 Feb (1); 10–17 Feb holiday; make-up Sun 18 Feb (2); Mon 19 Feb (3).
  row('3 working days from Thu 8 Feb 2024 across 春节 end Mon 19 Feb', '2024-02-08T10:00:00+08:00', 3, 'WORKING_DAYS', '2024-02-19', false),
  // Sat 3 Feb rest; make-up Sun 4 Feb (1); Mon 5 (2); Tue 6 (3).
  row('3 working days from Fri 2 Feb 2024 count make-up Sun 4 Feb, end Tue 6 Feb', '2024-02-02T10:00:00+08:00', 3, 'WORKING_DAYS', '2024-02-06', false),
  // 4–6 Apr holiday; make-up Sun 7 Apr (1); Mon 8 (2); Tue 9 (3).
  row('3 working days from Wed 3 Apr 2024 across 清明 end Tue 9 Apr', '2024-04-03T10:00:00+08:00', 3, 'WORKING_DAYS', '2024-04-09', false),
  // Sat 27 Apr rest; make-up Sun 28 (1); Mon 29 (2); Tue 30 (3); 1–5 May holiday; Mon 6 (4); Tue 7 (5).
  row('5 working days from Fri 26 Apr 2024 across 劳动节 end Tue 7 May', '2024-04-26T10:00:00+08:00', 5, 'WORKING_DAYS', '2024-05-07', false),
  // Thu 9 May (1); Fri 10 (2); make-up Sat 11 May (3).
  row('3 working days from Wed 8 May 2024 end on make-up Sat 11 May', '2024-05-08T10:00:00+08:00', 3, 'WORKING_DAYS', '2024-05-11', false),
  // make-up Sat 14 Sep (1); 15–17 Sep holiday; Wed 18 (2); Thu 19 (3).
  row('3 working days from Fri 13 Sep 2024 across 中秋 end Thu 19 Sep', '2024-09-13T10:00:00+08:00', 3, 'WORKING_DAYS', '2024-09-19', false),
  // Sat 28 Sep rest; make-up Sun 29 (1); Mon 30 (2); 1–7 Oct holiday; 8 (3); 9 (4); Thu 10 Oct (5).
  row('5 working days from Fri 27 Sep 2024 across 国庆 end Thu 10 Oct', '2024-09-27T10:00:00+08:00', 5, 'WORKING_DAYS', '2024-10-10', false),
  // 1–5 May holiday; Tue 6 (1) … Fri 9 (4); 10–11 May weekend; Mon 12 May (5).
  row('5 working days from Wed 30 Apr 2025 across 劳动节 end Mon 12 May', '2025-04-30T10:00:00+08:00', 5, 'WORKING_DAYS', '2025-05-12', false),
  // Fri 30 May (1); 31 May–2 Jun holiday; Tue 3 Jun (2); Wed 4 Jun (3).
  row('3 working days from Thu 29 May 2025 across 端午 end Wed 4 Jun', '2025-05-29T10:00:00+08:00', 3, 'WORKING_DAYS', '2025-06-04', false),
  // Just after midnight: Shanghai Fri 26 Sep (UTC Thu 25). Sat 27 rest; make-up Sun 28 (1); Mon 29 (2); Tue 30 (3).
  // (A UTC slip would count Fri 26 and end Mon 29.)
  row('3 working days from Fri 26 Sep 2025 00:05 (+08:00) end Tue 30 Sep', '2025-09-26T00:05:00+08:00', 3, 'WORKING_DAYS', '2025-09-30', false),
  // 1–3 Jan 2026 holiday; make-up Sun 4 Jan (1); Mon 5 (2); Tue 6 (3).
  row('3 working days from 31 Dec 2025 23:59 across 元旦 end Tue 6 Jan 2026', '2025-12-31T23:59:00+08:00', 3, 'WORKING_DAYS', '2026-01-06', false),
  // Fri 13 Feb (1); make-up Sat 14 Feb (2); 15–23 Feb holiday; Tue 24 (3); Wed 25 (4); Thu 26 (5).
  row('5 working days from Thu 12 Feb 2026 across 春节 end Thu 26 Feb', '2026-02-12T10:00:00+08:00', 5, 'WORKING_DAYS', '2026-02-26', false),
  // Fri 27 Feb (1); make-up Sat 28 Feb (2); Sun 1 Mar rest; Mon 2 Mar (3).
  row('3 working days from Thu 26 Feb 2026 count make-up Sat 28 Feb, end Mon 2 Mar', '2026-02-26T10:00:00+08:00', 3, 'WORKING_DAYS', '2026-03-02', false),
  // 1–5 May holiday; Wed 6 (1); Thu 7 (2); Fri 8 (3); make-up Sat 9 (4); Sun 10 rest; Mon 11 (5).
  row('5 working days from Thu 30 Apr 2026 across 劳动节 end Mon 11 May', '2026-04-30T10:00:00+08:00', 5, 'WORKING_DAYS', '2026-05-11', false),
  // 19–21 Jun holiday; Mon 22 (1); Tue 23 (2); Wed 24 (3).
  row('3 working days from Thu 18 Jun 2026 across 端午 end Wed 24 Jun', '2026-06-18T10:00:00+08:00', 3, 'WORKING_DAYS', '2026-06-24', false),
  // 25–27 Sep holiday; Mon 28 (1); Tue 29 (2); Wed 30 (3); 1–7 Oct holiday; Thu 8 (4); Fri 9 Oct (5).
  row('5 working days from Thu 24 Sep 2026 across 中秋 and 国庆 end Fri 9 Oct', '2026-09-24T10:00:00+08:00', 5, 'WORKING_DAYS', '2026-10-09', false),
  // Fri 9 Oct (1); make-up Sat 10 Oct (2); Sun 11 rest; Mon 12 Oct (3).
  row('3 working days from Thu 8 Oct 2026 count make-up Sat 10 Oct, end Mon 12 Oct', '2026-10-08T10:00:00+08:00', 3, 'WORKING_DAYS', '2026-10-12', false),
];

/** 24:00 Asia/Shanghai of a date = 00:00 +08:00 of the next day (China has no daylight saving). */
const endOf = (date: string) => new Date(Date.parse(`${date}T00:00:00+08:00`) + 86_400_000);

describe('LegalCalendar against hand-computed deadlines (State Council notices 2024–2026)', () => {
  const calendar = new LegalCalendar();

  it('has at least 40 hand-computed rows', () => {
    expect(ROWS.length).toBeGreaterThanOrEqual(40);
    expect(new Set(ROWS.map((r) => r.name)).size).toBe(ROWS.length);
  });

  it.each(ROWS)('$name', ({ trigger, length, unit, lastDay, rolledOver }) => {
    const due = calendar.addPeriod(new Date(trigger), length, unit);
    expect({ lastDay: due.lastDay, rolledOver: due.rolledOver }).toEqual({ lastDay, rolledOver });
    expect(due.dueAt).toEqual(endOf(lastDay));
    expect(due.rule).not.toMatch(/Monday–Friday was assumed/);
    if (!rolledOver) expect(due.nominalLastDay).toBe(lastDay);
  });
});

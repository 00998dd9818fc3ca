import { ChineseDaysHolidaySource, VERIFIED_HOLIDAY_YEARS } from './chinese-days.holiday-source';
import { isoWeekday } from './civil-date';

/**
 * The State Council notices, typed in from the notices themselves, independent of the package:
 * if a chinese-days update changes any of these days, this test fails before a deadline moves.
 * `holidays` lists every rest day of each block (weekend days inside a block included, as the
 * notices count them: "放假调休，共8天"); `makeupWorkdays` lists the 调休 working weekends.
 */
const STATE_COUNCIL_NOTICES: Record<number, { notice: string; holidays: string[]; makeupWorkdays: string[] }> = {
  2024: {
    notice: '国办发明电〔2023〕7号',
    holidays: [
      // 元旦 1月1日, joined to the weekend
      '2024-01-01',
      // 春节 2月10日至17日, 共8天
      '2024-02-10', '2024-02-11', '2024-02-12', '2024-02-13', '2024-02-14', '2024-02-15', '2024-02-16', '2024-02-17',
      // 清明节 4月4日至6日, 共3天
      '2024-04-04', '2024-04-05', '2024-04-06',
      // 劳动节 5月1日至5日, 共5天
      '2024-05-01', '2024-05-02', '2024-05-03', '2024-05-04', '2024-05-05',
      // 端午节 6月10日, joined to the weekend
      '2024-06-10',
      // 中秋节 9月15日至17日, 共3天
      '2024-09-15', '2024-09-16', '2024-09-17',
      // 国庆节 10月1日至7日, 共7天
      '2024-10-01', '2024-10-02', '2024-10-03', '2024-10-04', '2024-10-05', '2024-10-06', '2024-10-07',
    ],
    makeupWorkdays: [
      '2024-02-04', // 周日 春节
      '2024-02-18', // 周日 春节
      '2024-04-07', // 周日 清明
      '2024-04-28', // 周日 劳动节
      '2024-05-11', // 周六 劳动节
      '2024-09-14', // 周六 中秋
      '2024-09-29', // 周日 国庆
      '2024-10-12', // 周六 国庆
    ],
  },
  2025: {
    notice: '国办发明电〔2024〕12号',
    holidays: [
      // 元旦 1月1日, 放假1天, 不调休
      '2025-01-01',
      // 春节 1月28日（除夕）至2月4日, 共8天
      '2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31', '2025-02-01', '2025-02-02', '2025-02-03', '2025-02-04',
      // 清明节 4月4日至6日, 共3天
      '2025-04-04', '2025-04-05', '2025-04-06',
      // 劳动节 5月1日至5日, 共5天
      '2025-05-01', '2025-05-02', '2025-05-03', '2025-05-04', '2025-05-05',
      // 端午节 5月31日至6月2日, 共3天
      '2025-05-31', '2025-06-01', '2025-06-02',
      // 国庆节、中秋节 10月1日至8日, 共8天
      '2025-10-01', '2025-10-02', '2025-10-03', '2025-10-04', '2025-10-05', '2025-10-06', '2025-10-07', '2025-10-08',
    ],
    makeupWorkdays: [
      '2025-01-26', // 周日 春节
      '2025-02-08', // 周六 春节
      '2025-04-27', // 周日 劳动节
      '2025-09-28', // 周日 国庆、中秋
      '2025-10-11', // 周六 国庆、中秋
    ],
  },
  2026: {
    notice: '国办发明电〔2025〕7号',
    holidays: [
      // 元旦 1月1日至3日, 共3天
      '2026-01-01', '2026-01-02', '2026-01-03',
      // 春节 2月15日至23日, 共9天
      '2026-02-15', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', '2026-02-21', '2026-02-22', '2026-02-23',
      // 清明节 4月4日至6日, 共3天
      '2026-04-04', '2026-04-05', '2026-04-06',
      // 劳动节 5月1日至5日, 共5天
      '2026-05-01', '2026-05-02', '2026-05-03', '2026-05-04', '2026-05-05',
      // 端午节 6月19日至21日, 共3天
      '2026-06-19', '2026-06-20', '2026-06-21',
      // 中秋节 9月25日至27日, 共3天
      '2026-09-25', '2026-09-26', '2026-09-27',
      // 国庆节 10月1日至7日, 共7天
      '2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07',
    ],
    makeupWorkdays: [
      '2026-01-04', // 周日 元旦
      '2026-02-14', // 周六 春节
      '2026-02-28', // 周六 春节
      '2026-05-09', // 周六 劳动节
      '2026-09-20', // 周日 国庆
      '2026-10-10', // 周六 国庆
    ],
  },
};

describe(ChineseDaysHolidaySource.name, () => {
  const source = new ChineseDaysHolidaySource();

  it('exposes exactly the verified years by default', () => {
    expect(VERIFIED_HOLIDAY_YEARS).toEqual([2024, 2025, 2026]);
    expect(source.coveredYears()).toEqual([2024, 2025, 2026]);
    expect(source.holidays(2023)).toBeUndefined();
    expect(source.holidays(2027)).toBeUndefined();
  });

  describe.each(Object.entries(STATE_COUNCIL_NOTICES))('%s', (year, expected) => {
    const table = source.holidays(Number(year));

    it(`matches every holiday of ${expected.notice}`, () => {
      expect(table?.holidays).toEqual([...expected.holidays].sort());
    });

    it(`matches every make-up working day of ${expected.notice}`, () => {
      expect(table?.makeupWorkdays).toEqual([...expected.makeupWorkdays].sort());
    });

    it('puts every make-up working day on a weekend (the table itself is sane)', () => {
      for (const d of expected.makeupWorkdays) expect(isoWeekday(d)).toBeGreaterThanOrEqual(6);
    });
  });

  it('can opt in to the unverified years of the package', () => {
    const all = new ChineseDaysHolidaySource({ years: 'all' });
    expect(all.coveredYears()).toEqual(expect.arrayContaining([2023, 2024, 2025, 2026]));
  });

  it('returns copies, so a caller cannot corrupt the table', () => {
    source.holidays(2025)?.holidays.push('2025-12-25');
    expect(source.holidays(2025)?.holidays).not.toContain('2025-12-25');
  });

  it('refuses package data whose layout changed instead of falling back to Monday–Friday', () => {
    expect(() => new ChineseDaysHolidaySource({}, { holidays: [] })).toThrow(/expected holidays\/workdays layout/);
    expect(() => new ChineseDaysHolidaySource({}, { holidays: { 'not a date': 'x' }, workdays: {} })).toThrow();
  });
});

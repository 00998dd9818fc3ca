import { DomainError } from '../errors/domain-error';
import { HUBEI_MINIMUM_WAGES, type MinimumWageRow, MinimumWageTable, MinimumWageUnknownError } from './minimum-wage';

const row = (regionCode: string, monthlyFen: number, effectiveFrom: string, tier = 'T'): MinimumWageRow => ({
  regionCode,
  tier,
  monthlyFen,
  effectiveFrom,
  source: `test notice ${regionCode} ${effectiveFrom}`,
});

/** Made-up figures, so the tests check the lookup and not Hubei's numbers. */
const table = new MinimumWageTable([
  row('420000', 100_000, '2020-01-01', 'province'),
  row('420300', 150_000, '2021-09-01', 'city'),
  row('420300', 170_000, '2024-12-01', 'city'),
  row('420302', 180_000, '2021-09-01', 'county'),
  row('420302', 195_000, '2024-12-01', 'county'),
  row('420325', 160_000, '2025-06-01', 'county-late'),
  row('4206', 140_000, '2021-01-01', 'xiangyang-prefix'),
]);

describe(MinimumWageTable.name, () => {
  describe('region match', () => {
    it('uses the county row first', () => {
      expect(table.monthlyOn('420302', '2025-01-01')).toEqual({
        monthlyFen: 195_000,
        tier: 'county',
        effectiveFrom: '2024-12-01',
        source: 'test notice 420302 2024-12-01',
        regionCode: '420302',
        matchedBy: 'COUNTY',
      });
    });

    it('falls back to the city row for a county without rows of its own', () => {
      expect(table.monthlyOn('420303', '2025-01-01')).toMatchObject({ monthlyFen: 170_000, matchedBy: 'CITY', regionCode: '420300' });
    });

    it('matches a city row written as a 4-digit prefix', () => {
      expect(table.monthlyOn('420606', '2025-01-01')).toMatchObject({ monthlyFen: 140_000, matchedBy: 'CITY', regionCode: '4206' });
    });

    it('falls back to the province row when neither county nor city has one', () => {
      expect(table.monthlyOn('421002', '2025-01-01')).toMatchObject({ monthlyFen: 100_000, matchedBy: 'PROVINCE' });
    });

    it('does not let a county row that starts later hide the city row in effect', () => {
      expect(table.monthlyOn('420325', '2025-05-31')).toMatchObject({ monthlyFen: 170_000, matchedBy: 'CITY' });
      expect(table.monthlyOn('420325', '2025-06-01')).toMatchObject({ monthlyFen: 160_000, matchedBy: 'COUNTY' });
    });

    it('reads township (9-digit) and village (12-digit) codes by their county', () => {
      expect(table.monthlyOn('420302001', '2025-01-01').monthlyFen).toBe(195_000);
      expect(table.monthlyOn('420302001001', '2025-01-01').monthlyFen).toBe(195_000);
    });
  });

  describe('effective dates', () => {
    it('uses the old standard the day before a change and the new one from its first day', () => {
      expect(table.monthlyOn('420302', '2024-11-30')).toMatchObject({ monthlyFen: 180_000, effectiveFrom: '2021-09-01' });
      expect(table.monthlyOn('420302', '2024-12-01')).toMatchObject({ monthlyFen: 195_000, effectiveFrom: '2024-12-01' });
    });

    it('picks the latest row in effect whatever the order of the rows given', () => {
      const reversed = new MinimumWageTable([...table.rows()].reverse());
      expect(reversed.monthlyOn('420302', '2030-01-01').monthlyFen).toBe(195_000);
      expect(reversed.monthlyOn('420302', '2022-01-01').monthlyFen).toBe(180_000);
    });

    it('before the county and city rows start, falls back to the province', () => {
      expect(table.monthlyOn('420302', '2021-08-31')).toMatchObject({ monthlyFen: 100_000, matchedBy: 'PROVINCE' });
    });
  });

  describe('errors', () => {
    it('throws a clear domain error for a region nobody configured', () => {
      expect(() => table.monthlyOn('110101', '2025-01-01')).toThrow(MinimumWageUnknownError);
      expect(() => table.monthlyOn('110101', '2025-01-01')).toThrow(/no minimum wage is configured for region 110101 .* on 2025-01-01/);
      try {
        table.monthlyOn('110101', '2025-01-01');
      } catch (e) {
        expect(e).toBeInstanceOf(DomainError);
        expect((e as MinimumWageUnknownError).code).toBe('MINIMUM_WAGE_UNKNOWN');
      }
    });

    it('throws the same error for a date before every row', () => {
      expect(() => table.monthlyOn('420302', '2019-12-31')).toThrow(MinimumWageUnknownError);
    });

    it.each(['4203', '42030', '4203021', 'abcdef', '', ' 420302'])('rejects the region code %p', (code) => {
      expect(() => table.monthlyOn(code, '2025-01-01')).toThrow(RangeError);
    });

    it.each(['2025-02-29', '2025-1-01', '20250101', ''])('rejects the date %p', (date) => {
      expect(() => table.monthlyOn('420302', date)).toThrow(RangeError);
    });

    it('rejects malformed rows, naming the row', () => {
      expect(() => new MinimumWageTable([row('42030', 1, '2025-01-01')])).toThrow(/row 0: regionCode/);
      expect(() => new MinimumWageTable([row('420302', 1.5, '2025-01-01')])).toThrow(/row 0: monthlyFen/);
      expect(() => new MinimumWageTable([row('420302', 0, '2025-01-01')])).toThrow(/more than zero/);
      expect(() => new MinimumWageTable([row('420302', 1, '2025-02-30')])).toThrow(/effectiveFrom/);
      expect(() => new MinimumWageTable([{ ...row('420302', 1, '2025-01-01'), source: ' ' }])).toThrow(/source/);
      expect(() => new MinimumWageTable([{ ...row('420302', 1, '2025-01-01'), tier: '' }])).toThrow(/tier/);
    });

    it('refuses two rows for the same reach and date (also when written 420300 and 4203)', () => {
      expect(() => new MinimumWageTable([row('420302', 1, '2025-01-01'), row('420302', 2, '2025-01-01')])).toThrow(/two rows/);
      expect(() => new MinimumWageTable([row('420300', 1, '2025-01-01'), row('4203', 2, '2025-01-01')])).toThrow(/two rows/);
    });
  });

  describe('overrides', () => {
    it('replaces a row of the same region and date, adds the others, and leaves the original alone', () => {
      const overridden = table.withOverrides([row('420302', 200_000, '2024-12-01', 'corrected'), row('420302', 220_000, '2026-07-01')]);
      expect(overridden.monthlyOn('420302', '2025-01-01')).toMatchObject({ monthlyFen: 200_000, tier: 'corrected' });
      expect(overridden.monthlyOn('420302', '2026-07-01').monthlyFen).toBe(220_000);
      expect(overridden.monthlyOn('420302', '2022-01-01').monthlyFen).toBe(180_000);
      expect(table.monthlyOn('420302', '2025-01-01').monthlyFen).toBe(195_000);
      expect(overridden.rows()).toHaveLength(table.rows().length + 1);
    });

    it('hands out copies of its rows', () => {
      const rows = table.rows();
      rows[0].monthlyFen = 1;
      expect(table.rows()[0].monthlyFen).toBe(100_000);
    });
  });

  describe('HUBEI_MINIMUM_WAGES defaults', () => {
    const hubei = new MinimumWageTable(HUBEI_MINIMUM_WAGES);
    const SHIYAN = ['420302', '420303', '420304', '420322', '420323', '420324', '420325', '420381'];

    it('gives every Shiyan county its own row, marked (verify) with its notice', () => {
      for (const code of SHIYAN) {
        for (const date of ['2021-09-01', '2024-11-30', '2024-12-01', '2026-12-31']) {
          const wage = hubei.monthlyOn(code, date);
          expect(wage).toMatchObject({ matchedBy: 'COUNTY', regionCode: code });
          expect(wage.source).toMatch(/湖北省人民政府关于调整全省最低工资标准的通知.*\(verify/);
        }
      }
    });

    it('covers other Shiyan codes through the city row, and nothing before September 2021', () => {
      expect(hubei.monthlyOn('420300', '2025-01-01')).toMatchObject({ matchedBy: 'CITY', regionCode: '420300' });
      expect(() => hubei.monthlyOn('420302', '2021-08-31')).toThrow(MinimumWageUnknownError);
      expect(() => hubei.monthlyOn('420100', '2025-01-01')).toThrow(MinimumWageUnknownError);
    });

    it('never lowers a county standard at a change', () => {
      for (const code of SHIYAN) {
        expect(hubei.monthlyOn(code, '2024-12-01').monthlyFen).toBeGreaterThan(hubei.monthlyOn(code, '2024-11-30').monthlyFen);
      }
    });

    it('is frozen: overrides go through withOverrides', () => {
      expect(Object.isFrozen(HUBEI_MINIMUM_WAGES)).toBe(true);
      expect(Object.isFrozen(HUBEI_MINIMUM_WAGES[0])).toBe(true);
    });
  });
});

import fc from 'fast-check';
import { DISPUTE_TYPES } from '../case/case-data';
import { ART47_CATEGORY, type AwardItemInput, decideAwardFinality } from './award-finality';
import { MinimumWageTable, MinimumWageUnknownError } from './minimum-wage';

/** Made-up figures: ¥1,950.00 a month in the county from 2024-12-01, ¥1,800.00 before; the city lower. */
const table = new MinimumWageTable([
  { regionCode: '420302', tier: 'A', monthlyFen: 180_000, effectiveFrom: '2021-09-01', source: 'notice 2021' },
  { regionCode: '420302', tier: 'A', monthlyFen: 195_000, effectiveFrom: '2024-12-01', source: 'notice 2024' },
  { regionCode: '420300', tier: 'B', monthlyFen: 150_000, effectiveFrom: '2021-09-01', source: 'city notice' },
]);
const ctx = { regionCode: '420302', awardDate: '2025-03-10', table };
const CAP = 12 * 195_000; // 2_340_000 fen = ¥23,400.00

describe(decideAwardFinality.name, () => {
  describe('the 12-month cap of art. 47(1)', () => {
    it('is final exactly at 12 × the monthly minimum wage', () => {
      const r = decideAwardFinality([{ type: 'WAGE_ARREARS', awardedFen: CAP }], ctx);
      expect(r.thresholdFen).toBe(2_340_000);
      expect(r.final).toBe(true);
      expect(r.items[0]).toMatchObject({ type: 'WAGE_ARREARS', awardedFen: CAP, final: true, category: 'MONEY_CLAIM' });
      expect(r.items[0].reason).toMatch(/^Final for the employer under LDMAL art\. 47\(1\).*¥23,400\.00 awarded.*not more than 12 months/);
    });

    it('is not final one fen over', () => {
      const r = decideAwardFinality([{ type: 'WAGE_ARREARS', awardedFen: CAP + 1 }], ctx);
      expect(r.final).toBe(false);
      expect(r.items[0].final).toBe(false);
      expect(r.items[0].reason).toMatch(/^Not final: LDMAL art\. 47\(1\).*¥23,400\.01 awarded is ¥0\.01 over/);
      expect(r.basis.summary).toMatch(/1 of 1 item is not final/);
      expect(r.basis.summary).not.toMatch(/法释/);
    });

    it.each(['WAGE_ARREARS', 'OVERTIME', 'DOUBLE_PAY_NO_CONTRACT', 'ECONOMIC_COMPENSATION', 'UNLAWFUL_TERMINATION_DAMAGES', 'WORK_INJURY'])(
      '%s is a money claim under art. 47(1)',
      (type) => {
        expect(decideAwardFinality([{ type, awardedFen: CAP }], ctx).items[0]).toMatchObject({ final: true, category: 'MONEY_CLAIM' });
        expect(decideAwardFinality([{ type, awardedFen: CAP + 1 }], ctx).items[0]).toMatchObject({ final: false, category: 'MONEY_CLAIM' });
      },
    );

    it('tests each item on its own, not their sum', () => {
      const r = decideAwardFinality(
        [
          { type: 'WAGE_ARREARS', awardedFen: CAP },
          { type: 'ECONOMIC_COMPENSATION', awardedFen: CAP },
        ],
        ctx,
      );
      expect(r.final).toBe(true);
    });
  });

  describe('labor standards, art. 47(2)', () => {
    it.each(['WORKING_TIME_AND_LEAVE', 'SOCIAL_INSURANCE', 'LABOR_PROTECTION'])('%s is final whatever the amount', (type) => {
      const r = decideAwardFinality([{ type, awardedFen: 1_000 * CAP }], ctx);
      expect(r.final).toBe(true);
      expect(r.items[0]).toMatchObject({ final: true, category: 'LABOR_STANDARD' });
      expect(r.items[0].reason).toMatch(/LDMAL art\. 47\(2\).*whatever the amount/);
    });
  });

  describe('outside art. 47', () => {
    it.each(['LABOR_RELATION_CONFIRMATION', 'DISMISSAL_OR_RESIGNATION', 'NON_COMPETE', 'SOMETHING_ELSE'])('%s is never final, even at 0 fen', (type) => {
      const r = decideAwardFinality([{ type, awardedFen: 0 }], ctx);
      expect(r.final).toBe(false);
      expect(r.items[0]).toMatchObject({ final: false, category: 'OUTSIDE_ART_47' });
      expect(r.items[0].reason).toMatch(/^Not final: LDMAL art\. 47 makes final only/);
    });
  });

  describe('the award as a whole', () => {
    it('treats a mixed award as non-final and says why', () => {
      const r = decideAwardFinality(
        [
          { type: 'WAGE_ARREARS', awardedFen: 500_000 },
          { type: 'SOCIAL_INSURANCE', awardedFen: 0 },
          { type: 'UNLAWFUL_TERMINATION_DAMAGES', awardedFen: CAP + 100 },
        ],
        ctx,
      );
      expect(r.items.map((i) => i.final)).toEqual([true, true, false]);
      expect(r.final).toBe(false);
      expect(r.basis.summary).toMatch(/1 of 3 items are not final/);
      expect(r.basis.summary).toMatch(/treated as non-final as a whole \(SPC Interpretation \(I\).*法释〔2020〕26号 art\. 20\)/);
      expect(r.basis.summary).toMatch(/art\. 50/);
    });

    it('keeps the order and amounts of the items and records the basis', () => {
      const items: AwardItemInput[] = [
        { type: 'OVERTIME', awardedFen: 12_345 },
        { type: 'WORKING_TIME_AND_LEAVE', awardedFen: 0 },
      ];
      const r = decideAwardFinality(items, ctx);
      expect(r.final).toBe(true);
      expect(r.items.map(({ type, awardedFen }) => ({ type, awardedFen }))).toEqual(items);
      expect(r.basis).toMatchObject({
        regionCode: '420302',
        awardDate: '2025-03-10',
        months: 12,
        thresholdFen: CAP,
        minimumWage: { monthlyFen: 195_000, effectiveFrom: '2024-12-01', source: 'notice 2024', matchedBy: 'COUNTY' },
      });
      expect(r.basis.article).toMatch(/LDMAL art\. 47/);
      expect(r.basis.summary).toMatch(/^Threshold 12 × ¥1,950\.00 = ¥23,400\.00/);
      expect(r.basis.summary).toMatch(/final for the employer.*art\. 48.*art\. 49/);
    });
  });

  describe('minimum wage of the region on the award date', () => {
    const item = [{ type: 'WAGE_ARREARS', awardedFen: 12 * 180_000 + 1 }];

    it('uses the standard in force on the award date, before and after a change', () => {
      const before = decideAwardFinality(item, { ...ctx, awardDate: '2024-11-30' });
      const after = decideAwardFinality(item, { ...ctx, awardDate: '2024-12-01' });
      expect(before.thresholdFen).toBe(2_160_000);
      expect(before.final).toBe(false);
      expect(after.thresholdFen).toBe(2_340_000);
      expect(after.final).toBe(true);
    });

    it('falls back to the city standard for a county without its own row', () => {
      const r = decideAwardFinality([{ type: 'WAGE_ARREARS', awardedFen: 12 * 150_000 }], { ...ctx, regionCode: '420381' });
      expect(r.thresholdFen).toBe(1_800_000);
      expect(r.basis.minimumWage).toMatchObject({ matchedBy: 'CITY', regionCode: '420300' });
      expect(r.final).toBe(true);
    });

    it('throws MinimumWageUnknownError for a region with no figure, even for labor-standard items', () => {
      expect(() => decideAwardFinality([{ type: 'SOCIAL_INSURANCE', awardedFen: 0 }], { ...ctx, regionCode: '110101' })).toThrow(
        MinimumWageUnknownError,
      );
    });
  });

  describe('input checks', () => {
    it('refuses an award without items', () => {
      expect(() => decideAwardFinality([], ctx)).toThrow(/at least one item/);
    });

    it.each([1.5, -1, Number.NaN, Number.MAX_SAFE_INTEGER + 1, '100' as unknown as number])('refuses the amount %p (integer fen only)', (awardedFen) => {
      expect(() => decideAwardFinality([{ type: 'WAGE_ARREARS', awardedFen }], ctx)).toThrow(/items\[0\]\.awardedFen/);
    });

    it('refuses an empty type and a malformed award date', () => {
      expect(() => decideAwardFinality([{ type: '', awardedFen: 1 }], ctx)).toThrow(/items\[0\]\.type/);
      expect(() => decideAwardFinality([{ type: 'WAGE_ARREARS', awardedFen: 1 }], { ...ctx, awardDate: '2025-02-29' })).toThrow(/awardDate/);
    });
  });

  it('places every dispute type', () => {
    expect(Object.keys(ART47_CATEGORY).sort()).toEqual([...DISPUTE_TYPES].sort());
  });

  describe('properties', () => {
    const runs = { numRuns: 1_000 };
    const type = fc.oneof(fc.constantFrom(...DISPUTE_TYPES), fc.string({ minLength: 1, maxLength: 12 }));
    const monthlyFen = fc.integer({ min: 1, max: 2_000_000 });
    const amount = fc.integer({ min: 0, max: 100_000_000 });
    const tableOf = (m: number) =>
      new MinimumWageTable([{ regionCode: '420302', tier: 'X', monthlyFen: m, effectiveFrom: '2020-01-01', source: 'property' }]);
    const item = fc.record({ type, awardedFen: amount });

    it('raising an amount never turns a non-final item final', () => {
      fc.assert(
        fc.property(monthlyFen, type, amount, fc.integer({ min: 0, max: 100_000_000 }), fc.array(item, { maxLength: 4 }), (m, t, a, raise, others) => {
          const c = { ...ctx, table: tableOf(m) };
          const low = decideAwardFinality([{ type: t, awardedFen: a }, ...others], c);
          const high = decideAwardFinality([{ type: t, awardedFen: a + raise }, ...others], c);
          if (!low.items[0].final) expect(high.items[0].final).toBe(false);
          if (!low.final) expect(high.final).toBe(false);
        }),
        runs,
      );
    });

    it('an award with any non-final item is non-final; with none, final', () => {
      fc.assert(
        fc.property(monthlyFen, fc.array(item, { minLength: 1, maxLength: 8 }), (m, items) => {
          const r = decideAwardFinality(items, { ...ctx, table: tableOf(m) });
          const anyNonFinal = r.items.some((i) => !i.final);
          expect(r.final).toBe(!anyNonFinal);
          expect(r.thresholdFen).toBe(12 * m);
        }),
        runs,
      );
    });

    it('decides each item alone: the same as in an award of its own', () => {
      fc.assert(
        fc.property(monthlyFen, fc.array(item, { minLength: 1, maxLength: 8 }), (m, items) => {
          const c = { ...ctx, table: tableOf(m) };
          const together = decideAwardFinality(items, c).items;
          items.forEach((it, i) => expect(together[i]).toEqual(decideAwardFinality([it], c).items[0]));
        }),
        runs,
      );
    });
  });
});

import { parseIsoDate } from '../calendar/civil-date';
import { DomainError } from '../errors/domain-error';
import { assertFen, type Fen } from '../money/fen';

/**
 * Monthly minimum wages by region and effective date (DOMAIN.md §5): the final-award test of LDMAL
 * art. 47 compares each awarded item with 12 × the minimum wage of the region on the award date.
 *
 * Provinces set the standards in tiers (档) and assign counties to tiers; both change every few
 * years. The figures are configuration, not law typed into code: build a table from your own rows or
 * override the shipped defaults with `withOverrides`.
 */

/**
 * One standard. `regionCode` is a GB/T 2260 code saying how far the row reaches:
 *  - a county code such as '420302' matches that county only (and its 9/12-digit township and
 *    village codes);
 *  - a city code ending in '00', such as '420300', or its 4-digit prefix '4203', matches every
 *    county of the city that has no row of its own;
 *  - a province code ending in '0000', such as '420000', or its 2-digit prefix '42', matches every
 *    county of the province that has no county or city row.
 */
export interface MinimumWageRow {
  regionCode: string;
  /** The province's tier name, e.g. '第二档'. */
  tier: string;
  /** Monthly minimum wage in fen. */
  monthlyFen: Fen;
  /** 'YYYY-MM-DD', the first day the standard applies. */
  effectiveFrom: string;
  /** The notice that sets the figure, with '(verify)' while nobody has checked it against the text. */
  source: string;
}

export type MinimumWageMatch = 'COUNTY' | 'CITY' | 'PROVINCE';

export interface MinimumWageOn {
  monthlyFen: Fen;
  tier: string;
  effectiveFrom: string;
  source: string;
  /** The row's own regionCode, as written in the table. */
  regionCode: string;
  /** How the row matched the region asked about. */
  matchedBy: MinimumWageMatch;
}

/** No row covers the region on the date: a table gap to fix in configuration, never a guess. */
export class MinimumWageUnknownError extends DomainError {
  readonly code = 'MINIMUM_WAGE_UNKNOWN';
  constructor(
    readonly regionCode: string,
    readonly date: string,
  ) {
    super(
      `no minimum wage is configured for region ${regionCode} (nor its city or province) in effect on ${date}; ` +
        `add a row to the minimum-wage table`,
    );
  }
}

interface IndexedRow {
  row: Readonly<MinimumWageRow>;
  level: MinimumWageMatch;
  /** County: 6 digits; city: 4-digit prefix; province: 2-digit prefix. */
  key: string;
}

const MATCH_ORDER: readonly MinimumWageMatch[] = ['COUNTY', 'CITY', 'PROVINCE'];

function classifyRowCode(code: unknown, field: string): { level: MinimumWageMatch; key: string } {
  if (typeof code !== 'string' || !/^(\d{2}|\d{4}|\d{6})$/.test(code)) {
    throw new RangeError(`${field} must be a GB/T 2260 code: 6 digits, or a 4-digit city or 2-digit province prefix`);
  }
  if (code.length === 2 || code.endsWith('0000')) return { level: 'PROVINCE', key: code.slice(0, 2) };
  if (code.length === 4 || code.endsWith('00')) return { level: 'CITY', key: code.slice(0, 4) };
  return { level: 'COUNTY', key: code };
}

/** A region asked about: a 6-digit county code, or a 9/12-digit township/village code extending one. */
function countyOf(regionCode: unknown): string {
  if (typeof regionCode !== 'string' || !/^(\d{6}|\d{9}|\d{12})$/.test(regionCode)) {
    throw new RangeError('regionCode must be a 6-digit GB/T 2260 code (or a 9- or 12-digit code extending one)');
  }
  return regionCode.slice(0, 6);
}

function requireDate(value: unknown, field: string): string {
  if (!parseIsoDate(value)) throw new RangeError(`${field} must be a real date written YYYY-MM-DD`);
  return value as string;
}

function checkRow(row: MinimumWageRow, i: number): IndexedRow {
  const at = `minimum-wage row ${i}`;
  if (typeof row !== 'object' || row === null) throw new RangeError(`${at} must be an object`);
  const { level, key } = classifyRowCode(row.regionCode, `${at}: regionCode`);
  assertFen(row.monthlyFen, `${at}: monthlyFen`);
  if (row.monthlyFen === 0) throw new RangeError(`${at}: monthlyFen must be more than zero`);
  requireDate(row.effectiveFrom, `${at}: effectiveFrom`);
  if (typeof row.tier !== 'string' || row.tier.trim() === '') throw new RangeError(`${at}: tier must be a non-empty string`);
  if (typeof row.source !== 'string' || row.source.trim() === '') {
    throw new RangeError(`${at}: source must name the notice the figure comes from`);
  }
  const copy = Object.freeze({
    regionCode: row.regionCode,
    tier: row.tier,
    monthlyFen: row.monthlyFen,
    effectiveFrom: row.effectiveFrom,
    source: row.source,
  });
  return { row: copy, level, key };
}

const identity = (r: IndexedRow) => `${r.level}:${r.key}@${r.row.effectiveFrom}`;

export class MinimumWageTable {
  private readonly byKey = new Map<string, IndexedRow[]>();
  private readonly all: IndexedRow[];

  /** Throws RangeError on a malformed row, or on two rows for the same region and effective date. */
  constructor(rows: readonly MinimumWageRow[]) {
    if (!Array.isArray(rows)) throw new RangeError('rows must be an array');
    this.all = rows.map(checkRow);
    const seen = new Set<string>();
    for (const r of this.all) {
      const id = identity(r);
      if (seen.has(id)) {
        throw new RangeError(
          `minimum-wage table has two rows for region ${r.row.regionCode} effective ${r.row.effectiveFrom}; ` +
            `keep one (use withOverrides to replace a default)`,
        );
      }
      seen.add(id);
      const list = this.byKey.get(`${r.level}:${r.key}`) ?? [];
      list.push(r);
      this.byKey.set(`${r.level}:${r.key}`, list);
    }
    // Latest first, so the first row in effect on a date is the one that applies.
    for (const list of this.byKey.values()) list.sort((a, b) => (a.row.effectiveFrom < b.row.effectiveFrom ? 1 : -1));
  }

  /**
   * A new table: each override replaces the row for the same region (same reach) and effective date,
   * or is added beside the others. This table is not changed.
   */
  withOverrides(overrides: readonly MinimumWageRow[]): MinimumWageTable {
    const checked = new MinimumWageTable(overrides).all;
    const replaced = new Set(checked.map(identity));
    return new MinimumWageTable([...this.all.filter((r) => !replaced.has(identity(r))), ...checked].map((r) => r.row));
  }

  /** Copies of the rows, in the order given. */
  rows(): MinimumWageRow[] {
    return this.all.map((r) => ({ ...r.row }));
  }

  /**
   * The monthly minimum wage for `regionCode` on `date`: the most specific match (the county's own
   * rows, else its city's, else its province's) that has a row in effect on the date, and of those
   * the latest effectiveFrom ≤ date. A county row that only starts later does not hide an earlier
   * city or province row.
   *
   * @throws MinimumWageUnknownError when no row applies; RangeError on a malformed code or date.
   */
  monthlyOn(regionCode: string, date: string): MinimumWageOn {
    const county = countyOf(regionCode);
    requireDate(date, 'date');
    const keys: Record<MinimumWageMatch, string> = { COUNTY: county, CITY: county.slice(0, 4), PROVINCE: county.slice(0, 2) };
    for (const level of MATCH_ORDER) {
      const hit = this.byKey.get(`${level}:${keys[level]}`)?.find((r) => r.row.effectiveFrom <= date);
      if (hit) {
        const { monthlyFen, tier, effectiveFrom, source } = hit.row;
        return { monthlyFen, tier, effectiveFrom, source, regionCode: hit.row.regionCode, matchedBy: level };
      }
    }
    throw new MinimumWageUnknownError(regionCode, date);
  }
}

/*
 * Hubei Province defaults for 十堰市 (Shiyan) and its counties — best knowledge, NOT checked against the
 * notices' text: every figure, date and tier assignment is marked (verify). Override in configuration.
 *
 *  - 2021-09-01: 湖北省人民政府关于调整全省最低工资标准的通知 (2021): four tiers, 第一档 2010, 第二档 1800,
 *    第三档 1650, 第四档 1520 yuan a month.
 *  - 2024-12-01: 湖北省人民政府关于调整全省最低工资标准的通知 (2024): three tiers, 第一档 2210, 第二档 1950,
 *    第三档 1800 yuan a month.
 *  - Tiers assumed for Shiyan: the city districts 茅箭区 and 张湾区 in 第二档; 郧阳区 and 丹江口市 in 第三档
 *    (2021) / 第三档 (2024); 郧西、竹山、竹溪、房县 in 第四档 (2021) / 第三档 (2024). The city row (420300)
 *    carries the city-district figure, for Shiyan codes without a row of their own.
 * Dates before 2021-09-01 have no row and raise MinimumWageUnknownError rather than guess.
 */
const HB_2021 = '湖北省人民政府关于调整全省最低工资标准的通知 (2021), effective 2021-09-01 (verify: figure, tier of this region, notice number)';
const HB_2024 = '湖北省人民政府关于调整全省最低工资标准的通知 (2024), effective 2024-12-01 (verify: figure, tier of this region, notice number)';

const shiyan = (
  regionCode: string,
  name: string,
  t2021: '第二档' | '第三档' | '第四档',
  t2024: '第二档' | '第三档',
): MinimumWageRow[] => {
  const fen2021 = { 第二档: 180_000, 第三档: 165_000, 第四档: 152_000 }[t2021];
  const fen2024 = { 第二档: 195_000, 第三档: 180_000 }[t2024];
  return [
    { regionCode, tier: t2021, monthlyFen: fen2021, effectiveFrom: '2021-09-01', source: `${HB_2021}; ${name}` },
    { regionCode, tier: t2024, monthlyFen: fen2024, effectiveFrom: '2024-12-01', source: `${HB_2024}; ${name}` },
  ];
};

/** Default rows for 十堰市 and its counties (see the note above: every row is marked '(verify)'). */
export const HUBEI_MINIMUM_WAGES: readonly MinimumWageRow[] = Object.freeze(
  [
    ...shiyan('420300', '十堰市 (city-level fallback: city-district figure)', '第二档', '第二档'),
    ...shiyan('420302', '茅箭区', '第二档', '第二档'),
    ...shiyan('420303', '张湾区', '第二档', '第二档'),
    ...shiyan('420304', '郧阳区', '第三档', '第三档'),
    ...shiyan('420322', '郧西县', '第四档', '第三档'),
    ...shiyan('420323', '竹山县', '第四档', '第三档'),
    ...shiyan('420324', '竹溪县', '第四档', '第三档'),
    ...shiyan('420325', '房县', '第四档', '第三档'),
    ...shiyan('420381', '丹江口市', '第三档', '第三档'),
  ].map((row) => Object.freeze(row)),
);

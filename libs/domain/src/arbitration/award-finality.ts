import { parseIsoDate } from '../calendar/civil-date';
import type { DisputeType } from '../case/case-data';
import { assertFen, type Fen, formatYuan } from '../money/fen';
import type { MinimumWageOn, MinimumWageTable } from './minimum-wage';

/**
 * Final awards, LDMAL (劳动争议调解仲裁法) art. 47. Unless the law says otherwise, an award on the
 * following is final, taking legal effect when made:
 *  (1) a claim for wages (劳动报酬), work-injury medical costs, economic compensation or damages of no
 *      more than 12 months of the local monthly minimum wage;
 *  (2) a dispute arising from carrying out national labor standards on working time, rest and leave,
 *      social insurance and the like.
 * "Final" binds the employer: the worker may still sue within 15 days (art. 48); the employer may only
 * apply to the intermediate court to set it aside within 30 days (art. 49).
 *
 * Per item: the test applies to each amount awarded separately (SPC Interpretation (I) on labor
 * disputes, 法释〔2020〕26号 art. 19; HRSS arbitration rules art. 50). Per award: an award holding both
 * final and non-final items is treated as non-final (same interpretation, art. 20).
 * The amount compared is the amount awarded, and the minimum wage is that of the region on the award
 * date. Art. 47 concerns the worker's claims; an employer's own claims are outside it.
 */

/** How art. 47 treats a claim type. */
export type Art47Category = 'MONEY_CLAIM' | 'LABOR_STANDARD' | 'OUTSIDE_ART_47';

/**
 * Every dispute type must be placed here (a new one fails to compile until someone decides).
 * Money claims under art. 47(1): overtime pay is wages; double pay for no written contract and
 * unlawful-termination damages are damages (赔偿金), and economic compensation includes non-compete
 * compensation (HRSS arbitration rules, 劳动人事争议仲裁办案规则 art. 50) — a worker's claim for
 * non-compete compensation should therefore be entered as ECONOMIC_COMPENSATION; NON_COMPETE as such
 * (typically the employer's penalty claim) is outside art. 47.
 */
export const ART47_CATEGORY: Readonly<Record<DisputeType, Art47Category>> = Object.freeze({
  WAGE_ARREARS: 'MONEY_CLAIM',
  OVERTIME: 'MONEY_CLAIM',
  DOUBLE_PAY_NO_CONTRACT: 'MONEY_CLAIM',
  ECONOMIC_COMPENSATION: 'MONEY_CLAIM',
  UNLAWFUL_TERMINATION_DAMAGES: 'MONEY_CLAIM',
  WORK_INJURY: 'MONEY_CLAIM',
  WORKING_TIME_AND_LEAVE: 'LABOR_STANDARD',
  SOCIAL_INSURANCE: 'LABOR_STANDARD',
  LABOR_PROTECTION: 'LABOR_STANDARD',
  LABOR_RELATION_CONFIRMATION: 'OUTSIDE_ART_47',
  CONTRACT_DISPUTE: 'OUTSIDE_ART_47',
  DISMISSAL_OR_RESIGNATION: 'OUTSIDE_ART_47',
  BENEFITS: 'OUTSIDE_ART_47',
  TRAINING: 'OUTSIDE_ART_47',
  NON_COMPETE: 'OUTSIDE_ART_47',
  PLATFORM_WORK: 'OUTSIDE_ART_47',
});

const LABELS: Partial<Record<DisputeType, string>> = {
  WAGE_ARREARS: 'wages (劳动报酬)',
  OVERTIME: 'overtime pay, which is wages (劳动报酬)',
  DOUBLE_PAY_NO_CONTRACT: 'double pay for no written contract, which is damages (赔偿金)',
  ECONOMIC_COMPENSATION: 'economic compensation (经济补偿)',
  UNLAWFUL_TERMINATION_DAMAGES: 'damages for unlawful termination (赔偿金)',
  WORK_INJURY: 'work-injury medical costs (工伤医疗费)',
  WORKING_TIME_AND_LEAVE: 'working time, rest and leave',
  SOCIAL_INSURANCE: 'social insurance',
  LABOR_PROTECTION: 'labor protection',
};

/** Months of minimum wage in the art. 47(1) cap. */
export const ART47_MONTHS = 12;

export interface AwardItemInput {
  /** A DisputeType code; any other string is treated as outside art. 47 (non-final). */
  type: string;
  /** Amount awarded for this item, integer fen. */
  awardedFen: Fen;
}

export interface AwardFinalityContext {
  /** GB/T 2260 code of the arbitration's region (6 digits, or a township/village code extending one). */
  regionCode: string;
  /** 'YYYY-MM-DD', the date of the award. */
  awardDate: string;
  table: MinimumWageTable;
}

export interface AwardItemFinality {
  type: string;
  awardedFen: Fen;
  final: boolean;
  category: Art47Category;
  /** Plain English, citing art. 47. */
  reason: string;
}

export interface AwardFinalityBasis {
  article: string;
  regionCode: string;
  awardDate: string;
  months: number;
  /** The minimum-wage row used, with its source notice. */
  minimumWage: MinimumWageOn;
  thresholdFen: Fen;
  /** Plain English: the award as a whole, and what the parties may do next. */
  summary: string;
}

export interface AwardFinality {
  final: boolean;
  items: AwardItemFinality[];
  /** 12 × the monthly minimum wage of the region on the award date, in fen. */
  thresholdFen: Fen;
  basis: AwardFinalityBasis;
}

export function art47Category(type: string): Art47Category {
  return Object.prototype.hasOwnProperty.call(ART47_CATEGORY, type) ? ART47_CATEGORY[type as DisputeType] : 'OUTSIDE_ART_47';
}

function decideItem(item: AwardItemInput, thresholdFen: Fen): AwardItemFinality {
  const { type, awardedFen } = item;
  const category = art47Category(type);
  const label = LABELS[type as DisputeType] ?? `a claim of type ${type}`;
  const cap = `12 months of the local minimum wage (${formatYuan(thresholdFen)})`;
  switch (category) {
    case 'MONEY_CLAIM': {
      const final = awardedFen <= thresholdFen;
      const reason = final
        ? `Final for the employer under LDMAL art. 47(1): ${formatYuan(awardedFen)} awarded for ${label} ` +
          `is not more than ${cap}.`
        : `Not final: LDMAL art. 47(1) makes an award for ${label} final only up to ${cap}; ` +
          `${formatYuan(awardedFen)} awarded is ${formatYuan(awardedFen - thresholdFen)} over.`;
      return { type, awardedFen, final, category, reason };
    }
    case 'LABOR_STANDARD':
      return {
        type,
        awardedFen,
        final: true,
        category,
        reason:
          `Final for the employer under LDMAL art. 47(2): a dispute over ${label} under national labor ` +
          `standards, whatever the amount.`,
      };
    default:
      return {
        type,
        awardedFen,
        final: false,
        category,
        reason:
          `Not final: LDMAL art. 47 makes final only awards for wages, work-injury medical costs, economic ` +
          `compensation or damages up to ${cap}, and disputes over labor standards; ${label} is neither.`,
      };
  }
}

function summarise(items: AwardItemFinality[], final: boolean): string {
  if (final) {
    return (
      `The award is final for the employer (LDMAL art. 47): every item is final. The worker may still sue ` +
      `within 15 days of receiving it (art. 48); the employer may apply to the intermediate court to set it ` +
      `aside within 30 days (art. 49).`
    );
  }
  const nonFinal = items.filter((i) => !i.final).length;
  const mixed =
    nonFinal < items.length
      ? ` An award holding both final and non-final items is treated as non-final as a whole (SPC ` +
        `Interpretation (I) on labor disputes, 法释〔2020〕26号 art. 20).`
      : '';
  return (
    `The award is not final: ${nonFinal} of ${items.length} item${items.length === 1 ? ' is' : 's are'} not ` +
    `final under LDMAL art. 47.${mixed} Either party may sue within 15 days of receiving it, or it takes ` +
    `effect (art. 50).`
  );
}

/**
 * Decides, item by item and for the award as a whole, whether an arbitral award is final for the
 * employer under LDMAL art. 47.
 *
 * @throws RangeError when there are no items, an amount is not whole non-negative fen, or the date or
 *   region code is malformed; MinimumWageUnknownError when the table has no figure for the region.
 */
export function decideAwardFinality(items: readonly AwardItemInput[], ctx: AwardFinalityContext): AwardFinality {
  if (!Array.isArray(items) || items.length === 0) throw new RangeError('an award needs at least one item');
  items.forEach((item, i) => {
    if (typeof item?.type !== 'string' || item.type === '') throw new RangeError(`items[${i}].type must be a non-empty string`);
    assertFen(item.awardedFen, `items[${i}].awardedFen`);
  });
  if (!parseIsoDate(ctx.awardDate)) throw new RangeError('awardDate must be a real date written YYYY-MM-DD');

  const minimumWage = ctx.table.monthlyOn(ctx.regionCode, ctx.awardDate);
  const thresholdFen = ART47_MONTHS * minimumWage.monthlyFen;
  if (!Number.isSafeInteger(thresholdFen)) throw new RangeError('12 × the monthly minimum wage leaves the safe-integer range');

  const decided = items.map((item) => decideItem(item, thresholdFen));
  const final = decided.every((i) => i.final);
  return {
    final,
    items: decided,
    thresholdFen,
    basis: {
      article: 'LDMAL art. 47; SPC Interpretation (I) on labor disputes (法释〔2020〕26号) arts. 19–20',
      regionCode: ctx.regionCode,
      awardDate: ctx.awardDate,
      months: ART47_MONTHS,
      minimumWage,
      thresholdFen,
      summary:
        `Threshold ${ART47_MONTHS} × ${formatYuan(minimumWage.monthlyFen)} = ${formatYuan(thresholdFen)}: the monthly ` +
        `minimum wage (${minimumWage.tier}, effective ${minimumWage.effectiveFrom}; ${minimumWage.source}) for region ` +
        `${ctx.regionCode} on the award date ${ctx.awardDate}. ${summarise(decided, final)}`,
    },
  };
}

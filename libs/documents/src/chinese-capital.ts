import { assertFen, type Fen } from '@tiaojie/domain';

const DIGITS = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'] as const;
/** Positions inside a four-digit group: ones, tens, hundreds, thousands. */
const POSITION_UNITS = ['', '拾', '佰', '仟'] as const;
/** Group units: 10^0, 10^4, 10^8, 10^12 (a safe-integer number of fen stays below 10^14 yuan). */
const GROUP_UNITS = ['', '万', '亿', '万亿'] as const;

/**
 * An amount of fen in Chinese capital numerals (大写金额), as agreements, receipts and bank forms
 * write it. Works on the decimal digits only: no division of floats, no rounding.
 *
 * Follows the People's Bank of China rules for writing amounts (《支付结算办法》附件一
 * 《正确填写票据和结算凭证的基本规定》):
 * - a whole number of yuan ends in '整': 1250000 → 壹万贰仟伍佰元整; zero is 零元整;
 * - a zero between digits is written once as 零 (6007.14 → 陆仟零柒元壹角肆分), zeros at the end of
 *   a four-digit group are not (20001000 元 → 贰仟万壹仟元), an empty group is (1 0000 1000 → 壹亿零壹仟);
 * - a zero jiao before a non-zero fen is written 零 (16409.02 → 壹万陆仟肆佰零玖元零贰分);
 * - when the yuan ones digit is 0 and jiao is not, a 零 is written too (1680.32 → 壹仟陆佰捌拾元零叁角贰分,
 *   the first of the two forms the rules allow);
 * - nothing follows 角 or 分; an amount under one yuan has no 元 (15 fen → 壹角伍分).
 *
 * @throws RangeError when `fen` is not a whole, non-negative, safe-integer number of fen.
 */
export function fenToChineseCapital(fen: Fen): string {
  const digits = String(assertFen(fen, 'fen')).padStart(3, '0');
  const yuanDigits = digits.slice(0, -2).replace(/^0+(?=\d)/, '');
  const jiao = Number(digits[digits.length - 2]);
  const fenDigit = Number(digits[digits.length - 1]);
  const hasYuan = yuanDigits !== '0';

  if (!hasYuan && jiao === 0 && fenDigit === 0) return '零元整';

  let text = hasYuan ? `${integerToCapital(yuanDigits)}元` : '';
  if (jiao === 0 && fenDigit === 0) return `${text}整`;

  const yuanOnesIsZero = hasYuan && yuanDigits.endsWith('0');
  if (jiao !== 0) {
    if (yuanOnesIsZero) text += '零';
    text += `${DIGITS[jiao]}角`;
  } else if (hasYuan) {
    text += '零';
  }
  if (fenDigit !== 0) text += `${DIGITS[fenDigit]}分`;
  return text;
}

/** A non-zero decimal digit string (no leading zeros) in capital numerals, e.g. '10010' → 壹万零壹拾. */
function integerToCapital(decimal: string): string {
  const groups: string[] = [];
  for (let end = decimal.length; end > 0; end -= 4) groups.unshift(decimal.slice(Math.max(0, end - 4), end));
  if (groups.length > GROUP_UNITS.length) throw new RangeError('amount is too large to write in capital numerals');

  let text = '';
  let pendingZero = false;
  groups.forEach((group, g) => {
    const groupUnit = GROUP_UNITS[groups.length - 1 - g];
    if (/^0+$/.test(group)) {
      if (text) pendingZero = true;
      return;
    }
    const padded = group.padStart(4, '0');
    for (let i = 0; i < 4; i++) {
      const digit = padded.charCodeAt(i) - 48;
      if (digit === 0) {
        if (text) pendingZero = true;
        continue;
      }
      if (pendingZero) text += '零';
      pendingZero = false;
      text += DIGITS[digit] + POSITION_UNITS[3 - i];
    }
    text += groupUnit;
    // Zeros at the end of a group are not read: 2000 1000 is 贰仟万壹仟.
    pendingZero = false;
  });
  return text;
}

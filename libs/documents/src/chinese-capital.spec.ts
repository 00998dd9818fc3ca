import fc from 'fast-check';
import { fenToChineseCapital } from './chinese-capital';

/** Reads capital numerals back into fen, independently of the converter, for the round-trip property. */
function parseCapital(text: string): number {
  const digit: Record<string, number> = { 零: 0, 壹: 1, 贰: 2, 叁: 3, 肆: 4, 伍: 5, 陆: 6, 柒: 7, 捌: 8, 玖: 9 };
  const small: Record<string, number> = { 拾: 10, 佰: 100, 仟: 1000 };
  let rest = text.replace(/整$/, '');
  let fen = 0;
  const yuanAt = rest.indexOf('元');
  let yuanText = '';
  if (yuanAt >= 0) {
    yuanText = rest.slice(0, yuanAt);
    rest = rest.slice(yuanAt + 1);
  }
  const jiao = /([壹贰叁肆伍陆柒捌玖])角/.exec(rest);
  const fenPart = /([壹贰叁肆伍陆柒捌玖])分/.exec(rest);
  if (jiao) fen += digit[jiao[1]] * 10;
  if (fenPart) fen += digit[fenPart[1]];
  // 万亿, 亿, 万 split the integer into groups; inside a group digit+unit pairs add up.
  let yuan = 0n;
  let section = 0n;
  let group = 0n;
  let pending = 0n;
  const chars = [...yuanText];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    if (c in digit) pending = BigInt(digit[c]);
    else if (c in small) {
      group += pending * BigInt(small[c]);
      pending = 0n;
    } else if (c === '万' && chars[i + 1] === '亿') {
      section += (group + pending) * 10n ** 12n;
      group = 0n;
      pending = 0n;
      i++;
    } else if (c === '亿') {
      section += (group + pending) * 10n ** 8n;
      group = 0n;
      pending = 0n;
    } else if (c === '万') {
      section += (group + pending) * 10n ** 4n;
      group = 0n;
      pending = 0n;
    } else throw new Error(`unexpected ${c} in ${text}`);
  }
  yuan = section + group + pending;
  return Number(yuan * 100n) + fen;
}

describe('fenToChineseCapital', () => {
  it.each([
    [0, '零元整'],
    [1, '壹分'],
    [10, '壹角'],
    [15, '壹角伍分'],
    [100, '壹元整'],
    [101, '壹元零壹分'],
    [110, '壹元壹角'],
    [1000, '壹拾元整'],
    [1001, '壹拾元零壹分'],
    [10000, '壹佰元整'],
    [10010, '壹佰元零壹角'],
    [100000, '壹仟元整'],
    [1000000, '壹万元整'],
    [100000000, '壹佰万元整'],
    [1250000, '壹万贰仟伍佰元整'],
    [1234567, '壹万贰仟叁佰肆拾伍元陆角柒分'],
    [2284567, '贰万贰仟捌佰肆拾伍元陆角柒分'],
    // The examples of the PBoC rules for writing amounts (支付结算办法 附件一).
    [168032, '壹仟陆佰捌拾元零叁角贰分'],
    [1640902, '壹万陆仟肆佰零玖元零贰分'],
    [140950, '壹仟肆佰零玖元伍角'],
    [600714, '陆仟零柒元壹角肆分'],
    [10700053, '壹拾万柒仟元零伍角叁分'],
    [32500000, '叁拾贰万伍仟元整'],
    // Zeros across the 万 and 亿 groups.
    [100100, '壹仟零壹元整'],
    [101000, '壹仟零壹拾元整'],
    [1001000, '壹万零壹拾元整'],
    [2000100000, '贰仟万壹仟元整'],
    [2000010000, '贰仟万零壹佰元整'],
    [10000000000, '壹亿元整'],
    [10000100000, '壹亿零壹仟元整'],
    [10000000100, '壹亿零壹元整'],
    [10001000000, '壹亿零壹万元整'],
    [10010000000, '壹亿零壹拾万元整'],
    [100000000000000, '壹万亿元整'],
    // 90,071,992,547,409.91 yuan: groups 90 | 0719 | 9254 | 7409.
    [Number.MAX_SAFE_INTEGER, '玖拾万亿零柒佰壹拾玖亿玖仟贰佰伍拾肆万柒仟肆佰零玖元玖角壹分'],
  ])('%d fen → %s', (fen, capital) => {
    expect(fenToChineseCapital(fen)).toBe(capital);
  });

  it.each([-1, 1.5, Number.NaN, Number.MAX_SAFE_INTEGER + 1])('refuses %p with a RangeError', (fen) => {
    expect(() => fenToChineseCapital(fen)).toThrow(RangeError);
  });

  it('reads back to the same amount, and follows the writing rules, for any amount', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: 0, max: 10_000_000 }), fc.maxSafeNat()), (fen) => {
        const text = fenToChineseCapital(fen);
        expect(parseCapital(text)).toBe(fen);
        if (fen === 0) return;
        expect(text).not.toMatch(/零零|零[元万亿角整]|^零/);
        expect(text.endsWith('整')).toBe(fen % 100 === 0);
        expect(text).toMatch(/^[零壹贰叁肆伍陆柒捌玖拾佰仟万亿元角分整]+$/);
      }),
      { numRuns: 2000 },
    );
  });
});

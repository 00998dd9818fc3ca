import fc from 'fast-check';
import { PropertyTally } from '../../../../test/chaos/support/property-runs';
import { assertFen, formatYuan, isFen, sumFen, yuanDecimal } from './fen';

/**
 * Money under bad input (issue 9, scenario 7): integer fen only, exact sums, exact text, and every
 * non-amount refused with a RangeError that names the field, never the value.
 */
const tally = new PropertyTally('7a-2', 'properties: money (fen)');
afterAll(() => tally.write());

const MAX = Number.MAX_SAFE_INTEGER;
/** Anything a JSON body or a careless caller might hand over as an amount. */
const anything = fc.oneof(
  fc.maxSafeNat(),
  fc.integer({ min: -1000, max: 1000 }),
  fc.double(),
  fc.double({ min: MAX - 10, max: MAX * 4 }),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, MAX, MAX + 1, MAX + 2, 2 ** 63),
  fc.string(),
  fc.bigInt(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.object(),
);

describe('fen under bad input', () => {
  it('isFen holds exactly for safe non-negative integers; assertFen agrees and names the field, never the value', () => {
    tally.assert(
      fc.property(anything, (v) => {
        const expected = typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
        if (isFen(v) !== expected) return false;
        try {
          const back = assertFen(v, 'claims.0.claimedFen');
          return expected && back === v && !Object.is(back, -0);
        } catch (e) {
          const message = (e as Error).message;
          return !expected && e instanceof RangeError && message.startsWith('claims.0.claimedFen ') && (typeof v !== 'string' || v.length < 3 || !message.includes(v));
        }
      }),
    );
  });

  it('sumFen is exact (checked with BigInt) and throws, never rounds, past the safe range', () => {
    const amounts = fc.array(fc.oneof(fc.maxSafeNat(), fc.integer({ min: 0, max: 10_000_000 }), fc.constant(MAX)), { maxLength: 12 });
    tally.assert(
      fc.property(amounts, (values) => {
        const exact = values.reduce((s, v) => s + BigInt(v), 0n);
        try {
          return BigInt(sumFen(values)) === exact && exact <= BigInt(MAX);
        } catch (e) {
          return e instanceof RangeError && exact > BigInt(MAX);
        }
      }),
    );
  });

  it('sumFen refuses a list with any non-fen element, naming its position', () => {
    tally.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1_000_000 }), { maxLength: 6 }), anything, fc.nat(6), (good, bad, at) => {
        fc.pre(!isFen(bad));
        const i = Math.min(at, good.length);
        const values = [...good.slice(0, i), bad, ...good.slice(i)] as number[];
        try {
          sumFen(values);
          return false;
        } catch (e) {
          return e instanceof RangeError && (e as Error).message.includes(`values[${i}]`);
        }
      }),
    );
  });

  it('formatYuan and yuanDecimal write the same digits, exactly, for every amount', () => {
    tally.assert(
      fc.property(fc.oneof(fc.maxSafeNat(), fc.integer({ min: 0, max: 100_000 })), (fen) => {
        const shown = formatYuan(fen);
        const plain = yuanDecimal(fen);
        const [yuan, jiao] = plain.split('.');
        return (
          /^¥(0|[1-9]\d{0,2}(,\d{3})*)\.\d{2}$/.test(shown) &&
          shown.replace(/[¥,]/g, '') === plain &&
          BigInt(yuan) * 100n + BigInt(jiao) === BigInt(fen) &&
          (yuan === '0' || !yuan.startsWith('0'))
        );
      }),
    );
  });

  it('formatting refuses what is not an amount', () => {
    tally.assert(
      fc.property(anything, (v) => {
        fc.pre(!isFen(v));
        const refuses = (f: () => unknown) => {
          try {
            f();
            return false;
          } catch (e) {
            return e instanceof RangeError;
          }
        };
        return refuses(() => formatYuan(v as unknown as number)) && refuses(() => yuanDecimal(v as unknown as number));
      }),
    );
  });
});

import { ensureMaskedId, ensureMaskedPhone, redactIdNumbers } from './redaction';

describe('redaction', () => {
  it('masks valid resident ID numbers in free text', () => {
    expect(redactIdNumbers('身份证号420302199001011237，另一人11010519491231002X。')).toBe(
      '身份证号4203**********1237，另一人1101**********002X。',
    );
  });

  it('leaves other numbers alone: wrong check character, longer runs, credit codes', () => {
    const text = '编号420302199001011238；订单号4203021990010112370；代码91350100M000100Y43';
    expect(redactIdNumbers(text)).toBe(text);
  });

  it('masks an ID or phone given unmasked by mistake, and keeps masked ones', () => {
    expect(ensureMaskedId('420302199001011237')).toBe('4203**********1237');
    expect(ensureMaskedId('4203**********1237')).toBe('4203**********1237');
    expect(ensureMaskedPhone('+8613812345678')).toBe('138****5678');
    expect(ensureMaskedPhone('138****5678')).toBe('138****5678');
  });
});

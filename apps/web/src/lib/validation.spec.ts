import { en, translate, zh, type MessageKey } from '../i18n/messages';
import { intakeBody, isFormField } from './intake';
import { checkCreditCode, checkIdNumber, checkPhone, checkRegionCode, checkYuan, fieldPath } from './validation';

/** The server's own intake schema, loaded at run time (its imports resolve through Jest's module mapper). */
declare const require: (id: string) => unknown;
const { openCaseRequestSchema } = require('../../../../libs/cases/src/commands/open-case/open-case.request') as {
  openCaseRequestSchema: { safeParse(v: unknown): { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } } };
};

const TODAY = '2025-09-20';
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/** A 17-digit body with its GB 11643 check character. */
const withCheck = (body: string) => body + '10X98765432'[[...body].reduce((s, c, i) => s + Number(c) * WEIGHTS[i], 0) % 11];
const zhOf = (key: MessageKey | undefined) => (key ? translate('zh-CN', key) : undefined);

describe('intake form checks (live validation)', () => {
  describe('resident ID number (GB 11643)', () => {
    it.each(['11010519491231002X', '420302199001011237', '11010519491231002x'])('accepts %s and tells birth date and sex', (id) => {
      const r = checkIdNumber(id, 'RESIDENT_ID', TODAY);
      expect(r.level).toBe('ok');
      expect(r.key).toBe('validation.id.ok');
    });

    it('shows the derived birth date and sex in either language', () => {
      const r = checkIdNumber('420302199001011237', 'RESIDENT_ID', TODAY);
      expect(translate('zh-CN', r.key!, { ...r.vars, sex: translate('zh-CN', 'validation.sex.M') })).toBe('出生日期 1990-01-01，男');
      expect(translate('en-US', r.key!, { ...r.vars, sex: translate('en-US', 'validation.sex.M') })).toBe('Born 1990-01-01, male');
    });

    it.each([
      ['wrong check character', '420302199001011238', '校验码不正确，请核对号码是否抄错'],
      ['17 characters', '42030219900101123', '居民身份证号码应为 18 位'],
      ['a stray space', '420302 99001011237', '应为 17 位数字加 1 位数字或 X，不能有空格、横线或全角字符'],
      ['a full-width digit', '４20302199001011237', '应为 17 位数字加 1 位数字或 X，不能有空格、横线或全角字符'],
      ['X inside the number', '4203021990010X1237', '应为 17 位数字加 1 位数字或 X，不能有空格、横线或全角字符'],
      ['February 30th', '420302199002301236', '号码中的出生日期不是真实日期'],
      ['nothing', '', '此项必填'],
    ])('refuses %s with a clear Chinese message', (_, id, message) => {
      const r = checkIdNumber(id, 'RESIDENT_ID', TODAY);
      expect(r.level).toBe('error');
      expect(zhOf(r.key)).toBe(message);
    });

    it('refuses a birth date after today', () => {
      expect(checkIdNumber(withCheck('42030220300101123'), 'RESIDENT_ID', TODAY)).toMatchObject({ level: 'error', key: 'validation.id.future' });
    });

    it('only warns for a worker under 16 (child labor must still be able to file)', () => {
      const r = checkIdNumber(withCheck('11010520100101001'), 'RESIDENT_ID', TODAY);
      expect(r).toMatchObject({ level: 'warning', key: 'validation.id.under16' });
    });

    it('takes other identity documents as they are, up to 40 characters', () => {
      expect(checkIdNumber('E12345678', 'PASSPORT', TODAY).level).toBe('ok');
      expect(checkIdNumber('x'.repeat(41), 'PASSPORT', TODAY)).toMatchObject({ level: 'error', key: 'validation.id.other' });
    });
  });

  describe('unified social credit code (GB 32100)', () => {
    it.each(['91350100M000100Y43', '91370200163562681G', '91110000802100433B', '91350100m000100y43'])('accepts %s', (code) => {
      expect(checkCreditCode(code).level).toBe('ok');
    });

    it.each([
      ['wrong check character', '91350100M000100Y44', '校验码不正确，请核对代码是否抄错'],
      ['17 characters', '91350100M000100Y4', '统一社会信用代码应为 18 位'],
      ['the letter O', '91350100M000100O43', '只能包含数字和大写字母（不含 I、O、Z、S、V），不能有空格或其他字符'],
      ['a space', '91350100 000100Y43', '只能包含数字和大写字母（不含 I、O、Z、S、V），不能有空格或其他字符'],
    ])('refuses %s', (_, code, message) => {
      expect(zhOf(checkCreditCode(code).key)).toBe(message);
    });
  });

  describe('mobile phone', () => {
    it.each(['13812345678', '+8613812345678', '8613812345678'])('accepts %s', (p) => expect(checkPhone(p).level).toBe('ok'));

    it.each([
      ['10 digits', '1381234567', 'validation.phone.shape'],
      ['a landline', '02712345678', 'validation.phone.shape'],
      ['hyphens', '138-1234-5678', 'validation.phone.chars'],
      ['a space after +86', '+86 13812345678', 'validation.phone.chars'],
      ['full-width digits', '１３８１２３４５６７８', 'validation.phone.chars'],
    ])('refuses %s', (_, p, key) => expect(checkPhone(p)).toMatchObject({ level: 'error', key }));

    it('says in English what is wrong', () => {
      expect(translate('en-US', checkPhone('138-1234-5678').key!)).toBe('Digits only (optionally after +86): no spaces, hyphens or other characters');
    });
  });

  describe('amounts in yuan', () => {
    it.each(['12500', '12,500.5', '0.01', '¥12,500.00'])('accepts %s', (v) => expect(checkYuan(v).level).toBe('ok'));
    it.each(['12.345', '-5', 'abc', '１２'])('refuses %s', (v) => expect(checkYuan(v)).toMatchObject({ level: 'error', key: 'validation.money' }));
    it('refuses 0 where a payment must be positive, accepts it for a claim', () => {
      expect(checkYuan('0')).toMatchObject({ level: 'error', key: 'validation.money.positive' });
      expect(checkYuan('0', { positive: false }).level).toBe('ok');
    });
  });

  it('checks optional region codes only when given', () => {
    expect(checkRegionCode(undefined).level).toBe('ok');
    expect(checkRegionCode('420302').level).toBe('ok');
    expect(checkRegionCode('4203')).toMatchObject({ level: 'error', key: 'validation.region' });
  });

  it('every message exists in Chinese and English', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
    for (const key of Object.keys(zh) as MessageKey[]) expect(en[key].length).toBeGreaterThan(0);
  });
});

describe('the console and the server agree on intake', () => {
  const form = (worker: { idNumber: string; phone: string }, creditCode: string) => ({
    channel: 'WALK_IN',
    regionCode: '420302',
    facts: '三个月工资未付',
    disputeTypes: ['WAGE_ARREARS'],
    workers: [{ name: '张三', idType: 'RESIDENT_ID', ...worker, isMigrantWorker: true }],
    employer: { name: '十堰某建筑公司', creditCode },
    claims: [{ type: 'WAGE_ARREARS', claimedFen: '12,500.00' }],
  });

  it('a form the console accepts is a body the server accepts, with amounts in whole fen', () => {
    const body = intakeBody(form({ idNumber: '420302199001011237', phone: '13812345678' }, '91350100M000100Y43'));
    expect(body.claims).toEqual([{ type: 'WAGE_ARREARS', claimedFen: 1250000 }]);
    expect(openCaseRequestSchema.safeParse(body).success).toBe(true);
  });

  const samples: Array<[string, string, string]> = [
    ['420302199001011238', '13812345678', '91350100M000100Y43'],
    ['42030219900101123', '1381234567', '91350100M000100Y44'],
    ['420302 99001011237', '138-1234-5678', '91350100O000100Y43'],
    ['11010519491231002x', '+8613812345678', '91350100m000100y43'],
    ['420302199002301236', '８613812345678', '91370200163562681G'],
  ];

  it.each(samples)('flags exactly the fields the server refuses: %s / %s / %s', (idNumber, phone, creditCode) => {
    const body = intakeBody(form({ idNumber, phone }, creditCode));
    const server = openCaseRequestSchema.safeParse(body);
    const refusedByServer = new Set((server.error?.issues ?? []).map((i) => i.path.join('.')));
    const refusedByConsole = new Set<string>();
    if (checkIdNumber(idNumber, 'RESIDENT_ID', TODAY).level === 'error') refusedByConsole.add('workers.0.idNumber');
    if (checkPhone(phone).level === 'error') refusedByConsole.add('workers.0.phone');
    if (checkCreditCode(creditCode).level === 'error') refusedByConsole.add('employer.creditCode');
    expect(refusedByConsole).toEqual(refusedByServer);
    for (const f of refusedByServer) expect(isFormField(f)).toBe(true);
  });

  it('puts a server error on the field it names', () => {
    expect(fieldPath('workers.0.idNumber')).toEqual(['workers', 0, 'idNumber']);
    expect(fieldPath('employer.creditCode')).toEqual(['employer', 'creditCode']);
    expect(isFormField('representatives')).toBe(false);
  });
});

import dayjs from 'dayjs';
import { agreementTotals, EVENT_FORMS, eventBody, fieldsOf, needsNoInput } from './event-forms';
import { IdempotencyKeys } from './form-values';

/** The catalog the server validates payloads against, loaded at run time through Jest's module mapper. */
declare const require: (id: string) => unknown;
const { CASE_EVENT_CATALOG, CASE_EVENT_TYPES } = require('../../../../libs/domain/src/case/case-event-catalog') as {
  CASE_EVENT_TYPES: string[];
  CASE_EVENT_CATALOG: Record<string, { roles: readonly string[]; payload: { safeParse(v: unknown): { success: boolean; error?: unknown } } }>;
};

describe('event forms', () => {
  it('has a form for every event a person may send', () => {
    const human = CASE_EVENT_TYPES.filter((t) => !CASE_EVENT_CATALOG[t].roles.includes('SYSTEM'));
    expect(human.filter((t) => EVENT_FORMS[t as keyof typeof EVENT_FORMS] === undefined)).toEqual([]);
  });

  it('builds REACH_AGREEMENT from yuan and Shanghai dates into a payload the server accepts', () => {
    const body = eventBody('REACH_AGREEMENT', {
      items: [{ type: 'WAGE_ARREARS', agreedFen: '8,000.00' }, { type: 'OVERTIME', agreedFen: '500.5' }],
      schedule: [
        { dueDate: dayjs('2025-10-20'), amountFen: '4000' },
        { dueDate: dayjs('2025-11-20'), amountFen: '4500.50' },
      ],
      signedAt: dayjs('2025-09-20T10:30'),
    });
    expect(body).toEqual({
      type: 'REACH_AGREEMENT',
      items: [
        { type: 'WAGE_ARREARS', agreedFen: 800000 },
        { type: 'OVERTIME', agreedFen: 50050 },
      ],
      schedule: [
        { dueDate: '2025-10-20', amountFen: 400000 },
        { dueDate: '2025-11-20', amountFen: 450050 },
      ],
      signedAt: '2025-09-20T10:30:00+08:00',
    });
    const { type, ...payload } = body;
    expect(CASE_EVENT_CATALOG[type].payload.safeParse(payload).success).toBe(true);
  });

  it('checks that the instalments add up to the items, in fen', () => {
    expect(agreementTotals([{ agreedFen: '0.1' }, { agreedFen: '0.2' }], [{ amountFen: '0.3' }])).toEqual({ items: 30, schedule: 30 });
    expect(agreementTotals([{ agreedFen: '100' }], [{ amountFen: '99.99' }])).toEqual({ items: 10000, schedule: 9999 });
  });

  it.each([
    ['RECORD_PAYMENT', { amountFen: '1,200.00', paidAt: dayjs('2025-09-21T09:00'), method: 'BANK_TRANSFER', evidenceRef: '' }, { amountFen: 120000, paidAt: '2025-09-21T09:00:00+08:00', method: 'BANK_TRANSFER' }],
    ['JC_CONFIRM', { rulingNo: ' (2025)鄂0302民特1号 ' }, { rulingNo: '(2025)鄂0302民特1号' }],
    ['EXTEND_MEDIATION', { days: 10, consentOfBoth: true }, { days: 10, consentOfBoth: true }],
    ['SCHEDULE_SESSION', { at: dayjs('2025-09-22T09:00'), online: true, place: '' }, { at: '2025-09-22T09:00:00+08:00', online: true }],
    ['RETURN_TO_COURT', { reason: '调解不成', pointsInDispute: '加班费计算基数\n\n是否存在劳动关系' }, { reason: '调解不成', pointsInDispute: ['加班费计算基数', '是否存在劳动关系'] }],
    ['AWARD_SERVED', { servedAt: dayjs('2025-09-22T09:00'), awardedFen: '0' }, { servedAt: '2025-09-22T09:00:00+08:00', awardedFen: 0 }],
    ['CLOSE', { outcome: '' }, {}],
  ])('builds %s', (type, values, payload) => {
    const body = eventBody(type, values);
    expect(body).toEqual({ type, ...payload });
    const { type: _t, ...rest } = body;
    expect(CASE_EVENT_CATALOG[type].payload.safeParse(rest).success).toBe(true);
  });

  it('asks no input for the events that carry none', () => {
    expect(needsNoInput('ACCEPT')).toBe(true);
    expect(needsNoInput('JC_ACCEPT')).toBe(true);
    expect(fieldsOf('JC_CONFIRM').map((f) => f.name)).toEqual(['rulingNo']);
    expect(fieldsOf('NO_SUCH_EVENT')).toEqual([]);
  });
});

describe('idempotency keys', () => {
  it('reuses the key for a retry of the same body and takes a new one for a changed body or after an answer', () => {
    let n = 0;
    const keys = new IdempotencyKeys(() => `k${++n}`);
    expect(keys.keyFor({ a: 1 })).toBe('k1');
    expect(keys.keyFor({ a: 1 })).toBe('k1');
    expect(keys.keyFor({ a: 2 })).toBe('k2');
    keys.settle();
    expect(keys.keyFor({ a: 2 })).toBe('k3');
  });
});

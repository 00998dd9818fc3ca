import type { OpenCaseRequest } from '@tiaojie/cases';

/** Valid identifiers from DOMAIN.md §5, for building parties. */
export const VALID_RESIDENT_IDS = ['420302199001011237', '11010519491231002X'];
export const VALID_CREDIT_CODES = ['91350100M000100Y43', '91370200163562681G', '91110000802100433B'];

/** An intake request a mediator would file for one unpaid worker; override what the test is about. */
export function anOpenCaseRequest(overrides: Partial<OpenCaseRequest> = {}): OpenCaseRequest {
  return {
    channel: 'WALK_IN',
    regionCode: '420302',
    facts: '工资拖欠三个月，公司拒绝支付。',
    disputeTypes: ['WAGE_ARREARS'],
    workers: [{ name: '张三', idType: 'RESIDENT_ID', idNumber: VALID_RESIDENT_IDS[0], phone: '13812345678', isMigrantWorker: true }],
    employer: { name: '十堰市某建筑工程有限公司', creditCode: VALID_CREDIT_CODES[0] },
    claims: [{ type: 'WAGE_ARREARS', claimedFen: 1_250_000 }],
    ...overrides,
  };
}

/** An agreement paid in two instalments of equal size. */
export function aTwoInstalmentAgreement(totalFen: number, signedAt: string, firstDue: string, secondDue: string) {
  const first = Math.floor(totalFen / 2);
  return {
    type: 'REACH_AGREEMENT',
    items: [{ type: 'WAGE_ARREARS', agreedFen: totalFen }],
    schedule: [
      { dueDate: firstDue, amountFen: first },
      { dueDate: secondDue, amountFen: totalFen - first },
    ],
    signedAt,
  };
}

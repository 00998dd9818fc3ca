import type {
  AcceptanceNoticeData,
  AgreementData,
  CaseDocumentCommon,
  CaseDocumentData,
  HandoverPacketData,
  TerminationNoteData,
} from '../document-data';

/**
 * Realistic sample data for each document kind (tests, previews, the API's examples). The full ID
 * number in `facts` is deliberate: rendering must mask it.
 */
export const SAMPLE_FULL_ID = '420302199001011237';

export const SAMPLE_COMMON: CaseDocumentCommon = {
  docNo: 'SL-2025-000123',
  issuedAt: '2025-10-09T02:30:00Z',
  caseNo: 'TJ-420302-2025-000457',
  centreName: '十堰市茅箭区劳动争议联合调解中心',
  regionName: '茅箭区',
  workers: [
    { name: '张建国', idNumberMasked: '4203**********1237', phoneMasked: '138****5678' },
    { name: '李秀英', idNumberMasked: '1101**********002X', phoneMasked: '139****4321' },
  ],
  employer: {
    name: '十堰市鑫达建筑劳务有限公司',
    creditCode: '91350100M000100Y43',
    legalRepresentative: '王德明',
    address: '湖北省十堰市茅箭区人民北路 88 号',
  },
  facts:
    `申请人张建国（公民身份号码${SAMPLE_FULL_ID}）、李秀英于2024年3月起在被申请人承建的茅箭区某安置房项目从事钢筋工工作，` +
    '约定月工资人民币6,000元。被申请人自2025年5月起未足额支付工资，并安排申请人在法定休息日加班而未支付加班费。' +
    '2025年8月31日项目停工，被申请人通知申请人离场，未支付经济补偿。',
  claims: [
    { type: 'WAGE_ARREARS', claimedFen: 1_250_000 },
    { type: 'OVERTIME', claimedFen: 345_678 },
    { type: 'ECONOMIC_COMPENSATION', claimedFen: 1_200_000 },
  ],
  mediatorName: '陈立平',
};

export const SAMPLE_ACCEPTANCE_NOTICE: AcceptanceNoticeData = {
  ...SAMPLE_COMMON,
  kind: 'ACCEPTANCE_NOTICE',
  acceptedAt: '2025-10-09T02:30:00Z',
  mediationDueDate: '2025-10-24',
  arbitrationRightDate: '2025-10-24',
};

export const SAMPLE_AGREEMENT: AgreementData = {
  ...SAMPLE_COMMON,
  kind: 'AGREEMENT',
  docNo: 'XY-2025-000045',
  issuedAt: '2025-10-20T07:00:00Z',
  items: [
    { type: 'WAGE_ARREARS', agreedFen: 1_250_000 },
    { type: 'OVERTIME', agreedFen: 234_567 },
    { type: 'ECONOMIC_COMPENSATION', agreedFen: 800_000 },
  ],
  schedule: [
    { dueDate: '2025-10-31', amountFen: 1_250_000 },
    { dueDate: '2025-11-30', amountFen: 1_034_567 },
  ],
  signedAt: '2025-10-20T07:00:00Z',
  confirmationWindowEnds: '2025-11-19',
};

export const SAMPLE_TERMINATION_NOTE: TerminationNoteData = {
  ...SAMPLE_COMMON,
  kind: 'TERMINATION_NOTE',
  docNo: 'ZZ-2025-000031',
  issuedAt: '2025-10-25T01:00:00Z',
  reason: '调解期限届满，被申请人不同意支付经济补偿金，双方对加班时长的认定分歧较大，未能达成调解协议。',
  terminatedAt: '2025-10-24T16:00:00Z',
  nextSteps: [
    '向十堰市劳动人事争议仲裁委员会申请仲裁（地址：十堰市茅箭区北京中路 12 号，电话 0719-12333）；',
    '符合条件的农民工可以向十堰市法律援助中心申请法律援助，追索劳动报酬不受经济困难条件限制。',
  ],
};

export const SAMPLE_HANDOVER_PACKET: HandoverPacketData = {
  ...SAMPLE_COMMON,
  kind: 'HANDOVER_PACKET',
  docNo: 'YJ-2025-000008',
  issuedAt: '2025-11-10T03:00:00Z',
  courtName: '十堰市茅箭区人民法院',
  courtCaseRef: '（2025）鄂0302民诉前调1234号',
  pointsInDispute: [
    '2025年5月至8月的工资是否已部分支付，已支付金额如何认定；',
    '申请人主张的法定休息日加班时长是否属实，考勤记录的真实性；',
    '项目停工后被申请人通知离场是否构成用人单位解除劳动合同，应否支付经济补偿。',
  ],
  reason: '被申请人对加班事实及经济补偿均不予认可，经三次调解双方差距较大，委派调解期限届满未能达成协议。',
  history: [
    { at: '2025-10-11T01:30:00Z', what: '收到茅箭区人民法院委派函，登记受理' },
    { at: '2025-10-14T06:00:00Z', what: '指派调解员陈立平，联系双方当事人' },
    { at: '2025-10-21T02:00:00Z', what: '第一次调解：双方陈述，被申请人认可拖欠工资 12,500 元' },
    { at: '2025-10-30T02:00:00Z', what: '第二次调解：就加班费和经济补偿分歧较大' },
    { at: '2025-11-08T06:30:00Z', what: '第三次调解：被申请人不同意支付经济补偿，调解不成' },
  ],
};

export const SAMPLE_DOCUMENTS: readonly CaseDocumentData[] = [
  SAMPLE_ACCEPTANCE_NOTICE,
  SAMPLE_AGREEMENT,
  SAMPLE_TERMINATION_NOTE,
  SAMPLE_HANDOVER_PACKET,
];

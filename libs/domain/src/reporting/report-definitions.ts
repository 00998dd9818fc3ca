import type { DisputeType } from '../case/case-data';

/**
 * Every figure of the managers' summary with its definition, in Chinese and English (DOMAIN §6:
 * "make every definition explicit on screen, because published figures mix them"). The API
 * answers these beside the figures and the exports carry them on their own sheet.
 */
export interface FigureDefinition {
  label: { zh: string; en: string };
  definition: { zh: string; en: string };
}

export const FIGURE_DEFINITIONS = {
  casesAccepted: {
    label: { zh: '受理案件数', en: 'Cases handled (accepted)' },
    definition: {
      zh: '期间内受理（ACCEPT）的案件数；未受理即被拒绝或撤回的申请不计。案件计入其所属地区（申请所列地区，驻外工作站受理的计入劳动者户籍地县区）和现办理机构。',
      en: 'Cases accepted in the period; applications refused or withdrawn before acceptance are not counted. A case counts in its region (the one the application names — for a migrant-worker station, the worker\u2019s home county) and under the organisation handling it now.',
    },
  },
  casesClosed: {
    label: { zh: '结案数', en: 'Cases closed' },
    definition: {
      zh: '期间内结案的已受理案件数（以结案日期计）。',
      en: 'Accepted cases closed in the period (by closing date).',
    },
  },
  agreements: {
    label: { zh: '达成调解协议数', en: 'Agreements reached' },
    definition: { zh: '期间内签订（以签订日期计）的调解协议数。', en: 'Mediation agreements signed in the period (by signing date).' },
  },
  mediationsConcluded: {
    label: { zh: '调解终结数', en: 'Mediations concluded' },
    definition: {
      zh: '期间内调解阶段结束的案件数：达成协议（以签订日计），或调解不成、调解期限届满、退回法院、撤回（以发生日计）。',
      en: 'Mediations that ended in the period: with an agreement (on the signing day), or without one — failure, the period running out, return to the court, withdrawal (on the day it happened).',
    },
  },
  successRate: {
    label: { zh: '调解成功率', en: 'Success rate' },
    definition: {
      zh: '期间内以协议结束的调解数 ÷ 期间内调解终结数。',
      en: 'Mediations concluded in the period with an agreement ÷ mediations concluded in the period.',
    },
  },
  workersCovered: {
    label: { zh: '涉及劳动者人数', en: 'Workers covered' },
    definition: {
      zh: '期间内受理案件中的劳动者人数，按案件去重（同一案件中的同一身份证号只计一次），集体争议计入全部被代表劳动者；同一劳动者在不同案件中分别计数（与统计年鉴“劳动者当事人数”口径一致）。',
      en: 'Workers on the cases accepted in the period, distinct within each case (one ID number counts once), every represented worker of a collective dispute included; a worker with two separate cases counts in each (as the statistics yearbook counts workers involved).',
    },
  },
  claimedFen: {
    label: { zh: '请求金额', en: 'Amount claimed' },
    definition: { zh: '期间内受理案件的请求金额合计（分）。', en: 'Sum claimed on the cases accepted in the period (fen).' },
  },
  agreedFen: {
    label: { zh: '协议金额', en: 'Amount agreed' },
    definition: { zh: '期间内签订的调解协议约定金额合计（分）。', en: 'Sum agreed in agreements signed in the period (fen).' },
  },
  recoveredFen: {
    label: { zh: '追回金额', en: 'Amount recovered' },
    definition: {
      zh: '口径“实际支付”（basis=paid，默认）：期间内（以支付日期计）经调解员核实登记的支付合计（分）；口径“协议”（basis=agreed）：期间内签订协议的约定金额合计，并如此标注。',
      en: 'Basis "paid" (the default): verified payments recorded by the mediator with a payment date in the period (fen). Basis "agreed": the sums agreed in agreements signed in the period instead, labelled as such.',
    },
  },
  paidFen: {
    label: { zh: '实际支付金额', en: 'Amount paid' },
    definition: { zh: '期间内（以支付日期计）核实登记的支付合计（分），不论口径。', en: 'Verified payments dated in the period (fen), whatever the basis.' },
  },
  medianDaysToClose: {
    label: { zh: '结案天数中位数', en: 'Median days to close' },
    definition: {
      zh: '期间内结案案件自受理日至结案日的自然日数的中位数（偶数个时取中间两数平均）。',
      en: 'Median of calendar days from acceptance to closing, over the cases closed in the period (mean of the two middle values when their number is even).',
    },
  },
  p90DaysToClose: {
    label: { zh: '结案天数第90百分位', en: '90th percentile days to close' },
    definition: {
      zh: '同上天数的第90百分位（最近秩法：至少90%的案件不超过该天数的最小值）。',
      en: 'The 90th percentile of the same days (nearest rank: the smallest number of days that at least 90% of the cases do not exceed).',
    },
  },
  medianDaysToConcludeMediation: {
    label: { zh: '调解阶段天数中位数', en: 'Median days of mediation' },
    definition: {
      zh: '期间内调解终结案件自受理日至调解终结日的自然日数的中位数（调解阶段用时）。',
      en: 'Median calendar days from acceptance to the end of mediation, over the mediations concluded in the period (the mediation stage).',
    },
  },
  p90DaysToConcludeMediation: {
    label: { zh: '调解阶段天数第90百分位', en: '90th percentile days of mediation' },
    definition: { zh: '同上天数的第90百分位（最近秩法）。', en: 'The 90th percentile of the same days (nearest rank).' },
  },
  deadlineCompliance: {
    label: { zh: '期限遵守率', en: 'Deadline compliance' },
    definition: {
      zh: '期间内到结（以完成或届满日计）的机构职责期限中按时完成数 ÷（按时完成数 + 逾期数），按负责机构计：受理时限、枫桥层级时限（调解中心），司法确认受理与裁定（法院），仲裁受理与裁决（仲裁委），支持起诉（检察院），法律援助审查（司法局）。因所护步骤不再适用而取消的期限不计；调解期限届满属调解不成，计入成功率而不计入此项。',
      en: 'Of the organisations\u2019 duty deadlines that ended in the period (met or expired, by that day), the share met — counted under the organisation that answers for each: acceptance and Fengqiao tier service levels (the centre), confirmation acceptance and ruling (the court), arbitration acceptance and award (the commission), support prosecution (the procuratorate), legal-aid review (the justice bureau). Deadlines cancelled because their step no longer applied are not counted; the mediation period running out is a failed mediation, counted in the success rate instead.',
    },
  },
  routing: {
    label: { zh: '案件去向', en: 'Routing' },
    definition: {
      zh: '期间内结案案件按最终去向的占比：诉讼（起诉，或委派调解退回法院立案）> 仲裁（移送仲裁委）> 调解（签订协议）> 其他（撤回、不予受理、调解不成后未再处理），取所到最远一程。',
      en: 'Cases closed in the period by where they ended, furthest forum first: litigation (a lawsuit, or a court-entrusted case returned to the court) > arbitration (referred to the commission) > mediation (an agreement signed) > other (withdrawn, refused, closed after a failed mediation without going further).',
    },
  },
  entrustedShare: {
    label: { zh: '法院委派占比', en: 'Share entrusted by courts' },
    definition: { zh: '期间内受理案件中法院诉前委派调解的占比。', en: 'Share of the cases accepted in the period that a court entrusted before filing.' },
  },
  confirmationRate: {
    label: { zh: '司法确认率', en: 'Confirmation rate' },
    definition: {
      zh: '期间内签订的调解协议中已获法院司法确认的占比（截至查询时）；另列申请司法确认数。',
      en: 'Share of the agreements signed in the period that a court has confirmed (as of now); the number applied for is given beside it.',
    },
  },
  breakdowns: {
    label: { zh: '分类', en: 'Breakdowns' },
    definition: {
      zh: '农民工：任一劳动者标注为农民工；平台：争议类型或任一劳动者用工形式为平台用工；集体：劳动者10人以上。按受理案件计。',
      en: 'Migrant: any worker marked a migrant worker; platform: a platform-work dispute or any worker in platform work; collective: ten or more workers. Counted over the cases accepted.',
    },
  },
  outreach: {
    label: { zh: '普法宣传', en: 'Outreach' },
    definition: {
      zh: '期间内（以举办日期计）举办的法律服务活动次数、覆盖人数、咨询人次（按活动所在地区，驻外工作站的活动计入其所属市总工会地区）；“由活动引出案件”为期间内受理、立案时注明来源活动的案件数。',
      en: 'Legal-service activities held in the period (by date), people reached and consultations given, in the activity\u2019s region (a station\u2019s activities count in the region of the city union that runs it); "cases from outreach" are the cases accepted in the period whose intake names the activity they came from.',
    },
  },
} satisfies Record<string, FigureDefinition>;

export type FigureName = keyof typeof FIGURE_DEFINITIONS;

export const AGENCY_LABELS: Record<string, { zh: string; en: string }> = {
  UNION: { zh: '工会', en: 'Trade union' },
  COURT: { zh: '法院', en: 'Court' },
  PROCURATORATE: { zh: '检察院', en: 'Procuratorate' },
  HRSS: { zh: '人社局', en: 'HR & social security' },
  JUSTICE: { zh: '司法局', en: 'Justice bureau' },
};

export const TIER_LABELS: Record<string, { zh: string; en: string }> = {
  VILLAGE: { zh: '村（社区）', en: 'Village / community' },
  TOWNSHIP: { zh: '乡镇（街道）', en: 'Township / street' },
  COUNTY: { zh: '县（市、区）', en: 'County' },
  CITY: { zh: '市', en: 'City' },
  STATION: { zh: '驻外工作站', en: 'Migrant-worker station' },
};

export const DISPUTE_TYPE_NAMES: Record<DisputeType | 'OTHER', { zh: string; en: string }> = {
  LABOR_RELATION_CONFIRMATION: { zh: '确认劳动关系', en: 'Labor relation confirmation' },
  CONTRACT_DISPUTE: { zh: '劳动合同争议', en: 'Contract dispute' },
  DISMISSAL_OR_RESIGNATION: { zh: '除名、辞退、辞职争议', en: 'Dismissal or resignation' },
  WORKING_TIME_AND_LEAVE: { zh: '工作时间和休息休假', en: 'Working time and leave' },
  SOCIAL_INSURANCE: { zh: '社会保险', en: 'Social insurance' },
  BENEFITS: { zh: '福利待遇', en: 'Benefits' },
  TRAINING: { zh: '培训', en: 'Training' },
  LABOR_PROTECTION: { zh: '劳动保护', en: 'Labor protection' },
  WAGE_ARREARS: { zh: '工资拖欠', en: 'Wage arrears' },
  OVERTIME: { zh: '加班费', en: 'Overtime' },
  DOUBLE_PAY_NO_CONTRACT: { zh: '未签书面合同二倍工资', en: 'Double pay, no written contract' },
  ECONOMIC_COMPENSATION: { zh: '经济补偿金', en: 'Economic compensation' },
  UNLAWFUL_TERMINATION_DAMAGES: { zh: '违法解除赔偿金', en: 'Unlawful termination damages' },
  WORK_INJURY: { zh: '工伤', en: 'Work injury' },
  NON_COMPETE: { zh: '竞业限制', en: 'Non-compete' },
  PLATFORM_WORK: { zh: '平台用工', en: 'Platform work' },
  OTHER: { zh: '其他', en: 'Other' },
};

export const YEARBOOK_CATEGORY_LABELS: Record<string, { zh: string; en: string }> = {
  WAGES: { zh: '劳动报酬', en: 'Wages' },
  SOCIAL_INSURANCE: { zh: '社会保险', en: 'Social insurance' },
  CONTRACT_CHANGE: { zh: '变更劳动合同', en: 'Contract change' },
  TERMINATION: { zh: '解除劳动合同', en: 'Termination' },
  EXPIRY: { zh: '终止劳动合同', en: 'Expiry' },
  OTHER: { zh: '其他', en: 'Other' },
};

/** GB/T 2260 names of the regions in DOMAIN §5 (others show their code). */
export const REGION_NAMES: Record<string, string> = {
  '420000': '湖北省',
  '420300': '十堰市',
  '420302': '茅箭区',
  '420303': '张湾区',
  '420304': '郧阳区',
  '420322': '郧西县',
  '420323': '竹山县',
  '420324': '竹溪县',
  '420325': '房县',
  '420381': '丹江口市',
};

export const OUTREACH_KINDS = ['LEGAL_TALK', 'SITE_CLINIC', 'PLATFORM_WORKER_DAY', 'CONSULTATION_DAY', 'OTHER'] as const;
export type OutreachKind = (typeof OUTREACH_KINDS)[number];

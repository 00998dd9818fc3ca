import { STATE_LABELS, TRACK_LABELS } from '../lib/domain';
import type { Locale } from './messages';

type Pair = readonly [zh: string, en: string];
type Table = Record<string, Pair>;

const DISPUTE_TYPE: Table = {
  LABOR_RELATION_CONFIRMATION: ['确认劳动关系', 'Labor relation'],
  CONTRACT_DISPUTE: ['劳动合同订立、履行、变更、解除', 'Contract'],
  DISMISSAL_OR_RESIGNATION: ['除名、辞退、辞职', 'Dismissal or resignation'],
  WORKING_TIME_AND_LEAVE: ['工作时间、休息休假', 'Working time and leave'],
  SOCIAL_INSURANCE: ['社会保险', 'Social insurance'],
  BENEFITS: ['福利', 'Benefits'],
  TRAINING: ['培训', 'Training'],
  LABOR_PROTECTION: ['劳动保护', 'Labor protection'],
  WAGE_ARREARS: ['拖欠工资', 'Wage arrears'],
  OVERTIME: ['加班费', 'Overtime'],
  DOUBLE_PAY_NO_CONTRACT: ['未签合同二倍工资', 'Double pay (no contract)'],
  ECONOMIC_COMPENSATION: ['经济补偿', 'Economic compensation'],
  UNLAWFUL_TERMINATION_DAMAGES: ['违法解除赔偿金', 'Unlawful termination damages'],
  WORK_INJURY: ['工伤待遇', 'Work injury'],
  NON_COMPETE: ['竞业限制', 'Non-compete'],
  PLATFORM_WORK: ['平台用工', 'Platform work'],
  WAGES: ['工资', 'Wages'],
};

const CHANNEL: Table = {
  WALK_IN: ['现场申请', 'Walk-in'],
  HOTLINE: ['热线（12351/12333）', 'Hotline'],
  ONLINE: ['网上申请', 'Online'],
  STATION: ['农民工服务站', 'Migrant-worker station'],
  COURT_ENTRUSTED: ['法院委派', 'Court-entrusted'],
  INSPECTION_REFERRAL: ['劳动监察移送', 'Labor inspection referral'],
};

const ID_TYPE: Table = {
  RESIDENT_ID: ['居民身份证', 'Resident ID'],
  PASSPORT: ['护照', 'Passport'],
  HK_MACAO_PERMIT: ['港澳居民来往内地通行证', 'HK/Macao permit'],
  TAIWAN_PERMIT: ['台湾居民来往大陆通行证', 'Taiwan permit'],
  FOREIGN_PERMANENT_RESIDENT: ['外国人永久居留身份证', 'Foreign permanent resident ID'],
  OTHER: ['其他证件', 'Other'],
};

const EMPLOYMENT_FORM: Table = {
  LABOR_RELATION: ['劳动关系', 'Employment'],
  DISPATCH: ['劳务派遣', 'Dispatch'],
  PART_TIME: ['非全日制', 'Part-time'],
  PLATFORM_FULL: ['平台用工（劳动关系）', 'Platform (employment)'],
  PLATFORM_INCOMPLETE: ['平台用工（不完全劳动关系）', 'Platform (incomplete relation)'],
  PLATFORM_INDEPENDENT: ['平台用工（个人依托平台自主经营）', 'Platform (independent)'],
  LABOR_SERVICE: ['劳务关系（非劳动争议）', 'Labor service (not a labor dispute)'],
};

const PAYMENT_METHOD: Table = {
  BANK_TRANSFER: ['银行转账', 'Bank transfer'],
  CASH: ['现金', 'Cash'],
  WECHAT_PAY: ['微信支付', 'WeChat Pay'],
  ALIPAY: ['支付宝', 'Alipay'],
  CHEQUE: ['支票', 'Cheque'],
  OTHER: ['其他', 'Other'],
};

const EVENT: Table = {
  OPENED: ['登记立案', 'Case opened'],
  ACCEPT: ['受理', 'Accept'],
  REJECT: ['不予受理', 'Refuse'],
  WITHDRAW: ['撤回申请', 'Withdraw'],
  ASSIGN_MEDIATOR: ['指派调解员', 'Assign mediator'],
  SCHEDULE_SESSION: ['安排调解', 'Schedule session'],
  RECORD_SESSION: ['记录调解情况', 'Record session'],
  EXTEND_MEDIATION: ['延长调解期限', 'Extend mediation'],
  REACH_AGREEMENT: ['达成调解协议', 'Record agreement'],
  MEDIATION_FAILED: ['调解不成', 'Mediation failed'],
  RECORD_PAYMENT: ['登记履行款项', 'Record payment'],
  TRANSFER: ['移交其他调解中心', 'Transfer'],
  ESCALATE: ['提交上一级调解', 'Escalate'],
  REQUEST_JUDICIAL_CONFIRMATION: ['申请司法确认', 'Apply for judicial confirmation'],
  JC_ACCEPT: ['受理司法确认申请', 'Accept confirmation application'],
  JC_REJECT: ['不予受理司法确认申请', 'Do not accept application'],
  JC_EXTEND: ['延长审查期限', 'Extend review'],
  JC_CONFIRM: ['确认调解协议有效', 'Confirm the agreement'],
  JC_REFUSE: ['不予确认', 'Refuse confirmation'],
  APPLY_PAYMENT_ORDER: ['申请支付令', 'Apply for a payment order'],
  PAYMENT_ORDER_ISSUED: ['发出支付令', 'Issue payment order'],
  PAYMENT_ORDER_OBJECTED: ['用人单位提出异议', 'Employer objected'],
  APPLY_ENFORCEMENT: ['申请强制执行', 'Apply for enforcement'],
  REFER_ARBITRATION: ['申请劳动仲裁', 'Refer to arbitration'],
  ARB_ACCEPT: ['仲裁受理', 'Accept arbitration'],
  ARB_NOT_ACCEPT: ['仲裁不予受理', 'Do not accept arbitration'],
  SUSPEND_ARBITRATION: ['中止仲裁', 'Suspend arbitration'],
  RESUME_ARBITRATION: ['恢复仲裁', 'Resume arbitration'],
  AMEND_CLAIMS: ['变更仲裁请求', 'Claims amended'],
  EXTEND_ARBITRATION: ['延长仲裁期限', 'Extend arbitration'],
  AWARD_SERVED: ['送达仲裁裁决', 'Award served'],
  SUE_AFTER_AWARD: ['不服裁决起诉', 'Sue after the award'],
  FILE_LAWSUIT: ['提起诉讼', 'File a lawsuit'],
  RETURN_TO_COURT: ['退回法院', 'Return to court'],
  REQUEST_SUPPORT_PROSECUTION: ['申请支持起诉', 'Request support prosecution'],
  SP_SUPPORT: ['支持起诉', 'Support the lawsuit'],
  SP_DECLINE: ['不予支持起诉', 'Decline support'],
  REQUEST_LEGAL_AID: ['申请法律援助', 'Apply for legal aid'],
  LA_GRANT: ['给予法律援助', 'Grant legal aid'],
  LA_DENY: ['不予法律援助', 'Deny legal aid'],
  REFER_LABOR_INSPECTION: ['移送劳动保障监察', 'Refer to labor inspection'],
  CLOSE: ['结案', 'Close'],
  DEADLINE_EXPIRED: ['法定期限届满', 'Deadline passed'],
};

const DEADLINE_KIND: Table = {
  ACCEPTANCE_SLA: ['受理审查期限', 'Acceptance'],
  ARBITRATION_RIGHT: ['可申请仲裁（15日）', 'Right to arbitration (15 days)'],
  MEDIATION_PERIOD: ['调解期限', 'Mediation period'],
  ENTRUSTED_PERIOD: ['委派调解期限', 'Court-entrusted period'],
  TIER_SLA: ['本级调解时限', 'Tier service level'],
  INSTALMENT_DUE: ['分期履行期限', 'Instalment due'],
  CONFIRMATION_WINDOW: ['申请司法确认期限', 'Confirmation window'],
  COURT_ACCEPT_CONFIRMATION: ['法院受理司法确认', 'Court: accept application'],
  COURT_RULE_CONFIRMATION: ['法院作出确认裁定', 'Court: rule on confirmation'],
  ARBITRATION_ACCEPTANCE: ['仲裁受理期限', 'Arbitration acceptance'],
  ARBITRATION_AWARD: ['仲裁裁决期限', 'Arbitration award'],
  SUE_AFTER_AWARD: ['裁决后起诉期限', 'Suit after award'],
  SUPPORT_PROSECUTION_SLA: ['支持起诉办理时限', 'Support prosecution'],
  LEGAL_AID_REVIEW: ['法律援助审查期限', 'Legal-aid review'],
  LIMITATION: ['仲裁时效（提示）', 'Limitation (warning)'],
};

const DEADLINE_STATUS: Table = {
  PENDING: ['进行中', 'Running'],
  MET: ['已办结', 'Met'],
  EXPIRED: ['已届满', 'Expired'],
  CANCELLED: ['已取消', 'Cancelled'],
  PAUSED: ['已中止', 'Paused'],
};

const REFERRAL_KIND: Table = {
  JUDICIAL_CONFIRMATION: ['司法确认申请', 'Judicial confirmation'],
  ENTRUSTED_MEDIATION: ['委派调解', 'Entrusted mediation'],
  RETURN_TO_COURT: ['委派调解退回', 'Returned entrusted case'],
  ARBITRATION: ['劳动仲裁', 'Arbitration'],
  PAYMENT_ORDER: ['支付令申请', 'Payment order'],
  ENFORCEMENT: ['强制执行申请', 'Enforcement'],
  LITIGATION: ['起诉', 'Lawsuit'],
  SUPPORT_PROSECUTION: ['支持起诉申请', 'Support prosecution'],
  LEGAL_AID: ['法律援助申请', 'Legal aid'],
  LABOR_INSPECTION: ['劳动保障监察', 'Labor inspection'],
};

const REFERRAL_STATUS: Table = {
  PENDING: ['待处理', 'Pending'],
  ACCEPTED: ['办理中', 'Accepted'],
  REJECTED: ['已退回', 'Rejected'],
  COMPLETED: ['已办结', 'Completed'],
};

const AGENCY: Table = {
  UNION: ['工会', 'Trade union'],
  COURT: ['法院', 'Court'],
  PROCURATORATE: ['检察院', 'Procuratorate'],
  HRSS: ['人社局', 'HRSS bureau'],
  JUSTICE: ['司法局', 'Justice bureau'],
};

const ROLE: Table = {
  UNION_MEDIATOR: ['调解员', 'Mediator'],
  UNION_MANAGER: ['工会管理人员', 'Union manager'],
  COURT_CLERK: ['法院书记员', 'Court clerk'],
  JUDGE: ['法官', 'Judge'],
  PROCURATOR: ['检察官', 'Procurator'],
  ARBITRATION_CLERK: ['仲裁员', 'Arbitration clerk'],
  LEGAL_AID_OFFICER: ['法律援助工作人员', 'Legal-aid officer'],
  HRSS_INSPECTOR: ['劳动保障监察员', 'Labor inspector'],
  STATION_CLERK: ['服务站工作人员', 'Station clerk'],
  CITY_MANAGER: ['市级管理人员', 'City manager'],
  ADMIN: ['系统管理员', 'Administrator'],
  SYSTEM: ['系统', 'System'],
};

/** GB/T 2260 codes of 十堰市 and its counties (DOMAIN.md §5). */
export const REGIONS: Table = {
  '420300': ['十堰市', 'Shiyan'],
  '420302': ['茅箭区', 'Maojian'],
  '420303': ['张湾区', 'Zhangwan'],
  '420304': ['郧阳区', 'Yunyang'],
  '420322': ['郧西县', 'Yunxi'],
  '420323': ['竹山县', 'Zhushan'],
  '420324': ['竹溪县', 'Zhuxi'],
  '420325': ['房县', 'Fang County'],
  '420381': ['丹江口市', 'Danjiangkou'],
};
export const COUNTY_CODES = Object.keys(REGIONS).filter((c) => c !== '420300');

const TIER: Table = {
  VILLAGE: ['村（社区）', 'Village'],
  TOWNSHIP: ['乡镇（街道）', 'Township'],
  COUNTY: ['县（市、区）', 'County'],
  CITY: ['市', 'City'],
  STATION: ['服务站', 'Station'],
};

const DOCUMENT_KIND: Table = {
  ACCEPTANCE_NOTICE: ['受理通知书', 'Acceptance notice'],
  AGREEMENT: ['调解协议书', 'Mediation agreement'],
  TERMINATION_NOTE: ['调解终止书', 'Termination note'],
  HANDOVER_PACKET: ['移交材料', 'Handover packet'],
};

const UNIT: Table = {
  CALENDAR_DAYS: ['日', 'days'],
  WORKING_DAYS: ['个工作日', 'working days'],
};

const TRACK: Table = {
  performance: ['协议履行', 'Performance'],
  confirmation: ['司法确认', 'Judicial confirmation'],
  supportProsecution: ['支持起诉', 'Support prosecution'],
  legalAid: ['法律援助', 'Legal aid'],
  laborInspection: ['劳动监察', 'Labor inspection'],
};

const NOTIFICATION_CHANNEL: Table = {
  IN_APP: ['站内消息', 'In-app'],
  SMS: ['短信', 'SMS'],
  EMAIL: ['电子邮件', 'E-mail'],
};

const TABLES = {
  disputeType: DISPUTE_TYPE,
  channel: CHANNEL,
  idType: ID_TYPE,
  employmentForm: EMPLOYMENT_FORM,
  paymentMethod: PAYMENT_METHOD,
  event: EVENT,
  deadlineKind: DEADLINE_KIND,
  deadlineStatus: DEADLINE_STATUS,
  referralKind: REFERRAL_KIND,
  referralStatus: REFERRAL_STATUS,
  agency: AGENCY,
  role: ROLE,
  region: REGIONS,
  tier: TIER,
  documentKind: DOCUMENT_KIND,
  unit: UNIT,
  track: TRACK,
  notificationChannel: NOTIFICATION_CHANNEL,
} as const;

export type LabelGroup = keyof typeof TABLES;

/** The label of a stored code in the current language; an unknown code is shown as it is. */
export function labelOf(group: LabelGroup, code: string | null | undefined, locale: Locale): string {
  if (code === null || code === undefined || code === '') return '—';
  const pair = (TABLES[group] as Table)[code];
  return pair ? pair[locale === 'en-US' ? 1 : 0] : code;
}

/** The label of a main-line state path (the labels the server uses, from libs/domain). */
export function stateLabelOf(path: string, locale: Locale): string {
  const l = STATE_LABELS[path];
  return l ? l[locale === 'en-US' ? 'en' : 'zh'] : path;
}

/** The label of a side track's state, or null when the track is idle. */
export function trackStateLabelOf(track: string, state: string, locale: Locale): string | null {
  const l = TRACK_LABELS[track]?.[state];
  if (!l || l.zh === '—') return null;
  return l[locale === 'en-US' ? 'en' : 'zh'];
}

/** Main-line states offered as list filters (prefix match on the state path). */
export const STATE_FILTERS = ['intake', 'mediation', 'agreed', 'performance', 'resolved', 'failed', 'arbitration', 'mayLitigate', 'litigation', 'enforcement', 'returnedToCourt', 'closed'];

export function stateFilterLabel(prefix: string, locale: Locale): string {
  const zh: Record<string, string> = { mediation: '调解中', arbitration: '仲裁中' };
  const en: Record<string, string> = { mediation: 'Mediation', arbitration: 'Arbitration' };
  return (locale === 'en-US' ? en : zh)[prefix] ?? stateLabelOf(prefix, locale);
}

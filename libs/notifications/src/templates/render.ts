import { DEADLINE_KINDS, formatYuan, isFen, type DeadlineKind, type NotificationTemplate, type ReferralKind } from '@tiaojie/domain';
import type { Locale } from '../channel.port';
import { deadlineWords, REFERRAL_NAMES } from './deadline-words';

/**
 * Message templates in zh-CN and en (DESIGN §7). Short, plain, SMS-friendly. Params carry no personal
 * data by construction: unknown keys are refused, and a rendered text that looks like a resident ID
 * number or a mobile number is refused too.
 */
export const REFERRAL_KINDS = [
  'JUDICIAL_CONFIRMATION',
  'ENTRUSTED_MEDIATION',
  'RETURN_TO_COURT',
  'ARBITRATION',
  'PAYMENT_ORDER',
  'ENFORCEMENT',
  'LITIGATION',
  'SUPPORT_PROSECUTION',
  'LEGAL_AID',
  'LABOR_INSPECTION',
] as const satisfies readonly ReferralKind[];

export const CASE_NOTIFICATION_TEMPLATES = [
  'CASE_ACCEPTED',
  'CASE_REJECTED',
  'SESSION_SCHEDULED',
  'ARBITRATION_RIGHT_OPEN',
  'AGREEMENT_REACHED',
  'PAYMENT_RECORDED',
  'AGREEMENT_CONFIRMED',
  'MEDIATION_TERMINATED',
  'INSTALMENT_MISSED',
  'CONFIRMATION_PROMPT',
  'CONFIRMATION_WINDOW_CLOSED',
  'DEADLINE_OVERDUE',
  'ARBITRATION_SILENT',
  'AWARD_EFFECTIVE',
  'LIMITATION_WARNING',
  'COLLECTIVE_DISPUTE',
  'CASE_RETURNED_TO_COURT',
  'TIER_ESCALATED',
] as const satisfies readonly NotificationTemplate[];

export type MessageTemplate = NotificationTemplate | 'REMINDER' | 'OVERDUE' | `REFERRAL_${ReferralKind}`;

export const MESSAGE_TEMPLATES: readonly MessageTemplate[] = [
  ...CASE_NOTIFICATION_TEMPLATES,
  'REMINDER',
  'OVERDUE',
  ...REFERRAL_KINDS.map((k) => `REFERRAL_${k}` as const),
];

/** Everything a template may say. No names, phone numbers, ID numbers or addresses: only case facts. */
export interface NotificationParams {
  /** e.g. TJ-420302-2026-00017 */
  caseNo: string;
  deadlineKind?: DeadlineKind;
  /** ISO 8601 instant; shown in Asia/Shanghai. */
  dueAt?: string;
  /** Whole days until `dueAt` (reminders). */
  daysLeft?: number;
  /** An organisation's name (centre, court, commission, next tier). */
  orgName?: string;
  amountFen?: number;
  /** ISO 8601 instant of a mediation session; shown in Asia/Shanghai. */
  sessionAt?: string;
  /** Number of workers in a collective dispute. */
  workerCount?: number;
}

export const NOTIFICATION_PARAM_KEYS = ['caseNo', 'deadlineKind', 'dueAt', 'daysLeft', 'orgName', 'amountFen', 'sessionAt', 'workerCount'] as const;

export interface RenderedMessage {
  subject: string;
  body: string;
}

export class TemplateParamsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateParamsError';
  }
}

type Required = 'deadlineKind' | 'dueAt' | 'daysLeft' | 'amountFen' | 'sessionAt' | 'orgName';
interface TemplateText {
  subject: (p: Words) => string;
  body: (p: Words) => string;
}
interface TemplateDef {
  requires: Required[];
  'zh-CN': TemplateText;
  en: TemplateText;
}

/** Params turned into ready-to-print words for one locale. */
interface Words {
  caseNo: string;
  due: string;
  session: string;
  amount: string;
  days: number;
  org: string;
  workers: string;
  dl: { name: string; meaning: string; article: string };
  referral: string;
}

const DEFS: Record<NotificationTemplate | 'REMINDER' | 'OVERDUE', TemplateDef> = {
  CASE_ACCEPTED: {
    requires: [],
    'zh-CN': {
      subject: (w) => `调解申请已受理 ${w.caseNo}`,
      body: (w) => `您的劳动争议调解申请已受理，案号${w.caseNo}${w.org ? `，承办：${w.org}` : ''}${w.due ? `。调解应在${w.due}前结束` : ''}。`,
    },
    en: {
      subject: (w) => `Application accepted ${w.caseNo}`,
      body: (w) => `Your mediation application was accepted, case ${w.caseNo}${w.org ? `, handled by ${w.org}` : ''}${w.due ? `. Mediation should end by ${w.due}` : ''}.`,
    },
  },
  CASE_REJECTED: {
    requires: [],
    'zh-CN': {
      subject: (w) => `调解申请未受理 ${w.caseNo}`,
      body: (w) => `案号${w.caseNo}：您的调解申请未被受理。您仍可依法申请劳动仲裁。`,
    },
    en: {
      subject: (w) => `Application not accepted ${w.caseNo}`,
      body: (w) => `Case ${w.caseNo}: your mediation application was not accepted. You may still apply for labour arbitration.`,
    },
  },
  SESSION_SCHEDULED: {
    requires: ['sessionAt'],
    'zh-CN': {
      subject: (w) => `调解会议通知 ${w.caseNo}`,
      body: (w) => `案号${w.caseNo}：调解会议定于${w.session}${w.org ? `在${w.org}` : ''}举行，请准时参加。`,
    },
    en: {
      subject: (w) => `Mediation session ${w.caseNo}`,
      body: (w) => `Case ${w.caseNo}: a mediation session is set for ${w.session}${w.org ? ` at ${w.org}` : ''}. Please attend on time.`,
    },
  },
  ARBITRATION_RIGHT_OPEN: {
    requires: [],
    'zh-CN': {
      subject: (w) => `您现在可以申请劳动仲裁 ${w.caseNo}`,
      body: (w) => `案号${w.caseNo}：申请调解已满15日仍未达成协议，您现在可以申请劳动仲裁（依据：《劳动争议调解仲裁法》第十四条）。调解仍可继续。`,
    },
    en: {
      subject: (w) => `You may now apply for arbitration ${w.caseNo}`,
      body: (w) => `Case ${w.caseNo}: 15 days have passed without an agreement, so you may now apply for labour arbitration (basis: LDMAL art. 14). Mediation can continue.`,
    },
  },
  AGREEMENT_REACHED: {
    requires: [],
    'zh-CN': {
      subject: (w) => `调解协议已达成 ${w.caseNo}`,
      body: (w) => `案号${w.caseNo}：调解协议已达成${w.amount ? `，约定金额${w.amount}` : ''}。双方可在30日内共同申请司法确认。`,
    },
    en: {
      subject: (w) => `Agreement reached ${w.caseNo}`,
      body: (w) => `Case ${w.caseNo}: a mediation agreement was reached${w.amount ? ` for ${w.amount}` : ''}. Both parties may jointly apply for judicial confirmation within 30 days.`,
    },
  },
  PAYMENT_RECORDED: {
    requires: ['amountFen'],
    'zh-CN': {
      subject: (w) => `已登记付款 ${w.caseNo}`,
      body: (w) => `案号${w.caseNo}：已登记一笔付款${w.amount}。如与实际不符，请联系调解员。`,
    },
    en: {
      subject: (w) => `Payment recorded ${w.caseNo}`,
      body: (w) => `Case ${w.caseNo}: a payment of ${w.amount} was recorded. If this is wrong, contact your mediator.`,
    },
  },
  AGREEMENT_CONFIRMED: {
    requires: [],
    'zh-CN': {
      subject: (w) => `调解协议已经司法确认 ${w.caseNo}`,
      body: (w) =>
        `案号${w.caseNo}：人民法院已裁定确认调解协议有效。对方不履行的，您可以向人民法院申请强制执行（依据：《人民调解法》第三十三条）。`,
    },
    en: {
      subject: (w) => `Agreement confirmed by the court ${w.caseNo}`,
      body: (w) =>
        `Case ${w.caseNo}: the court has confirmed the mediation agreement. If the employer does not pay, you may apply to the court for enforcement (People's Mediation Law art. 33).`,
    },
  },
  MEDIATION_TERMINATED: {
    requires: [],
    'zh-CN': {
      subject: (w) => `调解已终止 ${w.caseNo}`,
      body: (w) => `案号${w.caseNo}：调解已终止，未达成协议。您可以依法申请劳动仲裁。`,
    },
    en: {
      subject: (w) => `Mediation ended ${w.caseNo}`,
      body: (w) => `Case ${w.caseNo}: mediation ended without an agreement. You may apply for labour arbitration.`,
    },
  },
  INSTALMENT_MISSED: {
    requires: [],
    'zh-CN': {
      subject: (w) => `分期款未按期支付 ${w.caseNo}`,
      body: (w) => `案号${w.caseNo}：${w.amount ? `${w.amount}的` : ''}分期款${w.due ? `应于${w.due}前支付，` : ''}尚未支付。请联系调解员了解救济途径。`,
    },
    en: {
      subject: (w) => `Instalment missed ${w.caseNo}`,
      body: (w) => `Case ${w.caseNo}: an instalment${w.amount ? ` of ${w.amount}` : ''}${w.due ? ` due by ${w.due}` : ''} has not been paid. Contact your mediator about remedies.`,
    },
  },
  CONFIRMATION_PROMPT: {
    requires: [],
    'zh-CN': {
      subject: (w) => `可申请司法确认 ${w.caseNo}`,
      body: (w) => `案号${w.caseNo}：双方可${w.due ? `在${w.due}前` : '在协议生效之日起30日内'}共同向法院申请司法确认（依据：《人民调解法》第三十三条）。`,
    },
    en: {
      subject: (w) => `Judicial confirmation ${w.caseNo}`,
      body: (w) => `Case ${w.caseNo}: both parties may jointly apply to the court for judicial confirmation ${w.due ? `by ${w.due}` : 'within 30 days'} (basis: People's Mediation Law art. 33).`,
    },
  },
  CONFIRMATION_WINDOW_CLOSED: {
    requires: [],
    'zh-CN': {
      subject: (w) => `司法确认申请期已届满 ${w.caseNo}`,
      body: (w) => `案号${w.caseNo}：司法确认申请期已届满。调解协议仍具有合同约束力。`,
    },
    en: {
      subject: (w) => `Confirmation window closed ${w.caseNo}`,
      body: (w) => `Case ${w.caseNo}: the judicial confirmation window has closed. The agreement remains a binding contract.`,
    },
  },
  DEADLINE_OVERDUE: {
    requires: ['deadlineKind'],
    'zh-CN': {
      subject: (w) => `期限已届满 ${w.caseNo}`,
      body: (w) => `案号${w.caseNo}：「${w.dl.name}」${w.due ? `已于${w.due}` : '已'}届满。依据：${w.dl.article}。`,
    },
    en: {
      subject: (w) => `Deadline passed ${w.caseNo}`,
      body: (w) => `Case ${w.caseNo}: the ${w.dl.name} deadline ${w.due ? `passed at ${w.due}` : 'has passed'}. Basis: ${w.dl.article}.`,
    },
  },
  ARBITRATION_SILENT: {
    requires: [],
    'zh-CN': {
      subject: (w) => `仲裁委员会逾期未决定 ${w.caseNo}`,
      body: (w) => `案号${w.caseNo}：仲裁委员会逾期未作出决定，您可以依法向人民法院起诉（依据：《劳动争议调解仲裁法》第二十九条、第四十三条）。`,
    },
    en: {
      subject: (w) => `Arbitration commission silent ${w.caseNo}`,
      body: (w) => `Case ${w.caseNo}: the arbitration commission did not decide in time, so you may sue in court (basis: LDMAL arts. 29, 43).`,
    },
  },
  AWARD_EFFECTIVE: {
    requires: [],
    'zh-CN': {
      subject: (w) => `仲裁裁决已生效 ${w.caseNo}`,
      body: (w) => `案号${w.caseNo}：仲裁裁决已发生法律效力${w.amount ? `，裁决金额${w.amount}` : ''}。`,
    },
    en: {
      subject: (w) => `Award in effect ${w.caseNo}`,
      body: (w) => `Case ${w.caseNo}: the arbitration award has taken effect${w.amount ? ` (${w.amount})` : ''}.`,
    },
  },
  LIMITATION_WARNING: {
    requires: [],
    'zh-CN': {
      subject: (w) => `仲裁时效提醒 ${w.caseNo}`,
      body: (w) => `案号${w.caseNo}：申请劳动仲裁的一年时效${w.due ? `可能于${w.due}届满` : '即将届满'}，请尽快行动（依据：《劳动争议调解仲裁法》第二十七条）。`,
    },
    en: {
      subject: (w) => `Limitation warning ${w.caseNo}`,
      body: (w) => `Case ${w.caseNo}: the one-year limit to apply for arbitration ${w.due ? `may end at ${w.due}` : 'is close'}. Act soon (basis: LDMAL art. 27).`,
    },
  },
  COLLECTIVE_DISPUTE: {
    requires: [],
    'zh-CN': {
      subject: (w) => `集体劳动争议预警 ${w.caseNo}`,
      body: (w) => `集体劳动争议预警：案号${w.caseNo}${w.workers ? `，涉及${w.workers}名劳动者` : ''}${w.org ? `，受理单位：${w.org}` : ''}。请及时关注。`,
    },
    en: {
      subject: (w) => `Collective dispute alert ${w.caseNo}`,
      body: (w) => `Collective dispute alert: case ${w.caseNo}${w.workers ? `, ${w.workers} workers` : ''}${w.org ? `, at ${w.org}` : ''}. Please follow up.`,
    },
  },
  CASE_RETURNED_TO_COURT: {
    requires: [],
    'zh-CN': {
      subject: (w) => `案件已退回法院 ${w.caseNo}`,
      body: (w) => `案号${w.caseNo}：委派调解期满未达成协议，案件已退回${w.org || '法院'}。`,
    },
    en: {
      subject: (w) => `Returned to court ${w.caseNo}`,
      body: (w) => `Case ${w.caseNo}: court-entrusted mediation ended without agreement; the case went back to ${w.org || 'the court'}.`,
    },
  },
  TIER_ESCALATED: {
    requires: [],
    'zh-CN': {
      subject: (w) => `案件已移交上一级 ${w.caseNo}`,
      body: (w) => `案号${w.caseNo}：案件已移交上一级调解组织${w.org ? `（${w.org}）` : ''}继续调解。`,
    },
    en: {
      subject: (w) => `Passed to the next tier ${w.caseNo}`,
      body: (w) => `Case ${w.caseNo}: the case was passed up to the next mediation tier${w.org ? ` (${w.org})` : ''}.`,
    },
  },
  REMINDER: {
    requires: ['deadlineKind', 'dueAt', 'daysLeft'],
    'zh-CN': {
      subject: (w) => `期限提醒：${w.dl.name}还有${w.days}天 ${w.caseNo}`,
      body: (w) => `提醒：案号${w.caseNo}的「${w.dl.name}」还有${w.days}天到期（${w.due}）。${w.dl.meaning}依据：${w.dl.article}。`,
    },
    en: {
      subject: (w) => `Reminder: ${w.dl.name} in ${w.days} day${w.days === 1 ? '' : 's'} ${w.caseNo}`,
      body: (w) => `Reminder: case ${w.caseNo}, ${w.dl.name} is due in ${w.days} day${w.days === 1 ? '' : 's'} (${w.due}). ${w.dl.meaning} Basis: ${w.dl.article}.`,
    },
  },
  OVERDUE: {
    requires: ['deadlineKind', 'dueAt'],
    'zh-CN': {
      subject: (w) => `逾期：${w.dl.name} ${w.caseNo}`,
      body: (w) => `逾期提醒：案号${w.caseNo}的「${w.dl.name}」已于${w.due}到期，尚未处理，请跟进。依据：${w.dl.article}。`,
    },
    en: {
      subject: (w) => `Overdue: ${w.dl.name} ${w.caseNo}`,
      body: (w) => `Overdue: case ${w.caseNo}, ${w.dl.name} was due at ${w.due} and has not been dealt with. Please follow up. Basis: ${w.dl.article}.`,
    },
  },
};

const REFERRAL_DEF: Omit<TemplateDef, 'requires'> = {
  'zh-CN': {
    subject: (w) => `收到转介：${w.referral} ${w.caseNo}`,
    body: (w) => `${w.org ? `${w.org}：` : ''}收到案号${w.caseNo}的${w.referral}转介${w.due ? `，请于${w.due}前处理` : '，请及时处理'}。`,
  },
  en: {
    subject: (w) => `Referral received: ${w.referral} ${w.caseNo}`,
    body: (w) => `${w.org ? `${w.org}: ` : ''}a ${w.referral} referral was received for case ${w.caseNo}${w.due ? `; please act by ${w.due}` : ''}.`,
  },
};

const CASE_NO = /^[A-Za-z0-9][A-Za-z0-9-]{0,39}$/;
/** An 18-character resident ID number (17 digits + digit or X) or a mainland mobile number. */
const ID_LIKE = /\d{17}[\dXx]/;
const MOBILE_LIKE = /(?<!\d)1[3-9]\d{9}(?!\d)/;

export function renderNotification(template: MessageTemplate, locale: Locale, params: NotificationParams): RenderedMessage {
  if (locale !== 'zh-CN' && locale !== 'en') throw new TemplateParamsError(`unknown locale "${String(locale)}"`);
  checkParams(params);
  let def: Omit<TemplateDef, 'requires'>;
  let requires: Required[];
  let referral = '';
  if (template.startsWith('REFERRAL_')) {
    const kind = template.slice('REFERRAL_'.length) as ReferralKind;
    if (!(REFERRAL_KINDS as readonly string[]).includes(kind)) throw new TemplateParamsError(`unknown template "${template}"`);
    def = REFERRAL_DEF;
    requires = [];
    referral = REFERRAL_NAMES[kind][locale];
  } else {
    const found = (DEFS as Record<string, TemplateDef | undefined>)[template];
    if (!found) throw new TemplateParamsError(`unknown template "${template}"`);
    def = found;
    requires = found.requires;
  }
  for (const key of requires) {
    if (params[key] === undefined) throw new TemplateParamsError(`template ${template} needs "${key}"`);
  }
  const words: Words = {
    caseNo: params.caseNo,
    due: params.dueAt ? formatShanghai(params.dueAt, locale, true) : '',
    session: params.sessionAt ? formatShanghai(params.sessionAt, locale, false) : '',
    amount: params.amountFen !== undefined ? formatYuan(params.amountFen) : '',
    days: params.daysLeft ?? 0,
    org: params.orgName ?? '',
    workers: params.workerCount !== undefined ? String(params.workerCount) : '',
    dl: params.deadlineKind ? deadlineWords(params.deadlineKind, locale) : { name: '', meaning: '', article: '' },
    referral,
  };
  const text = def[locale];
  const rendered = { subject: text.subject(words), body: text.body(words) };
  for (const s of [rendered.subject, rendered.body]) {
    if (ID_LIKE.test(s) || MOBILE_LIKE.test(s)) throw new TemplateParamsError('a rendered message must not contain an ID or phone number');
  }
  return rendered;
}

function checkParams(params: NotificationParams): void {
  if (params === null || typeof params !== 'object') throw new TemplateParamsError('params must be an object');
  const unknown = Object.keys(params).filter((k) => !(NOTIFICATION_PARAM_KEYS as readonly string[]).includes(k));
  // Name the key, never its value (it may be personal data).
  if (unknown.length > 0) throw new TemplateParamsError(`unknown template params: ${unknown.join(', ')}`);
  if (typeof params.caseNo !== 'string' || !CASE_NO.test(params.caseNo)) throw new TemplateParamsError('caseNo must look like TJ-420302-2026-00017');
  if (params.deadlineKind !== undefined && !(DEADLINE_KINDS as readonly string[]).includes(params.deadlineKind)) {
    throw new TemplateParamsError('deadlineKind is not a known deadline kind');
  }
  for (const key of ['dueAt', 'sessionAt'] as const) {
    const v = params[key];
    if (v !== undefined && (typeof v !== 'string' || Number.isNaN(Date.parse(v)))) throw new TemplateParamsError(`${key} must be an ISO 8601 instant`);
  }
  for (const key of ['daysLeft', 'workerCount'] as const) {
    const v = params[key];
    if (v !== undefined && (!Number.isSafeInteger(v) || v < 0)) throw new TemplateParamsError(`${key} must be a whole, non-negative number`);
  }
  if (params.amountFen !== undefined && !isFen(params.amountFen)) throw new TemplateParamsError('amountFen must be a whole, non-negative number of fen');
  if (params.orgName !== undefined && (typeof params.orgName !== 'string' || params.orgName.length > 80 || /\d{7,}/.test(params.orgName))) {
    throw new TemplateParamsError('orgName must be a short organisation name');
  }
}

/**
 * An instant in Asia/Shanghai. `deadline`: a deadline ending at Shanghai midnight reads as 24:00 of
 * the day before (the way the law counts: "ends at 24:00 of the last day").
 */
export function formatShanghai(iso: string, locale: Locale, deadline: boolean): string {
  const shifted = new Date(Date.parse(iso) + 8 * 3600_000);
  let day = shifted;
  let time = shifted.toISOString().slice(11, 16);
  if (deadline && time === '00:00') {
    day = new Date(shifted.getTime() - 24 * 3600_000);
    time = '24:00';
  }
  const [y, m, d] = day.toISOString().slice(0, 10).split('-');
  return locale === 'zh-CN' ? `${y}年${Number(m)}月${Number(d)}日${time}` : `${y}-${m}-${d} ${time} (Beijing time)`;
}

import type { DeadlineKind, ReferralKind } from '@tiaojie/domain';
import { DEADLINE_RULES } from '@tiaojie/domain';
import type { Locale } from '../channel.port';

/** A deadline in plain words for a message: its name, what it means, and the article that sets it. */
export interface DeadlineWords {
  name: string;
  meaning: string;
  article: string;
}

const ZH: Record<DeadlineKind, DeadlineWords> = {
  ACCEPTANCE_SLA: { name: '受理审查期限', meaning: '调解组织应在3个工作日内决定是否受理。', article: '企业劳动争议协商调解规定' },
  ARBITRATION_RIGHT: { name: '可申请仲裁之日', meaning: '自调解组织收到申请之日起15日内未达成调解协议的，当事人可以申请劳动仲裁。', article: '《劳动争议调解仲裁法》第十四条' },
  MEDIATION_PERIOD: { name: '调解期限', meaning: '调解应在受理之日起15日内结束，双方同意的可以延长。', article: '《劳动争议调解仲裁法》第十四条' },
  ENTRUSTED_PERIOD: { name: '委派调解期限', meaning: '法院委派的调解期限为30日，经双方同意可以延长。', article: '最高人民法院关于诉前委派调解的规定' },
  TIER_SLA: { name: '本级调解时限', meaning: '本级调解组织在时限内未能化解的，移交上一级。', article: '枫桥经验地方做法' },
  INSTALMENT_DUE: { name: '分期付款日', meaning: '应按调解协议约定的日期支付该期款项。', article: '《劳动争议调解仲裁法》第十五条、第十六条' },
  CONFIRMATION_WINDOW: { name: '司法确认申请期', meaning: '双方可在协议生效之日起30日内共同向法院申请司法确认。', article: '《人民调解法》第三十三条' },
  COURT_ACCEPT_CONFIRMATION: { name: '法院受理司法确认期限', meaning: '法院应在3日内决定是否受理司法确认申请。', article: '法释〔2011〕5号' },
  COURT_RULE_CONFIRMATION: { name: '法院确认决定期限', meaning: '法院应在受理之日起15日内作出决定（可延长10日）。', article: '法释〔2011〕5号' },
  ARBITRATION_ACCEPTANCE: { name: '仲裁受理审查期限', meaning: '仲裁委员会应在5日内决定是否受理；不受理或逾期未决定的，劳动者可以向法院起诉。', article: '《劳动争议调解仲裁法》第二十九条' },
  ARBITRATION_AWARD: { name: '仲裁裁决期限', meaning: '仲裁裁决应在受理之日起45日内作出，经批准可延长不超过15日。', article: '《劳动争议调解仲裁法》第四十三条' },
  SUE_AFTER_AWARD: { name: '不服裁决起诉期限', meaning: '收到裁决书之日起15日内可以向法院起诉，逾期裁决生效。', article: '《劳动争议调解仲裁法》第四十八条、第五十条' },
  SUPPORT_PROSECUTION_SLA: { name: '支持起诉答复期限', meaning: '检察院应在服务时限内答复支持起诉申请。', article: '《民事诉讼法》第十五条' },
  LEGAL_AID_REVIEW: { name: '法律援助审查期限', meaning: '法律援助机构应在7日内决定是否给予援助。', article: '《法律援助法》' },
  LIMITATION: { name: '仲裁时效', meaning: '申请劳动仲裁的时效为一年；本提醒仅供参考，中断、中止需人工判断。', article: '《劳动争议调解仲裁法》第二十七条' },
};

const EN_NAMES: Record<DeadlineKind, string> = {
  ACCEPTANCE_SLA: 'acceptance decision',
  ARBITRATION_RIGHT: 'right to apply for arbitration',
  MEDIATION_PERIOD: 'mediation period',
  ENTRUSTED_PERIOD: 'court-entrusted mediation period',
  TIER_SLA: 'tier service level',
  INSTALMENT_DUE: 'instalment payment',
  CONFIRMATION_WINDOW: 'judicial confirmation window',
  COURT_ACCEPT_CONFIRMATION: 'court acceptance of the confirmation',
  COURT_RULE_CONFIRMATION: 'court ruling on the confirmation',
  ARBITRATION_ACCEPTANCE: 'arbitration acceptance decision',
  ARBITRATION_AWARD: 'arbitration award',
  SUE_AFTER_AWARD: 'time to sue after the award',
  SUPPORT_PROSECUTION_SLA: 'support-prosecution answer',
  LEGAL_AID_REVIEW: 'legal-aid review',
  LIMITATION: 'arbitration limitation period',
};

export function deadlineWords(kind: DeadlineKind, locale: Locale): DeadlineWords {
  if (locale === 'zh-CN') return ZH[kind];
  const rule = DEADLINE_RULES[kind];
  return { name: EN_NAMES[kind], meaning: rule.meaning, article: rule.article };
}

export const REFERRAL_NAMES: Record<ReferralKind, { 'zh-CN': string; en: string }> = {
  JUDICIAL_CONFIRMATION: { 'zh-CN': '司法确认', en: 'judicial confirmation' },
  ENTRUSTED_MEDIATION: { 'zh-CN': '委派调解', en: 'court-entrusted mediation' },
  RETURN_TO_COURT: { 'zh-CN': '退回法院', en: 'return to court' },
  ARBITRATION: { 'zh-CN': '劳动仲裁', en: 'labour arbitration' },
  PAYMENT_ORDER: { 'zh-CN': '支付令', en: 'payment order' },
  ENFORCEMENT: { 'zh-CN': '强制执行', en: 'enforcement' },
  LITIGATION: { 'zh-CN': '诉讼', en: 'litigation' },
  SUPPORT_PROSECUTION: { 'zh-CN': '支持起诉', en: 'support prosecution' },
  LEGAL_AID: { 'zh-CN': '法律援助', en: 'legal aid' },
  LABOR_INSPECTION: { 'zh-CN': '劳动监察', en: 'labour inspection' },
};

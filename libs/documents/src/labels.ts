import type { DisputeType } from '@tiaojie/domain';

/**
 * Chinese labels for the dispute-type codes (libs/domain DISPUTE_TYPES). Typed as a full record so
 * that a code added to the domain fails to compile here until it has a label.
 */
export const DISPUTE_TYPE_LABELS: Readonly<Record<DisputeType, string>> = {
  LABOR_RELATION_CONFIRMATION: '确认劳动关系',
  CONTRACT_DISPUTE: '劳动合同争议',
  DISMISSAL_OR_RESIGNATION: '除名、辞退、辞职争议',
  WORKING_TIME_AND_LEAVE: '工作时间和休息休假',
  SOCIAL_INSURANCE: '社会保险',
  BENEFITS: '福利待遇',
  TRAINING: '培训',
  LABOR_PROTECTION: '劳动保护',
  WAGE_ARREARS: '工资拖欠',
  OVERTIME: '加班费',
  DOUBLE_PAY_NO_CONTRACT: '未签订书面劳动合同二倍工资',
  ECONOMIC_COMPENSATION: '经济补偿金',
  UNLAWFUL_TERMINATION_DAMAGES: '违法解除劳动合同赔偿金',
  WORK_INJURY: '工伤保险待遇',
  NON_COMPETE: '竞业限制',
  PLATFORM_WORK: '平台用工权益',
};

/** Item codes seen in agreements that are not dispute types. */
const EXTRA_LABELS: Readonly<Record<string, string>> = {
  WAGES: '工资',
  OTHER: '其他',
};

/**
 * The Chinese label for a claim or agreement item type. Item types are free text of up to 100
 * characters in the event payload, so an unknown value (often already Chinese) is shown as given.
 */
export function claimTypeLabel(type: string): string {
  if (Object.prototype.hasOwnProperty.call(DISPUTE_TYPE_LABELS, type)) return DISPUTE_TYPE_LABELS[type as DisputeType];
  if (Object.prototype.hasOwnProperty.call(EXTRA_LABELS, type)) return EXTRA_LABELS[type];
  return type;
}

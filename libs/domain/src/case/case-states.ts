/** Labels for state paths, in Chinese with English, for lists and the console. */
export const STATE_LABELS: Record<string, { zh: string; en: string }> = {
  intake: { zh: '待受理', en: 'Awaiting acceptance' },
  'mediation.awaitingMediator': { zh: '调解中（待指派调解员）', en: 'Mediation: awaiting mediator' },
  'mediation.active': { zh: '调解中', en: 'Mediation in progress' },
  performance: { zh: '协议履行中', en: 'Agreement being performed' },
  resolved: { zh: '已履行完毕', en: 'Resolved: fully paid' },
  failed: { zh: '调解不成', en: 'Mediation failed' },
  closed: { zh: '已结案', en: 'Closed' },
  agreed: { zh: '已达成协议', en: 'Agreement reached' },
  'arbitration.awaitingAcceptance': { zh: '仲裁待受理', en: 'Arbitration: awaiting acceptance' },
  'arbitration.hearing.running': { zh: '仲裁审理中', en: 'Arbitration: hearing' },
  'arbitration.hearing.suspended': { zh: '仲裁中止', en: 'Arbitration: suspended' },
  'arbitration.awarded': { zh: '已送达裁决', en: 'Arbitration: award served' },
  'arbitration.effective': { zh: '裁决已生效', en: 'Arbitration: award effective' },
  mayLitigate: { zh: '可起诉', en: 'Worker may sue' },
  litigation: { zh: '诉讼中', en: 'In litigation' },
  enforcement: { zh: '申请强制执行', en: 'Enforcement applied for' },
  returnedToCourt: { zh: '已退回法院', en: 'Returned to the court' },
};

/** Labels for the side tracks' states. */
export const TRACK_LABELS: Record<string, Record<string, { zh: string; en: string }>> = {
  performance: {
    idle: { zh: '—', en: '—' },
    paying: { zh: '履行中', en: 'Paying' },
    defaulted: { zh: '逾期未履行', en: 'In default' },
    paid: { zh: '已履行', en: 'Paid' },
  },
  confirmation: {
    idle: { zh: '—', en: '—' },
    window: { zh: '可申请司法确认', en: 'May apply for confirmation' },
    requested: { zh: '待法院受理', en: 'Awaiting court acceptance' },
    reviewing: { zh: '法院审查中', en: 'Court reviewing' },
    confirmed: { zh: '已司法确认', en: 'Confirmed' },
    refused: { zh: '不予确认', en: 'Refused' },
    rejected: { zh: '不予受理', en: 'Not accepted' },
    lapsed: { zh: '申请期限已过', en: 'Window closed' },
  },
  supportProsecution: {
    idle: { zh: '—', en: '—' },
    requested: { zh: '已申请支持起诉', en: 'Requested' },
    supported: { zh: '检察院支持起诉', en: 'Supported' },
    declined: { zh: '不予支持', en: 'Declined' },
  },
  legalAid: {
    idle: { zh: '—', en: '—' },
    reviewing: { zh: '法律援助审查中', en: 'Under review' },
    granted: { zh: '已指派律师', en: 'Granted' },
    denied: { zh: '不予援助', en: 'Denied' },
  },
  laborInspection: {
    idle: { zh: '—', en: '—' },
    referred: { zh: '已移送劳动监察', en: 'Referred' },
  },
};

export function stateLabel(path: string, locale: 'zh' | 'en' = 'zh'): string {
  return STATE_LABELS[path]?.[locale] ?? path;
}

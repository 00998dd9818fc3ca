/** Labels for state paths, in Chinese with English, for lists and the console. */
export const STATE_LABELS: Record<string, { zh: string; en: string }> = {
  intake: { zh: '待受理', en: 'Awaiting acceptance' },
  'mediation.awaitingMediator': { zh: '调解中（待指派调解员）', en: 'Mediation: awaiting mediator' },
  'mediation.active': { zh: '调解中', en: 'Mediation in progress' },
  performance: { zh: '协议履行中', en: 'Agreement being performed' },
  resolved: { zh: '已履行完毕', en: 'Resolved: fully paid' },
  failed: { zh: '调解不成', en: 'Mediation failed' },
  closed: { zh: '已结案', en: 'Closed' },
};

export function stateLabel(path: string, locale: 'zh' | 'en' = 'zh'): string {
  return STATE_LABELS[path]?.[locale] ?? path;
}

import { Tag, Typography } from 'antd';
import { useI18n } from '../i18n/I18nProvider';
import { daysLeft, formatDue, urgencyOf } from '../lib/time';

/** Days left to a due time: red when overdue, amber when due within 3 days. */
export function DueTag({ dueAt, now, overdue }: { dueAt: string; now: Date; overdue?: boolean }) {
  const { t } = useI18n();
  const urgency = overdue ? 'overdue' : urgencyOf(dueAt, now);
  const n = daysLeft(dueAt, now);
  const text = urgency === 'overdue' ? t('cases.overdueBy', { n: Math.max(0, -n) }) : n === 0 ? t('cases.dueToday') : t('cases.daysLeft', { n });
  const color = urgency === 'overdue' ? 'error' : urgency === 'soon' ? 'warning' : 'default';
  return (
    <Tag color={color} data-urgency={urgency} style={{ marginInlineEnd: 0 }}>
      {text}
    </Tag>
  );
}

/** A due date followed by its days-left tag. */
export function DueDate({ dueAt, now, overdue }: { dueAt: string; now: Date; overdue?: boolean }) {
  return (
    <span style={{ whiteSpace: 'nowrap' }}>
      <Typography.Text>{formatDue(dueAt, false)}</Typography.Text> <DueTag dueAt={dueAt} now={now} overdue={overdue} />
    </span>
  );
}

const STATE_COLORS: Array<[RegExp, string]> = [
  [/^intake/, 'purple'],
  [/^mediation/, 'processing'],
  [/^(agreed|performance)/, 'cyan'],
  [/^resolved/, 'success'],
  [/^(failed|mayLitigate)/, 'orange'],
  [/^(arbitration|litigation|enforcement|returnedToCourt)/, 'geekblue'],
  [/^closed/, 'default'],
];

export function StateTag({ state }: { state: string }) {
  const { stateLabel } = useI18n();
  const color = STATE_COLORS.find(([re]) => re.test(state))?.[1] ?? 'default';
  return (
    <Tag color={color} data-state={state} style={{ marginInlineEnd: 0 }}>
      {stateLabel(state)}
    </Tag>
  );
}

/** Events that move a case forward: offered first, the first of them as the primary button. */
const FORWARD = ['ACCEPT', 'ASSIGN_MEDIATOR', 'REACH_AGREEMENT', 'RECORD_PAYMENT', 'JC_ACCEPT', 'JC_CONFIRM', 'ARB_ACCEPT', 'AWARD_SERVED', 'SP_SUPPORT', 'LA_GRANT', 'PAYMENT_ORDER_ISSUED', 'SCHEDULE_SESSION', 'RECORD_SESSION', 'REQUEST_JUDICIAL_CONFIRMATION', 'CLOSE'];
/** Events that refuse, end or withdraw: offered last, in red. */
const NEGATIVE = ['REJECT', 'WITHDRAW', 'MEDIATION_FAILED', 'JC_REJECT', 'JC_REFUSE', 'ARB_NOT_ACCEPT', 'SP_DECLINE', 'LA_DENY', 'PAYMENT_ORDER_OBJECTED'];

export type EventTone = 'primary' | 'default' | 'danger';

/** The allowed events in the order a clerk reads them: forward steps first, refusals last. */
export function orderEvents(events: readonly string[]): { type: string; tone: EventTone }[] {
  const rank = (e: string) => (FORWARD.includes(e) ? FORWARD.indexOf(e) : NEGATIVE.includes(e) ? 1000 + NEGATIVE.indexOf(e) : 500);
  const sorted = [...events].sort((a, b) => rank(a) - rank(b));
  return sorted.map((type, i) => ({ type, tone: NEGATIVE.includes(type) ? 'danger' : i === 0 && FORWARD.includes(type) ? 'primary' : 'default' }));
}

import type { AppConfig } from '@tiaojie/config';
import type { NewNotification, StaffRecipient } from '@tiaojie/persistence';
import { randomUUID } from 'node:crypto';

/** E-mails are planned only where an SMTP server is configured: otherwise they could only fail. */
export const emailEnabled = (config: AppConfig): boolean => !!config.notifications.smtpUrl;

/** What every row of one message shares (the template, its params, the case, when it was planned). */
export type MessageBase = Pick<NewNotification, 'caseId' | 'outboxId' | 'template' | 'params' | 'createdAt'>;

/**
 * Rows for staff recipients: always the in-app inbox; also an e-mail when `byEmail` and the person
 * has a work address on file (managers and receiving organisations: people who are not in the
 * console all day). `key(recipient, channel)` makes each row's dedupe key.
 */
export function staffRows(
  base: MessageBase,
  users: readonly StaffRecipient[],
  key: (userId: string, channel: 'IN_APP' | 'EMAIL') => string,
  opts: { orgId?: string | null; byEmail: boolean },
): NewNotification[] {
  return users.flatMap((u) => {
    const row = (channel: 'IN_APP' | 'EMAIL'): NewNotification => ({
      ...base,
      id: randomUUID(),
      dedupeKey: key(u.id, channel),
      channel,
      locale: u.locale === 'en' ? 'en' : 'zh-CN',
      recipientUserId: u.id,
      recipientOrgId: opts.orgId ?? null,
    });
    return opts.byEmail && u.hasEmail ? [row('IN_APP'), row('EMAIL')] : [row('IN_APP')];
  });
}

import type { Locale } from '../channel.port';
import { renderNotification, type MessageTemplate, type NotificationParams } from '../templates/render';

export interface RenderedNotification {
  subject: string;
  body: string;
}

export const asLocale = (l: string | null | undefined): Locale => (l === 'en' ? 'en' : 'zh-CN');

/**
 * The one place the pipeline and the inbox render a message (templates in libs/notifications/src/templates).
 * Throws TemplateParamsError for an unknown template or missing params: the dispatcher turns that
 * into a permanent failure, visible in the failed list.
 */
export function renderForPipeline(template: string, locale: string, params: Record<string, unknown>): RenderedNotification {
  return renderNotification(template as MessageTemplate, asLocale(locale), params as unknown as NotificationParams);
}

/** For the inbox: a row whose template no longer renders still shows, by its template name. */
export function renderForInbox(template: string, locale: string, params: Record<string, unknown>): RenderedNotification {
  try {
    return renderForPipeline(template, locale, params);
  } catch {
    const caseNo = typeof params.caseNo === 'string' ? ` ${params.caseNo}` : '';
    return { subject: `${template}${caseNo}`, body: `${template}${caseNo}` };
  }
}

/**
 * Contract between the notification pipeline and the channel adapters (DESIGN §7).
 * A message is rendered before it reaches an adapter; adapters only deliver. Personal data (a
 * phone number, an e-mail address) is resolved at send time and never stored in job payloads.
 */
export type ChannelKind = 'IN_APP' | 'SMS' | 'EMAIL';
export type Locale = 'zh-CN' | 'en';

export interface OutgoingMessage {
  /** The notification row's id. */
  id: string;
  /** Stable per message: a provider that sees it twice must deliver once (a retried job never texts twice). */
  dedupeKey: string;
  channel: ChannelKind;
  /** E.164 phone for SMS, an e-mail address for EMAIL, a user id for IN_APP. */
  to: string;
  locale: Locale;
  subject: string;
  body: string;
}

export interface ChannelAdapter {
  readonly channel: ChannelKind;
  /** Resolves when the provider accepted the message; throws a DeliveryError otherwise. */
  send(message: OutgoingMessage): Promise<{ providerId?: string }>;
}

/** Worth retrying (timeouts, 5xx, SMTP 4xx). */
export class TransientDeliveryError extends Error {
  readonly retryable = true;
}

/** Retrying will not help (SMTP 5xx, a gateway's 4xx refusal, an invalid recipient). */
export class PermanentDeliveryError extends Error {
  readonly retryable = false;
}

export const CHANNEL_ADAPTERS = Symbol('ChannelAdapters');

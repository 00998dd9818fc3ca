import { maskPhone } from '@tiaojie/domain';
import type { ChannelAdapter, OutgoingMessage } from '../channel.port';

/** Where the recording provider keeps what it sent (PostgreSQL in the apps): once per dedupe key. */
export interface RecordedSmsStore {
  /** Answers a provider id, the same one for a dedupe key seen before. */
  record(message: OutgoingMessage, toMasked: string, at: Date): Promise<string>;
}

export interface RecordedSms {
  id: string;
  dedupeKey: string;
  to: string;
  locale: OutgoingMessage['locale'];
  subject: string;
  body: string;
  providerId: string;
  /** When the adapter accepted it (wall clock). */
  recordedAt: Date;
}

/**
 * The default SMS provider for demo and tests (DESIGN §7). With a store (the apps give it
 * PostgreSQL's `recorded_sms`) what it "sent" is kept where the console (`GET
 * /api/notifications/sms`) and the tests read it, across processes and restarts, with the phone
 * masked; this process also keeps its own copies in memory. Like a real provider it dedupes by
 * `dedupeKey`: a retried job that sends the same message again is accepted but recorded once.
 */
export class RecordingSmsChannel implements ChannelAdapter {
  readonly channel = 'SMS' as const;
  private readonly byKey = new Map<string, RecordedSms>();
  private seq = 0;

  constructor(private readonly store?: RecordedSmsStore) {}

  async send(message: OutgoingMessage): Promise<{ providerId?: string }> {
    if (this.store) {
      // The store decides "seen before" (another process may have sent it); a failure here is a failed send, retried.
      const providerId = `recording-${await this.store.record(message, maskPhone(message.to), new Date())}`;
      if (!this.byKey.has(message.dedupeKey)) this.byKey.set(message.dedupeKey, this.copy(message, providerId));
      return { providerId };
    }
    const seen = this.byKey.get(message.dedupeKey);
    if (seen) return { providerId: seen.providerId };
    const providerId = `recording-${++this.seq}`;
    this.byKey.set(message.dedupeKey, this.copy(message, providerId));
    return { providerId };
  }

  private copy(message: OutgoingMessage, providerId: string): RecordedSms {
    return {
      id: message.id,
      dedupeKey: message.dedupeKey,
      to: message.to,
      locale: message.locale,
      subject: message.subject,
      body: message.body,
      providerId,
      recordedAt: new Date(),
    };
  }

  /** Delivered messages, oldest first (copies). */
  messages(): RecordedSms[] {
    return [...this.byKey.values()].map((m) => ({ ...m, recordedAt: new Date(m.recordedAt) }));
  }

  clear(): void {
    this.byKey.clear();
  }
}

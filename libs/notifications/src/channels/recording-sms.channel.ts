import type { ChannelAdapter, OutgoingMessage } from '../channel.port';

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
 * The default SMS provider for demo and tests (DESIGN §7): keeps what it "sent" in memory for the
 * console and the tests to read. Like a real provider it dedupes by `dedupeKey`: a retried job that
 * sends the same message again is accepted but recorded once.
 */
export class RecordingSmsChannel implements ChannelAdapter {
  readonly channel = 'SMS' as const;
  private readonly byKey = new Map<string, RecordedSms>();
  private seq = 0;

  async send(message: OutgoingMessage): Promise<{ providerId?: string }> {
    const seen = this.byKey.get(message.dedupeKey);
    if (seen) return { providerId: seen.providerId };
    const providerId = `recording-${++this.seq}`;
    this.byKey.set(message.dedupeKey, {
      id: message.id,
      dedupeKey: message.dedupeKey,
      to: message.to,
      locale: message.locale,
      subject: message.subject,
      body: message.body,
      providerId,
      recordedAt: new Date(),
    });
    return { providerId };
  }

  /** Delivered messages, oldest first (copies). */
  messages(): RecordedSms[] {
    return [...this.byKey.values()].map((m) => ({ ...m, recordedAt: new Date(m.recordedAt) }));
  }

  clear(): void {
    this.byKey.clear();
  }
}

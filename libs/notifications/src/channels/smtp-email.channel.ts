import { createHash } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import { PermanentDeliveryError, TransientDeliveryError, type ChannelAdapter, type OutgoingMessage } from '../channel.port';

export interface SmtpEmailOptions {
  /** smtp://user:pass@host:587 or smtps://… */
  smtpUrl: string;
  /** e.g. 'Tiaojie <no-reply@example.org>' */
  from: string;
  /** Connection, greeting and socket timeouts. */
  timeoutMs?: number;
  /** Extra nodemailer transport options (tests: ignoreTLS). */
  transport?: Record<string, unknown>;
}

/**
 * E-mail over SMTP with nodemailer. The Message-ID is derived from the dedupe key, so a retried send
 * carries the same Message-ID and a receiver can drop the duplicate. SMTP 4xx and connection errors
 * are worth retrying (TransientDeliveryError); SMTP 5xx is final (PermanentDeliveryError).
 * Neither the address nor the text is logged.
 */
export class SmtpEmailChannel implements ChannelAdapter {
  readonly channel = 'EMAIL' as const;
  private readonly logger = new Logger(SmtpEmailChannel.name);
  private readonly transporter: Transporter;
  private readonly messageIdDomain: string;

  constructor(private readonly options: SmtpEmailOptions) {
    const timeout = options.timeoutMs ?? 15_000;
    this.transporter = createTransport({
      url: options.smtpUrl,
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: timeout,
      ...options.transport,
    } as Parameters<typeof createTransport>[0]);
    this.messageIdDomain = /@([A-Za-z0-9.-]+)>?\s*$/.exec(options.from)?.[1] ?? 'tiaojie.local';
  }

  /** `<sha256(dedupeKey)[0..32]@domain>`: stable per message, reveals nothing. */
  messageIdFor(dedupeKey: string): string {
    return `<${createHash('sha256').update(dedupeKey).digest('hex').slice(0, 32)}@${this.messageIdDomain}>`;
  }

  async send(message: OutgoingMessage): Promise<{ providerId?: string }> {
    const messageId = this.messageIdFor(message.dedupeKey);
    try {
      await this.transporter.sendMail({
        from: this.options.from,
        to: message.to,
        subject: message.subject,
        text: message.body,
        messageId,
        headers: { 'Content-Language': message.locale },
      });
      return { providerId: messageId };
    } catch (e) {
      const { responseCode, code } = (e ?? {}) as { responseCode?: unknown; code?: unknown };
      const status = typeof responseCode === 'number' ? responseCode : undefined;
      const what = status !== undefined ? `SMTP ${status}` : `connection error (${typeof code === 'string' ? code : 'unknown'})`;
      this.logger.warn(`e-mail ${message.id}: ${what}`);
      if (status !== undefined && status >= 500) throw new PermanentDeliveryError(`SMTP server refused the message (${status})`);
      if (status === undefined && code === 'EENVELOPE') throw new PermanentDeliveryError('SMTP envelope rejected');
      throw new TransientDeliveryError(`SMTP delivery failed: ${what}`);
    }
  }

  close(): void {
    this.transporter.close();
  }
}

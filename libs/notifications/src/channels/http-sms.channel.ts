import { Logger } from '@nestjs/common';
import { PermanentDeliveryError, TransientDeliveryError, type ChannelAdapter, type OutgoingMessage } from '../channel.port';

export interface HttpSmsOptions {
  /** The gateway endpoint that accepts POST {to, body, dedupeKey}. */
  url: string;
  timeoutMs: number;
}

/**
 * SMS through an HTTP gateway: POST JSON {to, body, dedupeKey} with `Idempotency-Key: <dedupeKey>`,
 * so a gateway that sees a retried message delivers it once. 2xx → accepted; 5xx, 408, 429, a timeout
 * or a network error → TransientDeliveryError; any other 4xx → PermanentDeliveryError.
 * Neither the phone number nor the text is ever logged or put in an error message.
 */
export class HttpSmsChannel implements ChannelAdapter {
  readonly channel = 'SMS' as const;
  private readonly logger = new Logger(HttpSmsChannel.name);

  constructor(private readonly options: HttpSmsOptions) {
    if (!/^https?:\/\//.test(options.url)) throw new RangeError('SMS gateway URL must be http(s)://');
  }

  async send(message: OutgoingMessage): Promise<{ providerId?: string }> {
    let res: Response;
    try {
      res = await fetch(this.options.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': message.dedupeKey },
        body: JSON.stringify({ to: message.to, body: message.body, dedupeKey: message.dedupeKey }),
        signal: AbortSignal.timeout(this.options.timeoutMs),
        redirect: 'error',
      });
    } catch (e) {
      // DOMException (from another realm under test runners): test by name, not instanceof.
      const name = (e as { name?: unknown } | null)?.name;
      const timedOut = name === 'TimeoutError' || name === 'AbortError';
      const reason = timedOut ? `timed out after ${this.options.timeoutMs} ms` : `network error (${errorCode(e)})`;
      this.logger.warn(`SMS ${message.id}: gateway ${reason}`);
      throw new TransientDeliveryError(`SMS gateway ${reason}`);
    }
    const text = await res.text().catch(() => '');
    if (res.ok) {
      return { providerId: providerIdFrom(text) ?? message.id };
    }
    const retryable = res.status >= 500 || res.status === 408 || res.status === 429;
    this.logger.warn(`SMS ${message.id}: gateway answered ${res.status}`);
    if (retryable) throw new TransientDeliveryError(`SMS gateway answered ${res.status}`);
    throw new PermanentDeliveryError(`SMS gateway refused the message (${res.status})`);
  }
}

function errorCode(e: unknown): string {
  const err = e as { name?: unknown; cause?: { code?: unknown } } | null;
  if (typeof err?.cause?.code === 'string') return err.cause.code;
  return typeof err?.name === 'string' ? err.name : 'unknown';
}

/** `{"id": "..."}` or `{"messageId": "..."}` from the gateway, if it says; never throws. */
function providerIdFrom(text: string): string | undefined {
  try {
    const json = JSON.parse(text) as { id?: unknown; messageId?: unknown };
    const id = json.id ?? json.messageId;
    return typeof id === 'string' && id.length <= 200 ? id : undefined;
  } catch {
    return undefined;
  }
}

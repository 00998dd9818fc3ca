import type { ChannelAdapter, OutgoingMessage } from '../channel.port';

/** The in-app inbox: the pipeline's notification row IS the inbox entry, so delivery is a no-op. */
export class InAppChannel implements ChannelAdapter {
  readonly channel = 'IN_APP' as const;

  async send(message: OutgoingMessage): Promise<{ providerId?: string }> {
    return { providerId: message.id };
  }
}

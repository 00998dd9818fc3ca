import { Module, type OnApplicationShutdown, Inject } from '@nestjs/common';
import { APP_CONFIG, type AppConfig, type NotificationConfig } from '@tiaojie/config';
import { CHANNEL_ADAPTERS, type ChannelAdapter } from './channel.port';
import { NotificationTypeormRepository, TransactionRunner } from '@tiaojie/persistence';
import { HttpSmsChannel, InAppChannel, RecordingSmsChannel, SmtpEmailChannel, type RecordedSmsStore } from './channels';

/** The recording provider's store in PostgreSQL (`recorded_sms`), where the console reads it. */
export function pgRecordedSmsStore(tx: TransactionRunner, repo: NotificationTypeormRepository): RecordedSmsStore {
  return {
    record: (m, toMasked, at) =>
      tx.run((t) => repo.recordSms(t, { dedupeKey: m.dedupeKey, notificationId: m.id, toMasked, locale: m.locale, body: m.body, recordedAt: at })),
  };
}

/**
 * The configured channel adapters (DESIGN §7): IN_APP always; SMS through the recording adapter
 * (SMS_PROVIDER=recording, the default) or the HTTP gateway (SMS_PROVIDER=http); EMAIL only when
 * SMTP_URL is set. At most one adapter per channel.
 */
export function buildChannelAdapters(config: NotificationConfig, recording: RecordingSmsChannel): ChannelAdapter[] {
  const adapters: ChannelAdapter[] = [new InAppChannel()];
  if (config.smsProvider === 'http') {
    if (!config.smsGatewayUrl) throw new Error('SMS_GATEWAY_URL is required when SMS_PROVIDER=http');
    adapters.push(new HttpSmsChannel({ url: config.smsGatewayUrl, timeoutMs: config.smsGatewayTimeoutMs }));
  } else {
    adapters.push(recording);
  }
  if (config.smtpUrl) adapters.push(new SmtpEmailChannel({ smtpUrl: config.smtpUrl, from: config.emailFrom }));
  return adapters;
}

/**
 * Provides CHANNEL_ADAPTERS (ChannelAdapter[]) and the RecordingSmsChannel instance (always, so the
 * console and the tests can read it even when SMS goes to a gateway). Needs APP_CONFIG (ConfigModule).
 */
@Module({
  providers: [
    {
      provide: RecordingSmsChannel,
      inject: [
        { token: TransactionRunner, optional: true },
        { token: NotificationTypeormRepository, optional: true },
      ],
      useFactory: (tx?: TransactionRunner, repo?: NotificationTypeormRepository) =>
        new RecordingSmsChannel(tx && repo ? pgRecordedSmsStore(tx, repo) : undefined),
    },
    {
      provide: CHANNEL_ADAPTERS,
      inject: [APP_CONFIG, RecordingSmsChannel],
      useFactory: (config: AppConfig, recording: RecordingSmsChannel) => buildChannelAdapters(config.notifications, recording),
    },
  ],
  exports: [CHANNEL_ADAPTERS, RecordingSmsChannel],
})
export class NotificationChannelsModule implements OnApplicationShutdown {
  constructor(@Inject(CHANNEL_ADAPTERS) private readonly adapters: ChannelAdapter[]) {}

  onApplicationShutdown(): void {
    for (const a of this.adapters) if (a instanceof SmtpEmailChannel) a.close();
  }
}

import { Test } from '@nestjs/testing';
import { ConfigModule, loadConfig } from '@tiaojie/config';
import { CHANNEL_ADAPTERS, type ChannelAdapter } from './channel.port';
import { HttpSmsChannel, InAppChannel, RecordingSmsChannel, SmtpEmailChannel } from './channels';
import { NotificationChannelsModule } from './notification-channels.module';

const baseEnv = { DATABASE_URL: 'postgres://localhost/tiaojie', NODE_ENV: 'test' } as NodeJS.ProcessEnv;

async function adaptersFor(env: Record<string, string>) {
  const moduleRef = await Test.createTestingModule({
    imports: [ConfigModule.forRoot(loadConfig({ ...baseEnv, ...env })), NotificationChannelsModule],
  }).compile();
  const adapters = moduleRef.get<ChannelAdapter[]>(CHANNEL_ADAPTERS);
  const recording = moduleRef.get(RecordingSmsChannel);
  return { moduleRef, adapters, recording };
}

describe('NotificationChannelsModule', () => {
  it('by default: IN_APP and the recording SMS adapter (the exported instance), no EMAIL', async () => {
    const { moduleRef, adapters, recording } = await adaptersFor({});
    expect(adapters.map((a) => a.channel)).toEqual(['IN_APP', 'SMS']);
    expect(adapters[0]).toBeInstanceOf(InAppChannel);
    expect(adapters[1]).toBe(recording);
    await moduleRef.close();
  });

  it('SMS_PROVIDER=http and SMTP_URL: the HTTP gateway and SMTP e-mail', async () => {
    const { moduleRef, adapters, recording } = await adaptersFor({
      SMS_PROVIDER: 'http',
      SMS_GATEWAY_URL: 'http://127.0.0.1:9/sms',
      SMTP_URL: 'smtp://127.0.0.1:2525',
    });
    expect(adapters.map((a) => a.channel)).toEqual(['IN_APP', 'SMS', 'EMAIL']);
    expect(adapters[1]).toBeInstanceOf(HttpSmsChannel);
    expect(adapters[2]).toBeInstanceOf(SmtpEmailChannel);
    expect(recording).toBeInstanceOf(RecordingSmsChannel);
    await moduleRef.close();
  });

  it('one adapter per channel', async () => {
    const { moduleRef, adapters } = await adaptersFor({ SMTP_URL: 'smtp://127.0.0.1:2525' });
    const kinds = adapters.map((a) => a.channel);
    expect(new Set(kinds).size).toBe(kinds.length);
    await moduleRef.close();
  });
});

describe('notification configuration (libs/config)', () => {
  it('defaults', () => {
    expect(loadConfig(baseEnv).notifications).toEqual({
      smsProvider: 'recording',
      smsGatewayUrl: undefined,
      smsGatewayTimeoutMs: 10_000,
      smtpUrl: undefined,
      emailFrom: 'Tiaojie <no-reply@tiaojie.local>',
      quietHours: '21:00-08:00',
      reminderOffsetsDays: [3, 1],
    });
  });

  it('parses offsets (largest first, no duplicates) and the other settings', () => {
    const c = loadConfig({
      ...baseEnv,
      REMINDER_OFFSETS_DAYS: '1,7,3,1',
      QUIET_HOURS: '22:30-07:00',
      SMS_PROVIDER: 'http',
      SMS_GATEWAY_URL: 'https://sms.example.org/send',
      SMS_GATEWAY_TIMEOUT_MS: '2500',
      SMTP_URL: 'smtps://u:p@mail.example.org:465',
      EMAIL_FROM: 'Centre <centre@example.org>',
    }).notifications;
    expect(c).toEqual({
      smsProvider: 'http',
      smsGatewayUrl: 'https://sms.example.org/send',
      smsGatewayTimeoutMs: 2500,
      smtpUrl: 'smtps://u:p@mail.example.org:465',
      emailFrom: 'Centre <centre@example.org>',
      quietHours: '22:30-07:00',
      reminderOffsetsDays: [7, 3, 1],
    });
  });

  it.each([
    [{ SMS_PROVIDER: 'http' }, /SMS_GATEWAY_URL is required when SMS_PROVIDER=http/],
    [{ SMS_PROVIDER: 'twilio' }, /SMS_PROVIDER/],
    [{ SMS_GATEWAY_URL: 'ftp://x' }, /SMS_GATEWAY_URL/],
    [{ SMTP_URL: 'http://mail' }, /SMTP_URL must be an smtp/],
    [{ QUIET_HOURS: '9pm-8am' }, /QUIET_HOURS must look like 21:00-08:00/],
    [{ REMINDER_OFFSETS_DAYS: '3, 1' }, /REMINDER_OFFSETS_DAYS/],
  ])('refuses %p with a message that says what to fix', (env, message) => {
    expect(() => loadConfig({ ...baseEnv, ...env })).toThrow(message);
  });
});

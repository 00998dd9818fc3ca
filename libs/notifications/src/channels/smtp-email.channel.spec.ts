import type { AddressInfo } from 'node:net';
import { Logger } from '@nestjs/common';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { PermanentDeliveryError, TransientDeliveryError, type OutgoingMessage } from '../channel.port';
import { SmtpEmailChannel } from './smtp-email.channel';

/** A real local SMTP server (smtp-server) on a random port; each test decides how it answers. */
interface Received {
  from: string;
  to: string[];
  raw: string;
}

async function startSmtp(options: Partial<SMTPServerOptions>): Promise<{ server: SMTPServer; port: number; received: Received[] }> {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
    ...options,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return { server, port: (server.server.address() as AddressInfo).port, received };
}

const smtpError = (code: number, text: string) => Object.assign(new Error(text), { responseCode: code });

const message = (over: Partial<OutgoingMessage> = {}): OutgoingMessage => ({
  id: 'n-7',
  dedupeKey: 'notif:n-7',
  channel: 'EMAIL',
  to: 'clerk@example.org',
  locale: 'zh-CN',
  subject: '期限提醒：调解期限还有3天 TJ-420302-2026-00017',
  body: '提醒：案号TJ-420302-2026-00017的「调解期限」还有3天到期。',
  ...over,
});

function header(raw: string, name: string): string | undefined {
  const head = raw.split(/\r?\n\r?\n/)[0].replace(/\r?\n[ \t]+/g, ' ');
  return new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(head)?.[1].trim();
}

/** RFC 2047 encoded-word subject back to text (nodemailer encodes non-ASCII subjects). */
function decodeSubject(value: string): string {
  return value.replace(/=\?utf-8\?([BQ])\?([^?]*)\?=\s*/gi, (_m, enc: string, text: string) =>
    enc.toUpperCase() === 'B'
      ? Buffer.from(text, 'base64').toString('utf8')
      : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8'),
  );
}

describe('SmtpEmailChannel against a local SMTP server', () => {
  const servers: SMTPServer[] = [];
  let logged: string[];
  beforeEach(() => {
    logged = [];
    for (const level of ['log', 'warn', 'error', 'debug', 'verbose'] as const) {
      jest.spyOn(Logger.prototype, level).mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(' ')));
    }
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    for (const line of logged) expect(line).not.toContain('clerk@example.org');
    await Promise.all(servers.splice(0).map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  });

  const channelFor = (port: number) =>
    new SmtpEmailChannel({ smtpUrl: `smtp://127.0.0.1:${port}`, from: 'Tiaojie <no-reply@tiaojie.test>', timeoutMs: 2000, transport: { ignoreTLS: true } });

  it('refused twice with 421, then accepted: the message arrives once, with the subject and a Message-ID from the dedupe key', async () => {
    let attempts = 0;
    const { server, port, received } = await startSmtp({
      onMailFrom(_address, _session, callback) {
        attempts += 1;
        if (attempts <= 2) return callback(smtpError(421, 'Service not available, try again later'));
        callback();
      },
    });
    servers.push(server);
    const channel = channelFor(port);
    const outcomes: string[] = [];
    let providerId: string | undefined;
    for (let i = 0; i < 5 && !providerId; i++) {
      try {
        providerId = (await channel.send(message())).providerId;
        outcomes.push('ok');
      } catch (e) {
        expect(e).toBeInstanceOf(TransientDeliveryError);
        expect((e as Error).message).toContain('421');
        outcomes.push('transient');
      }
    }
    channel.close();
    expect(outcomes).toEqual(['transient', 'transient', 'ok']);
    expect(received).toHaveLength(1);
    const expectedId = channel.messageIdFor('notif:n-7');
    expect(expectedId).toMatch(/^<[0-9a-f]{32}@tiaojie\.test>$/);
    expect(providerId).toBe(expectedId);
    expect(header(received[0].raw, 'Message-ID')).toBe(expectedId);
    expect(decodeSubject(header(received[0].raw, 'Subject') ?? '')).toBe(message().subject);
    expect(received[0].to).toEqual(['clerk@example.org']);
    expect(received[0].from).toBe('no-reply@tiaojie.test');
  });

  it('the same dedupe key always gives the same Message-ID; another key another one', () => {
    const channel = channelFor(25);
    expect(channel.messageIdFor('notif:a')).toBe(channel.messageIdFor('notif:a'));
    expect(channel.messageIdFor('notif:a')).not.toBe(channel.messageIdFor('notif:b'));
    channel.close();
  });

  it('550 refusal → PermanentDeliveryError, nothing delivered, the address in neither error nor log', async () => {
    const { server, port, received } = await startSmtp({
      onRcptTo(_address, _session, callback) {
        callback(smtpError(550, 'No such user here'));
      },
    });
    servers.push(server);
    const channel = channelFor(port);
    const err = await channel.send(message()).catch((e: unknown) => e);
    channel.close();
    expect(err).toBeInstanceOf(PermanentDeliveryError);
    expect((err as PermanentDeliveryError).retryable).toBe(false);
    expect((err as Error).message).toContain('550');
    expect((err as Error).message).not.toContain('clerk@example.org');
    expect(received).toHaveLength(0);
  });

  it('a 452 at DATA → TransientDeliveryError', async () => {
    const { server, port } = await startSmtp({
      onData(stream, _session, callback) {
        stream.on('data', () => undefined);
        stream.on('end', () => callback(smtpError(452, 'Insufficient system storage')));
      },
    });
    servers.push(server);
    const channel = channelFor(port);
    await expect(channel.send(message())).rejects.toBeInstanceOf(TransientDeliveryError);
    channel.close();
  });

  it('a refused connection → TransientDeliveryError', async () => {
    const { server, port } = await startSmtp({});
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const channel = channelFor(port);
    const err = await channel.send(message()).catch((e: unknown) => e);
    channel.close();
    expect(err).toBeInstanceOf(TransientDeliveryError);
    expect((err as Error).message).toMatch(/connection error/);
  });

  it('a 421 greeting (server refuses the connection) → TransientDeliveryError', async () => {
    const { server, port } = await startSmtp({
      onConnect(_session, callback) {
        callback(smtpError(421, 'Too busy'));
      },
    });
    servers.push(server);
    const channel = channelFor(port);
    await expect(channel.send(message())).rejects.toBeInstanceOf(TransientDeliveryError);
    channel.close();
  });
});

import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Logger } from '@nestjs/common';
import { PermanentDeliveryError, TransientDeliveryError, type OutgoingMessage } from '../channel.port';
import { HttpSmsChannel } from './http-sms.channel';

/** A real local HTTP server standing in for the SMS gateway; each test sets how it answers. */
interface Seen {
  method?: string;
  url?: string;
  headers: IncomingHttpHeaders;
  body: unknown;
}

const PHONE = '+8613812345678';
const BODY = '提醒：案号TJ-420302-2026-00017的「调解期限」还有3天到期。';
const message = (over: Partial<OutgoingMessage> = {}): OutgoingMessage => ({
  id: 'n-1',
  dedupeKey: 'notif:n-1',
  channel: 'SMS',
  to: PHONE,
  locale: 'zh-CN',
  subject: 'ignored for SMS',
  body: BODY,
  ...over,
});

describe('HttpSmsChannel against a local HTTP gateway', () => {
  let server: Server;
  let url: string;
  let seen: Seen[];
  let answer: (res: import('node:http').ServerResponse) => void;
  let logged: string[];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let raw = '';
      req.setEncoding('utf8');
      req.on('data', (c: string) => (raw += c));
      req.on('end', () => {
        seen.push({ method: req.method, url: req.url, headers: req.headers, body: raw ? JSON.parse(raw) : undefined });
        answer(res);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sms`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  beforeEach(() => {
    seen = [];
    logged = [];
    for (const level of ['log', 'warn', 'error', 'debug', 'verbose'] as const) {
      jest.spyOn(Logger.prototype, level).mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(' ')));
    }
  });
  afterEach(() => {
    jest.restoreAllMocks();
    // Never the phone number or the text, whatever happened.
    for (const line of logged) {
      expect(line).not.toContain('13812345678');
      expect(line).not.toContain('调解期限');
    }
  });

  const channel = (timeoutMs = 2000) => new HttpSmsChannel({ url, timeoutMs });

  it('200 → accepted; posts {to, body, dedupeKey} with the Idempotency-Key header', async () => {
    answer = (res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: 'gw-42' }));
    await expect(channel().send(message())).resolves.toEqual({ providerId: 'gw-42' });
    expect(seen).toHaveLength(1);
    expect(seen[0].method).toBe('POST');
    expect(seen[0].url).toBe('/sms');
    expect(seen[0].headers['idempotency-key']).toBe('notif:n-1');
    expect(seen[0].headers['content-type']).toBe('application/json');
    expect(seen[0].body).toEqual({ to: PHONE, body: BODY, dedupeKey: 'notif:n-1' });
  });

  it('a 2xx without a JSON id → accepted with the message id as providerId', async () => {
    answer = (res) => res.writeHead(202).end('queued');
    await expect(channel().send(message())).resolves.toEqual({ providerId: 'n-1' });
  });

  it.each([500, 502, 503, 408, 429])('%i → TransientDeliveryError', async (status) => {
    answer = (res) => res.writeHead(status).end('try later');
    const err = await channel().send(message()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransientDeliveryError);
    expect((err as TransientDeliveryError).retryable).toBe(true);
    expect((err as Error).message).toContain(String(status));
  });

  it.each([400, 401, 403, 404, 422])('%i → PermanentDeliveryError, whose message holds neither the number nor the text', async (status) => {
    answer = (res) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ error: `bad number ${PHONE}` }));
    const err = await channel().send(message()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PermanentDeliveryError);
    expect((err as PermanentDeliveryError).retryable).toBe(false);
    expect((err as Error).message).not.toContain('13812345678');
    expect((err as Error).message).not.toContain(BODY);
  });

  it('a gateway that hangs → TransientDeliveryError after the timeout', async () => {
    answer = () => undefined; // never answers
    const started = Date.now();
    const err = await channel(300).send(message()).catch((e: unknown) => e);
    const took = Date.now() - started;
    expect(err).toBeInstanceOf(TransientDeliveryError);
    expect((err as Error).message).toMatch(/timed out after 300 ms/);
    expect(took).toBeGreaterThanOrEqual(250);
    expect(took).toBeLessThan(5000);
  });

  it('nothing listening → TransientDeliveryError', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const err = await new HttpSmsChannel({ url: `http://127.0.0.1:${port}/sms`, timeoutMs: 2000 }).send(message()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransientDeliveryError);
    expect((err as Error).message).toMatch(/network error/);
  });

  it('refuses a non-http URL at construction', () => {
    expect(() => new HttpSmsChannel({ url: 'ftp://gateway', timeoutMs: 1000 })).toThrow(RangeError);
  });
});

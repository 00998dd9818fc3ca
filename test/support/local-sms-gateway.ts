import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One POST the gateway received. */
export interface GatewayRequest {
  key: string | undefined;
  to: string;
  body: string;
  at: number;
}

/** What the gateway does with a request it has not delivered yet: hold it open (accepted, never answered) or answer with a status. */
export type GatewayAnswer = 'hold' | number;

/**
 * A local SMS gateway over node:http, as a real provider would behave: it records every request and
 * dedupes by the `Idempotency-Key` header — a key it has already accepted is answered 200 again and
 * never delivered twice. `policy` decides what to do with a request whose key is new.
 */
export class LocalSmsGateway {
  readonly requests: GatewayRequest[] = [];
  /** Accepted messages, one per Idempotency-Key (a held request counts: the gateway took it). */
  readonly delivered: GatewayRequest[] = [];
  private readonly held = new Set<ServerResponse>();
  private server?: Server;
  policy: (req: GatewayRequest, attemptForKey: number) => GatewayAnswer = () => 200;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/sms`;
    return this;
  }

  requestsFor(key: string): GatewayRequest[] {
    return this.requests.filter((r) => r.key === key);
  }

  deliveredFor(key: string): GatewayRequest[] {
    return this.delivered.filter((r) => r.key === key);
  }

  get heldCount(): number {
    return this.held.size;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    let json: { to?: string; body?: string } = {};
    try {
      json = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      /* an unreadable body is still recorded */
    }
    const header = req.headers['idempotency-key'];
    const r: GatewayRequest = { key: typeof header === 'string' ? header : undefined, to: json.to ?? '', body: json.body ?? '', at: Date.now() };
    const attempt = this.requests.filter((x) => x.key === r.key).length + 1;
    this.requests.push(r);
    if (r.key && this.delivered.some((d) => d.key === r.key)) {
      return this.answer(res, 200, { id: `msg-${r.key}`, duplicate: true });
    }
    const what = this.policy(r, attempt);
    if (what === 'hold') {
      this.delivered.push(r);
      this.held.add(res);
      res.on('close', () => this.held.delete(res));
      return;
    }
    if (what >= 200 && what < 300) this.delivered.push(r);
    this.answer(res, what, what < 300 ? { id: `msg-${r.key}` } : { error: 'refused' });
  }

  private answer(res: ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  }

  async close(): Promise<void> {
    for (const res of this.held) res.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

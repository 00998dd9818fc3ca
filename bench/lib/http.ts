import { Agent, request } from 'node:http';

export interface JsonResponse<T = any> {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: T;
}

/**
 * A lean JSON client over node:http with keep-alive (the load generator shares the CPU with what it
 * measures, so it does as little as it can: no fetch/undici layers).
 */
export class JsonClient {
  private readonly agent: Agent;
  private token?: string;

  constructor(
    readonly baseUrl: string,
    maxSockets = 64,
    private readonly timeoutMs = 120_000,
  ) {
    this.agent = new Agent({ keepAlive: true, maxSockets });
  }

  async login(username: string, password = 'tiaojie-demo'): Promise<void> {
    const r = await this.send('POST', '/api/auth/login', { username, password });
    if (r.status !== 200) throw new Error(`login as ${username} failed: ${r.status} ${JSON.stringify(r.body)}`);
    this.token = r.body.accessToken;
  }

  /**
   * One request. A keep-alive socket the server closed just as it was reused answers ECONNRESET
   * before any response: the request is sent once more on a fresh socket — safe, since the bench's
   * mutating requests carry an Idempotency-Key (a replay returns the stored answer).
   */
  async send<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<JsonResponse<T>> {
    try {
      return await this.sendOnce<T>(method, path, body, headers);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'ECONNRESET' && code !== 'EPIPE') throw e;
      return this.sendOnce<T>(method, path, body, headers);
    }
  }

  private sendOnce<T>(method: string, path: string, body: unknown, headers: Record<string, string>): Promise<JsonResponse<T>> {
    const url = new URL(path, this.baseUrl);
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    return new Promise((resolve, reject) => {
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname + url.search,
          method,
          agent: this.agent,
          headers: {
            ...(payload ? { 'content-type': 'application/json', 'content-length': String(payload.length) } : {}),
            ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
            ...headers,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString();
            let parsed: unknown = text;
            try {
              parsed = text ? JSON.parse(text) : undefined;
            } catch {
              /* keep the text */
            }
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: parsed as T });
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      // A request that never answers (e.g. a pool-starved API) fails the part instead of hanging it.
      req.setTimeout(this.timeoutMs, () => req.destroy(new Error(`${method} ${path}: no answer within ${this.timeoutMs / 1000} s`)));
      if (payload) req.write(payload);
      req.end();
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/** GET `path` until it answers 200 (or `timeoutMs` passes): true if it did. */
export async function waitForOk(baseUrl: string, path: string, timeoutMs: number, everyMs = 100): Promise<boolean> {
  const client = new JsonClient(baseUrl, 1);
  const end = Date.now() + timeoutMs;
  try {
    for (;;) {
      const ok = await client.send('GET', path).then((r) => r.status === 200, () => false);
      if (ok) return true;
      if (Date.now() > end) return false;
      await new Promise((r) => setTimeout(r, everyMs));
    }
  } finally {
    client.close();
  }
}

import { randomUUID } from 'node:crypto';

/** One HTTP answer, or a transport failure (connection refused or reset, timeout). */
export interface Answer<T = any> {
  status: number;
  headers: Headers | null;
  body: T;
  /** Set when no HTTP answer came back at all. */
  transportError?: string;
}

/** A small fetch client with a timeout; never throws for HTTP or transport failures. */
export class Http {
  constructor(
    public baseUrl: string,
    public token?: string,
    private readonly timeoutMs = 30_000,
  ) {}

  async request<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer<T>> {
    try {
      const res = await fetch(this.baseUrl + path, {
        method,
        headers: {
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        /* not JSON */
      }
      return { status: res.status, headers: res.headers, body: parsed as T };
    } catch (e) {
      const err = e as Error & { cause?: { code?: string; message?: string } };
      return { status: 0, headers: null, body: undefined as T, transportError: err.cause?.code ?? err.cause?.message ?? err.name ?? String(e) };
    }
  }

  get<T = any>(path: string) {
    return this.request<T>('GET', path);
  }

  post<T = any>(path: string, body?: unknown, headers?: Record<string, string>) {
    return this.request<T>('POST', path, body, headers);
  }

  static async login(baseUrl: string, username: string, password: string): Promise<Http> {
    for (let attempt = 0; ; attempt++) {
      const r = await new Http(baseUrl).post('/api/auth/login', { username, password });
      if (r.status === 200) return new Http(baseUrl, r.body.accessToken);
      if (attempt >= 20) throw new Error(`login as ${username} failed: ${r.status} ${r.transportError ?? JSON.stringify(r.body)}`);
      await new Promise((res) => setTimeout(res, 500));
    }
  }
}

/** Answers that mean "the command may or may not have happened: ask again with the same key". */
export function isRetryable(a: Answer): boolean {
  return a.status === 0 || a.status >= 500 || (a.status === 409 && a.body?.code === 'IDEMPOTENCY_IN_PROGRESS');
}

export interface SendOutcome<T = any> {
  answer: Answer<T>;
  attempts: number;
  /** Statuses and transport errors seen before the definitive answer. */
  retried: string[];
}

/**
 * Sends a mutation with an Idempotency-Key and, like a careful client, repeats it with the same key
 * and body until a definitive answer arrives (anything but a transport error, a 5xx or "still in
 * progress"), backing off up to 2 s, for at most `giveUpMs`.
 */
export async function sendUntilDefinitive<T = any>(
  http: Http,
  method: string,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
  giveUpMs = 120_000,
): Promise<SendOutcome<T> & { key: string }> {
  const key = headers['idempotency-key'] ?? randomUUID();
  const started = Date.now();
  const retried: string[] = [];
  let delay = 100;
  for (let attempt = 1; ; attempt++) {
    const answer = await http.request<T>(method, path, body, { ...headers, 'idempotency-key': key });
    if (!isRetryable(answer) || Date.now() - started > giveUpMs) return { answer, attempts: attempt, retried, key };
    const code = (answer.body as { code?: string } | undefined)?.code;
    retried.push(answer.transportError ?? `${answer.status}${code ? ` ${code}` : ''}`);
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(2000, delay * 2);
  }
}

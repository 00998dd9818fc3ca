import type { Session, User } from './types';

/**
 * The console's one HTTP client for the API (API.md): bearer token, refresh on 401 (once, shared by
 * concurrent requests), problem+json errors as ApiError, and the headers every case mutation needs
 * (If-Match with the version read, an Idempotency-Key per intended change).
 */

export interface FieldError {
  field: string;
  message: string;
}

export interface Problem {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  code?: string;
  errors?: FieldError[];
  allowedEvents?: string[];
  [key: string]: unknown;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
    this.name = 'ApiError';
  }

  get fieldErrors(): FieldError[] {
    return this.problem.errors ?? [];
  }

  /** 409: the case changed since it was read (a stale If-Match), or the same key is still running. */
  get isConflict(): boolean {
    return this.status === 409;
  }
}

/** Status 0: the request never got an answer (network down, server stopped). */
export class NetworkError extends ApiError {
  constructor(cause: unknown) {
    super(0, { status: 0, title: 'network error', detail: String((cause as Error)?.message ?? cause) });
  }
}

export interface SessionStore {
  load(): Session | null;
  save(session: Session | null): void;
}

const SESSION_KEY = 'tiaojie.session';

export const localSessionStore: SessionStore = {
  load() {
    try {
      const raw = localStorage.getItem(SESSION_KEY);
      return raw ? (JSON.parse(raw) as Session) : null;
    } catch {
      return null;
    }
  },
  save(session) {
    if (session) localStorage.setItem(SESSION_KEY, JSON.stringify(session));
    else localStorage.removeItem(SESSION_KEY);
  },
};

/** A random UUID v4, also outside secure contexts (plain http on a LAN), where crypto.randomUUID is missing. */
export function newIdempotencyKey(): string {
  const c = globalThis.crypto;
  if (typeof c?.randomUUID === 'function') return c.randomUUID();
  const b = c.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

export interface RequestOptions {
  body?: unknown;
  headers?: Record<string, string>;
  /** Answer the raw Response (binary bodies: PDF, CSV, XLSX). */
  raw?: boolean;
  /** Do not try to refresh the session on a 401 (login, refresh itself). */
  noRefresh?: boolean;
}

export class ApiClient {
  private session: Session | null;
  private refreshing: Promise<boolean> | null = null;
  private readonly listeners = new Set<(s: Session | null) => void>();

  constructor(
    private readonly store: SessionStore = localSessionStore,
    private readonly fetchImpl: Fetch = (input, init) => fetch(input, init),
    private readonly baseUrl = '',
  ) {
    this.session = store.load();
  }

  get current(): Session | null {
    return this.session;
  }

  onSessionChange(listener: (s: Session | null) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private setSession(s: Session | null): void {
    this.session = s;
    this.store.save(s);
    for (const l of this.listeners) l(s);
  }

  async login(username: string, password: string): Promise<Session> {
    const r = await this.request<{ accessToken: string; refreshToken: string; expiresIn: number; user: User }>('POST', '/api/auth/login', {
      body: { username, password },
      noRefresh: true,
    });
    const session: Session = { accessToken: r.accessToken, refreshToken: r.refreshToken, user: r.user };
    this.setSession(session);
    return session;
  }

  async logout(): Promise<void> {
    const s = this.session;
    this.setSession(null);
    if (s) await this.request('POST', '/api/auth/logout', { body: { refreshToken: s.refreshToken }, noRefresh: true }).catch(() => undefined);
  }

  /** Forgets the session locally (the server answered 401 even after a refresh). */
  expire(): void {
    this.setSession(null);
  }

  private refresh(): Promise<boolean> {
    this.refreshing ??= (async () => {
      const s = this.session;
      if (!s) return false;
      try {
        const r = await this.request<{ accessToken: string; refreshToken: string; user?: User }>('POST', '/api/auth/refresh', {
          body: { refreshToken: s.refreshToken },
          noRefresh: true,
        });
        this.setSession({ accessToken: r.accessToken, refreshToken: r.refreshToken, user: r.user ?? s.user });
        return true;
      } catch {
        this.setSession(null);
        return false;
      }
    })().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  async request<T>(method: string, path: string, options: RequestOptions & { raw: true }): Promise<Response>;
  async request<T>(method: string, path: string, options?: RequestOptions): Promise<T>;
  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T | Response> {
    const send = () => {
      const headers: Record<string, string> = { accept: 'application/json, application/problem+json', ...options.headers };
      if (options.body !== undefined) headers['content-type'] = 'application/json';
      if (this.session && !options.noRefresh) headers.authorization = `Bearer ${this.session.accessToken}`;
      return this.fetchImpl(this.baseUrl + path, {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
      });
    };
    let res: Response;
    try {
      res = await send();
      if (res.status === 401 && !options.noRefresh && this.session && (await this.refresh())) res = await send();
    } catch (e) {
      throw new NetworkError(e);
    }
    if (res.status === 401 && !options.noRefresh) this.expire();
    if (!res.ok) throw new ApiError(res.status, await problemOf(res));
    if (options.raw) return res;
    if (res.status === 204) return undefined as T;
    const text = await res.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  get<T>(path: string): Promise<T> {
    return this.request<T>('GET', path);
  }

  /** GET with the response headers too (the case's ETag). */
  async getWithHeaders<T>(path: string): Promise<{ body: T; headers: Headers }> {
    const res = await this.request('GET', path, { raw: true });
    return { body: (await res.json()) as T, headers: res.headers };
  }

  post<T>(path: string, body?: unknown, headers?: Record<string, string>): Promise<T> {
    return this.request<T>('POST', path, { body, headers });
  }

  /** `POST /api/cases/{id}/events` with If-Match: "<version>" and the Idempotency-Key of this attempt. */
  sendEvent<T>(caseId: string, version: number, body: { type: string } & Record<string, unknown>, idempotencyKey: string): Promise<T> {
    return this.post<T>(`/api/cases/${encodeURIComponent(caseId)}/events`, body, {
      'if-match': `"${version}"`,
      'idempotency-key': idempotencyKey,
    });
  }

  /** Downloads a binary answer (PDF, CSV, XLSX) as a file the browser saves. */
  async download(path: string, fallbackName: string): Promise<void> {
    const res = await this.request('GET', path, { raw: true });
    const blob = await res.blob();
    const disposition = res.headers.get('content-disposition') ?? '';
    const name = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1] ?? /filename="?([^";]+)"?/i.exec(disposition)?.[1] ?? fallbackName;
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = decodeURIComponent(name);
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
}

async function problemOf(res: Response): Promise<Problem> {
  const text = await res.text().catch(() => '');
  try {
    const body = JSON.parse(text) as Problem;
    return { ...body, status: body.status ?? res.status };
  } catch {
    return { status: res.status, title: res.statusText, detail: text.slice(0, 200) || undefined };
  }
}

export const api = new ApiClient();

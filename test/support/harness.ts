import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { testConfig } from '@tiaojie/testing';
import type { AddressInfo } from 'node:net';
import { ApiModule } from '../../apps/api/src/api.module';
import { setupApp } from '../../apps/api/src/setup-app';
import { WorkerModule } from '../../apps/worker/src/worker.module';

export interface RunningApi {
  app: INestApplication;
  url: string;
  close(): Promise<void>;
}

/** The real API (all modules, real PostgreSQL and Redis) on a random port. */
export async function startApi(env: Record<string, string> = {}): Promise<RunningApi> {
  const config = testConfig(env);
  const app = await NestFactory.create<NestExpressApplication>(ApiModule.forRoot(config), { logger: false, bodyParser: false });
  setupApp(app, config);
  app.enableShutdownHooks();
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { app, url: `http://127.0.0.1:${port}`, close: () => app.close() };
}

/** The real worker: outbox relay, deadline processor and reconciler. */
export async function startWorker(env: Record<string, string> = {}): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(testConfig(env)), { logger: false });
  await app.init();
  return app;
}

export interface HttpResult<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/** A small HTTP client for the API under test. */
export class ApiClient {
  constructor(
    readonly baseUrl: string,
    private token?: string,
  ) {}

  static async login(baseUrl: string, username: string, password = 'tiaojie-demo'): Promise<ApiClient> {
    const r = await new ApiClient(baseUrl).post('/api/auth/login', { username, password });
    if (r.status !== 200) throw new Error(`login as ${username} failed: ${r.status}`);
    return new ApiClient(baseUrl, r.body.accessToken);
  }

  async request<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<HttpResult<T>> {
    const res = await fetch(this.baseUrl + path, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON: keep the text */
    }
    return { status: res.status, headers: res.headers, body: parsed as T };
  }

  /** The raw response, for binary bodies such as PDFs. */
  raw(path: string): Promise<Response> {
    return fetch(this.baseUrl + path, { headers: this.token ? { authorization: `Bearer ${this.token}` } : {} });
  }

  get<T = any>(path: string, headers?: Record<string, string>) {
    return this.request<T>('GET', path, undefined, headers);
  }

  post<T = any>(path: string, body?: unknown, headers?: Record<string, string>) {
    return this.request<T>('POST', path, body, headers);
  }

  /** Sends a case event with If-Match set to `version`. */
  event<T = any>(caseId: string, version: number, body: Record<string, unknown>, headers: Record<string, string> = {}) {
    return this.post<T>(`/api/cases/${caseId}/events`, body, { 'if-match': `"${version}"`, ...headers });
  }
}

export async function waitFor<T>(probe: () => Promise<T | null | undefined | false>, timeoutMs = 15000, everyMs = 50): Promise<T> {
  const start = Date.now();
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() - start > timeoutMs) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

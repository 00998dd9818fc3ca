import { ApiClient, ApiError, newIdempotencyKey, NetworkError, type SessionStore } from './client';
import type { Session } from './types';

const user = { id: 'u1', username: 'mediator', displayName: '王调解', orgId: 'o1', orgName: '茅箭区调解中心', agency: 'UNION', roles: ['UNION_MEDIATOR' as const], regionCode: '420302' };

function memoryStore(initial: Session | null = null): SessionStore & { value: Session | null } {
  return {
    value: initial,
    load() {
      return this.value;
    },
    save(s) {
      this.value = s;
    },
  };
}

type Call = { url: string; init: RequestInit };
function fakeFetch(answers: Array<(c: Call) => Response>) {
  const calls: Call[] = [];
  const fn = async (url: string, init: RequestInit = {}) => {
    const c = { url, init };
    calls.push(c);
    const next = answers.shift();
    if (!next) throw new Error(`unexpected request ${url}`);
    return next(c);
  };
  return { fn, calls };
}

const json = (status: number, body: unknown, type = 'application/json') => new Response(JSON.stringify(body), { status, headers: { 'content-type': type } });
const header = (c: Call, name: string) => (c.init.headers as Record<string, string>)[name];

describe('ApiClient', () => {
  it('sends a case event with If-Match "<version>" and the Idempotency-Key', async () => {
    const { fn, calls } = fakeFetch([() => json(200, { id: 'c1', version: 4 })]);
    const client = new ApiClient(memoryStore({ accessToken: 'a', refreshToken: 'r', user }), fn);
    await client.sendEvent('c1', 3, { type: 'ACCEPT' }, 'key-1');
    expect(calls[0].url).toBe('/api/cases/c1/events');
    expect(header(calls[0], 'if-match')).toBe('"3"');
    expect(header(calls[0], 'idempotency-key')).toBe('key-1');
    expect(header(calls[0], 'authorization')).toBe('Bearer a');
    expect(JSON.parse(String(calls[0].init.body))).toEqual({ type: 'ACCEPT' });
  });

  it('turns a stale version into a 409 ApiError the case page reloads on', async () => {
    const { fn } = fakeFetch([() => json(409, { type: 'about:blank', title: 'Conflict', status: 409, detail: 'the case changed' }, 'application/problem+json')]);
    const client = new ApiClient(memoryStore({ accessToken: 'a', refreshToken: 'r', user }), fn);
    const error = await client.sendEvent('c1', 3, { type: 'ACCEPT' }, 'k').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).isConflict).toBe(true);
    expect((error as ApiError).message).toBe('the case changed');
  });

  it('keeps the field errors of a 400 so the form can show them on the fields', async () => {
    const problem = { status: 400, title: 'Bad Request', errors: [{ field: 'workers.0.idNumber', message: 'not a valid resident ID: check character does not match' }] };
    const { fn } = fakeFetch([() => json(400, problem, 'application/problem+json')]);
    const client = new ApiClient(memoryStore({ accessToken: 'a', refreshToken: 'r', user }), fn);
    const error = (await client.post('/api/cases', {}).catch((e: unknown) => e)) as ApiError;
    expect(error.fieldErrors).toEqual(problem.errors);
  });

  it('refreshes an expired access token once and retries, sharing one refresh between concurrent requests', async () => {
    const store = memoryStore({ accessToken: 'old', refreshToken: 'r1', user });
    const { fn, calls } = fakeFetch([
      () => json(401, { status: 401 }),
      () => json(401, { status: 401 }),
      () => json(200, { accessToken: 'new', refreshToken: 'r2', user }),
      (c) => json(200, { auth: header(c, 'authorization') }),
      (c) => json(200, { auth: header(c, 'authorization') }),
    ]);
    const client = new ApiClient(store, fn);
    const [a, b] = await Promise.all([client.get<{ auth: string }>('/api/me'), client.get<{ auth: string }>('/api/me')]);
    expect([a.auth, b.auth]).toEqual(['Bearer new', 'Bearer new']);
    expect(calls.filter((c) => c.url === '/api/auth/refresh')).toHaveLength(1);
    expect(store.value?.refreshToken).toBe('r2');
  });

  it('forgets the session when the refresh is refused', async () => {
    const store = memoryStore({ accessToken: 'old', refreshToken: 'r1', user });
    const { fn } = fakeFetch([() => json(401, { status: 401 }), () => json(401, { status: 401 })]);
    const client = new ApiClient(store, fn);
    await expect(client.get('/api/me')).rejects.toMatchObject({ status: 401 });
    expect(store.value).toBeNull();
  });

  it('reports a network failure as status 0', async () => {
    const client = new ApiClient(memoryStore(), async () => {
      throw new TypeError('Failed to fetch');
    });
    await expect(client.get('/api/health')).rejects.toBeInstanceOf(NetworkError);
  });

  it('makes UUID v4 idempotency keys', () => {
    expect(newIdempotencyKey()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

import type { ArgumentsHost } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import { ProblemDetailsFilter } from './problem-details.filter';
import { MAX_BODY_DEPTH, unstorableAt } from './unstorable-input';

/** Runs the filter on one error and returns what the client would receive. */
function answer(error: unknown) {
  const headers: Record<string, string> = {};
  let status = 0;
  let body = '';
  const res = {
    headersSent: false,
    setHeader: (k: string, v: string) => (headers[k.toLowerCase()] = v),
    status(s: number) {
      status = s;
      return this;
    },
    type() {
      return this;
    },
    send(b: string) {
      body = b;
    },
  };
  const req = { method: 'POST', originalUrl: '/api/cases?x=1', id: 'req-1' };
  const host = { switchToHttp: () => ({ getResponse: () => res, getRequest: () => req }) } as unknown as ArgumentsHost;
  new ProblemDetailsFilter().catch(error, host);
  return { status, headers, body: JSON.parse(body) as Record<string, unknown>, text: body };
}

describe('ProblemDetailsFilter: PostgreSQL unavailable', () => {
  beforeAll(() => jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined));

  const outages: [string, unknown][] = [
    ['connection refused', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
    ['connection cut', new Error('Connection terminated unexpectedly')],
    ['server shutting down (57P01 admin_shutdown)', Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' })],
    ['still starting up (57P03)', Object.assign(new Error('the database system is starting up'), { code: '57P03' })],
    ['connection exception class 08 through TypeORM', Object.assign(new Error('QueryFailedError'), { driverError: { code: '08006' } })],
    ['pool could not connect in time', new Error('timeout exceeded when trying to connect')],
  ];

  it.each(outages)('%s → 503 DATABASE_UNAVAILABLE with Retry-After, nothing of the error leaks', (_name, error) => {
    const a = answer(error);
    expect(a.status).toBe(503);
    expect(a.headers['retry-after']).toBe('2');
    expect(a.body).toMatchObject({ status: 503, code: 'DATABASE_UNAVAILABLE', title: 'Service Unavailable', instance: '/api/cases', requestId: 'req-1' });
    expect(a.text).not.toMatch(/5432|ECONNREFUSED|terminat|administrator|starting up|08006/);
  });

  it('any other unexpected error stays a bare 500 without Retry-After', () => {
    const a = answer(Object.assign(new Error('duplicate key value violates unique constraint "x"'), { code: '23505' }));
    expect(a.status).toBe(500);
    expect(a.headers['retry-after']).toBeUndefined();
    expect(a.body.code).toBe('INTERNAL');
    expect(a.text).not.toContain('duplicate key');
  });
});

describe('unstorableAt: input PostgreSQL cannot store or code cannot walk', () => {
  it('names the field holding a NUL character, in a string or in a key', () => {
    expect(unstorableAt({ facts: 'a\u0000b' }, MAX_BODY_DEPTH)).toEqual({ field: 'facts', message: expect.stringMatching(/NUL/) });
    expect(unstorableAt({ workers: [{ name: '工人', phone: '138\u0000' }] }, MAX_BODY_DEPTH)?.field).toBe('workers.0.phone');
    expect(unstorableAt({ ['x\u0000']: 1 }, MAX_BODY_DEPTH)?.message).toMatch(/field name/);
  });

  it('refuses nesting deeper than the limit without overflowing its own stack', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 100_000; i++) deep = { a: deep };
    expect(unstorableAt(deep, MAX_BODY_DEPTH)?.message).toMatch(/nested more than 32/);
  });

  it('accepts an ordinary agreement-shaped body', () => {
    const body = { type: 'SIGN_AGREEMENT', items: [{ kind: 'WAGES', amountFen: 300_000 }], instalments: [{ dueOn: '2025-12-01', amountFen: 300_000 }], note: '双方签字 ✓' };
    expect(unstorableAt(body, MAX_BODY_DEPTH)).toBeUndefined();
  });
});

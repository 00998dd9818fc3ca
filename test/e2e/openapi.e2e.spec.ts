import { ApiClient, startApi, type RunningApi } from '../support/harness';

/** API.md: the OpenAPI document at /api/docs-json must describe every route the app serves. */
describe('OpenAPI document', () => {
  let api: RunningApi;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api.close());

  function servedRoutes(): string[] {
    const express = api.app.getHttpAdapter().getInstance();
    const stack: any[] = (express.router ?? express._router).stack;
    return stack
      .filter((layer) => layer.route)
      .flatMap((layer) => Object.keys(layer.route.methods).map((m) => `${m.toUpperCase()} ${layer.route.path}`))
      // Nest's catch-all (`/api/{*path}`, every method) only answers 404s; it is not a route of ours.
      .filter((r) => r.includes(' /api/') && !r.includes('/api/docs') && !r.includes('{*path}'));
  }

  it('describes every served /api route, and nothing that is not served', async () => {
    const doc = (await new ApiClient(api.url).get('/api/docs-json')).body;
    const documented = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
    );
    const served = servedRoutes();
    expect(served.length).toBeGreaterThanOrEqual(12);
    expect(new Set(documented)).toEqual(new Set(served));
  });

  it('documents the case event body as one variant per event a person may send', async () => {
    const doc = (await new ApiClient(api.url).get('/api/docs-json')).body;
    const body = doc.paths['/api/cases/{id}/events'].post.requestBody.content['application/json'].schema;
    const types = body.anyOf.map((v: any) => v.properties.type.enum?.[0] ?? v.properties.type.const);
    expect(types).toEqual(expect.arrayContaining(['ACCEPT', 'REACH_AGREEMENT', 'RECORD_PAYMENT', 'CLOSE']));
    expect(types).not.toContain('DEADLINE_EXPIRED');
  });
});

import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ApiClient, startApi, type RunningApi } from '../support/harness';

/**
 * API.md "Accounts and sessions": users and organisations managed by admins. Strict bodies refuse
 * mass assignment; disabling a user stops their access tokens at once. Login is throttled (10/min
 * per client): each account logs in at most a few times here.
 */
describe('admin: users and organisations', () => {
  let api: RunningApi;
  let anon: ApiClient;
  let admin: ApiClient;
  let mediator: ApiClient;
  let unionCounty: { id: string; regionCode: string };
  let courtOrg: { id: string };
  const suffix = randomUUID().slice(0, 8);
  const password = 'initial-password-1';
  let target: { id: string; username: string };
  let targetSession: { accessToken: string; refreshToken: string };

  const login = (u: string, p: string) => anon.post('/api/auth/login', { username: u, password: p });
  const as = (token: string) => new ApiClient(api.url, token);

  beforeAll(async () => {
    api = await startApi({ PASSWORD_HASH_COST: '10' });
    anon = new ApiClient(api.url);
    admin = await ApiClient.login(api.url, 'admin');
    mediator = await ApiClient.login(api.url, 'mediator');
    const orgs = (await admin.get('/api/admin/orgs')).body as { id: string; agency: string; tier: string; regionCode: string }[];
    unionCounty = orgs.find((o) => o.agency === 'UNION' && o.tier === 'COUNTY' && o.regionCode === '420302')!;
    courtOrg = orgs.find((o) => o.agency === 'COURT')!;
  });
  afterAll(() => api.close());

  async function createUser(name: string, roles = ['UNION_MEDIATOR']) {
    const r = await admin.post('/api/admin/users', { username: `${name}-${suffix}`, displayName: name, orgId: unionCounty.id, roles, password });
    expect(r.status).toBe(201);
    return r.body as { id: string; username: string };
  }

  it('refuses non-admins with 403 on every admin route, and anonymous callers with 401', async () => {
    const id = randomUUID();
    const calls: [string, string, unknown?][] = [
      ['GET', '/api/admin/users'],
      ['POST', '/api/admin/users', { username: 'x-user', displayName: 'x', orgId: unionCounty.id, roles: ['ADMIN'], password: 'long-enough-pw' }],
      ['PATCH', `/api/admin/users/${id}`, { active: false }],
      ['POST', `/api/admin/users/${id}/password`, { newPassword: 'long-enough-pw' }],
      ['GET', '/api/admin/orgs'],
      ['POST', '/api/admin/orgs', { name: 'x', agency: 'UNION', regionCode: '420302', tier: 'COUNTY' }],
    ];
    for (const [method, path, body] of calls) {
      expect([method, path, (await mediator.request(method, path, body)).status]).toEqual([method, path, 403]);
      expect([method, path, (await anon.request(method, path, body)).status]).toEqual([method, path, 401]);
    }
    expect((await admin.get('/api/admin/users')).body).not.toContainEqual(expect.objectContaining({ username: 'x-user' }));
  });

  it('lists users without password hashes, and creates users with validated fields', async () => {
    const list = await admin.get('/api/admin/users');
    expect(list.status).toBe(200);
    expect(list.body).toContainEqual(expect.objectContaining({ username: 'mediator', roles: ['UNION_MEDIATOR'], active: true }));
    expect(JSON.stringify(list.body)).not.toMatch(/password|\$2[aby]\$/i);

    const u = await createUser('create');
    expect(u).toMatchObject({ username: `create-${suffix}`, orgId: unionCounty.id, roles: ['UNION_MEDIATOR'], active: true });
    expect(JSON.stringify(u)).not.toMatch(/password/i);

    const dup = await admin.post('/api/admin/users', { username: `create-${suffix}`, displayName: 'd', orgId: unionCounty.id, roles: ['UNION_MEDIATOR'], password });
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('USERNAME_TAKEN');

    const base = { username: `v-${suffix}`, displayName: 'v', orgId: unionCounty.id, roles: ['UNION_MEDIATOR'], password };
    const cases: [Record<string, unknown>, string][] = [
      [{ ...base, roles: ['KING'] }, 'roles.0'],
      [{ ...base, roles: ['SYSTEM'] }, 'roles.0'],
      [{ ...base, roles: [] }, 'roles'],
      [{ ...base, orgId: randomUUID() }, 'orgId'],
      [{ ...base, orgId: 'nope' }, 'orgId'],
      [{ ...base, password: 'short' }, 'password'],
      [{ ...base, username: 'A B' }, 'username'],
    ];
    for (const [body, field] of cases) {
      const r = await admin.post('/api/admin/users', body);
      expect([field, r.status]).toEqual([field, 400]);
      expect(r.body.errors).toContainEqual(expect.objectContaining({ field }));
    }
    expect((await admin.get('/api/admin/users')).body).not.toContainEqual(expect.objectContaining({ username: `v-${suffix}` }));
  });

  it('refuses mass assignment (id, passwordHash, createdAt, tokenVersion) with 400 and changes nothing', async () => {
    const forcedId = randomUUID();
    const create = await admin.post('/api/admin/users', {
      username: `mass-${suffix}`, displayName: 'm', orgId: unionCounty.id, roles: ['UNION_MEDIATOR'], password,
      id: forcedId,
    });
    expect(create.status).toBe(400);
    expect(create.body.errors).toEqual([{ field: 'id', message: 'is not a known field' }]);
    const withHash = await admin.post('/api/admin/users', {
      username: `mass-${suffix}`, displayName: 'm', orgId: unionCounty.id, roles: ['UNION_MEDIATOR'], password, passwordHash: '$2b$10$abcdefghijklmnopqrstuv',
    });
    expect(withHash.status).toBe(400);
    expect(withHash.body.errors).toEqual([{ field: 'passwordHash', message: 'is not a known field' }]);
    const users = (await admin.get('/api/admin/users')).body as { id: string; username: string }[];
    expect(users.find((u) => u.username === `mass-${suffix}` || u.id === forcedId)).toBeUndefined();

    target = await createUser('target');
    const before = (await admin.get('/api/admin/users')).body.find((u: { id: string }) => u.id === target.id);
    for (const extra of [{ passwordHash: '$2b$10$abcdefghijklmnopqrstuv' }, { id: randomUUID() }, { createdAt: '2000-01-01T00:00:00Z' }, { tokenVersion: 0 }, { username: 'renamed' }]) {
      const r = await admin.request('PATCH', `/api/admin/users/${target.id}`, { displayName: 'changed', ...extra });
      expect([Object.keys(extra)[0], r.status]).toEqual([Object.keys(extra)[0], 400]);
      expect(r.body.errors).toContainEqual(expect.objectContaining({ field: Object.keys(extra)[0] }));
    }
    const pwExtra = await admin.post(`/api/admin/users/${target.id}/password`, { newPassword: 'another-password-9', passwordHash: 'x' });
    expect(pwExtra.status).toBe(400);
    const after = (await admin.get('/api/admin/users')).body.find((u: { id: string }) => u.id === target.id);
    expect(after).toEqual(before);
    // The password is still the one it was created with.
    const l = await login(target.username, password);
    expect(l.status).toBe(200);
    targetSession = l.body;

    const orgExtra = await admin.post('/api/admin/orgs', { id: randomUUID(), name: 'x', agency: 'UNION', regionCode: '420302', tier: 'TOWNSHIP', parentId: unionCounty.id });
    expect(orgExtra.status).toBe(400);
    expect(orgExtra.body.errors).toEqual([{ field: 'id', message: 'is not a known field' }]);
  });

  it('disabling a user stops their access token at once and login answers like a wrong password; enabling restores login', async () => {
    const u = await createUser('disable');
    const session = (await login(u.username, password)).body;
    const client = as(session.accessToken);
    expect((await client.get('/api/me')).status).toBe(200);

    const off = await admin.request('PATCH', `/api/admin/users/${u.id}`, { active: false });
    expect(off.status).toBe(200);
    expect(off.body.active).toBe(false);

    const after = await client.get('/api/me');
    expect(after.status).toBe(401);
    expect(after.body.code).toBe('INVALID_TOKEN');
    expect((await client.get('/api/cases')).status).toBe(401);
    expect((await anon.post('/api/auth/refresh', { refreshToken: session.refreshToken })).status).toBe(401);

    const disabledLogin = await login(u.username, password);
    const wrongPassword = await login(u.username, 'wrong-password-x');
    expect(disabledLogin.status).toBe(401);
    const strip = (b: Record<string, unknown>) => ({ ...b, requestId: undefined });
    expect(strip(disabledLogin.body)).toEqual(strip(wrongPassword.body));

    expect((await admin.request('PATCH', `/api/admin/users/${u.id}`, { active: true })).status).toBe(200);
    const back = await login(u.username, password);
    expect(back.status).toBe(200);
    // The old token stays dead after re-enabling.
    expect((await client.get('/api/me')).status).toBe(401);
    expect((await as(back.body.accessToken).get('/api/me')).status).toBe(200);
  });

  it('a role or organisation change voids access tokens; a refresh picks up the new roles', async () => {
    const u = await createUser('roles');
    const s = (await login(u.username, password)).body;
    const r = await admin.request('PATCH', `/api/admin/users/${u.id}`, { roles: ['UNION_MANAGER'], displayName: '新名字' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ roles: ['UNION_MANAGER'], displayName: '新名字' });
    expect((await as(s.accessToken).get('/api/me')).status).toBe(401);
    const fresh = await anon.post('/api/auth/refresh', { refreshToken: s.refreshToken });
    expect(fresh.status).toBe(200);
    expect(fresh.body.user.roles).toEqual(['UNION_MANAGER']);
    expect((await as(fresh.body.accessToken).get('/api/me')).body.roles).toEqual(['UNION_MANAGER']);

    // A display-name-only change leaves tokens alone.
    expect((await admin.request('PATCH', `/api/admin/users/${u.id}`, { displayName: '又一个' })).status).toBe(200);
    expect((await as(fresh.body.accessToken).get('/api/me')).status).toBe(200);

    expect((await admin.request('PATCH', `/api/admin/users/${u.id}`, { orgId: randomUUID() })).status).toBe(400);
    expect((await admin.request('PATCH', `/api/admin/users/${randomUUID()}`, { displayName: 'x' })).status).toBe(404);
    expect((await admin.request('PATCH', `/api/admin/users/not-a-uuid`, { displayName: 'x' })).status).toBe(400);
    expect((await admin.request('PATCH', `/api/admin/users/${u.id}`, {})).status).toBe(400);
  });

  it('an admin password reset ends the user\u2019s sessions and the new password works', async () => {
    // Reuses the account and session of the mass-assignment test (login is throttled).
    const u = target;
    const s = targetSession;
    expect((await as(s.accessToken).get('/api/me')).status).toBe(200);
    const short = await admin.post(`/api/admin/users/${u.id}/password`, { newPassword: 'short' });
    expect(short.status).toBe(400);
    expect(short.body.errors).toContainEqual(expect.objectContaining({ field: 'newPassword' }));
    const reset = await admin.post(`/api/admin/users/${u.id}/password`, { newPassword: 'reset-password-42' });
    expect(reset.status).toBe(204);
    expect((await as(s.accessToken).get('/api/me')).status).toBe(401);
    expect((await anon.post('/api/auth/refresh', { refreshToken: s.refreshToken })).status).toBe(401);
    expect((await login(u.username, 'reset-password-42')).status).toBe(200);
    expect((await admin.post(`/api/admin/users/${randomUUID()}/password`, { newPassword: 'reset-password-42' })).status).toBe(404);
  });

  it('an admin cannot disable themselves or drop their own ADMIN role', async () => {
    const me = (await admin.get('/api/me')).body;
    expect((await admin.request('PATCH', `/api/admin/users/${me.id}`, { active: false })).status).toBe(409);
    expect((await admin.request('PATCH', `/api/admin/users/${me.id}`, { roles: ['UNION_MANAGER'] })).status).toBe(409);
    expect((await admin.get('/api/me')).status).toBe(200);
  });

  it('records admin actions in the audit trail (ids and outcomes only, never passwords)', async () => {
    const ds = api.app.get(DataSource);
    const rows: { action: string; target_id: string | null; details: Record<string, unknown> }[] = await ds.query(
      `SELECT action, target_id, details FROM audit_log WHERE action LIKE 'ADMIN\\_%' ORDER BY seq`,
    );
    const actions = new Set(rows.map((r) => r.action));
    for (const a of ['ADMIN_USER_CREATED', 'ADMIN_USER_DISABLED', 'ADMIN_USER_ENABLED', 'ADMIN_PASSWORD_RESET', 'ADMIN_USER_UPDATED']) expect(actions).toContain(a);
    expect(rows.find((r) => r.action === 'ADMIN_PASSWORD_RESET' && r.target_id === target.id)).toBeDefined();
    expect(JSON.stringify(rows)).not.toMatch(/password-|\$2[aby]\$/);
  });

  it('creates organisations in the tree with validated agency, tier, region code and parent', async () => {
    const ok = await admin.post('/api/admin/orgs', { name: `街道调解站-${suffix}`, agency: 'UNION', regionCode: '420302003', tier: 'TOWNSHIP', parentId: unionCounty.id });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ id: expect.any(String), agency: 'UNION', regionCode: '420302003', tier: 'TOWNSHIP', parentId: unionCounty.id });
    expect((await admin.get('/api/admin/orgs')).body).toContainEqual(ok.body);
    const root = await admin.post('/api/admin/orgs', { name: `某县法院-${suffix}`, agency: 'COURT', regionCode: '420323', tier: 'COUNTY' });
    expect(root.status).toBe(201);
    expect(root.body.parentId).toBeNull();

    const base = { name: 'x', agency: 'UNION', regionCode: '420302004', tier: 'TOWNSHIP', parentId: unionCounty.id };
    const cases: [Record<string, unknown>, string][] = [
      [{ ...base, agency: 'ARMY' }, 'agency'],
      [{ ...base, tier: 'PROVINCE' }, 'tier'],
      [{ ...base, regionCode: '4203' }, 'regionCode'],
      [{ ...base, regionCode: '42030200A' }, 'regionCode'],
      [{ ...base, parentId: randomUUID() }, 'parentId'],
      [{ ...base, parentId: courtOrg.id }, 'parentId'],
      [{ ...base, name: '' }, 'name'],
    ];
    for (const [body, field] of cases) {
      const r = await admin.post('/api/admin/orgs', body);
      expect([field, r.status]).toEqual([field, 400]);
      expect(r.body.errors).toContainEqual(expect.objectContaining({ field }));
    }
    // A user can be created in the new organisation.
    const u = await admin.post('/api/admin/users', { username: `town-${suffix}`, displayName: 't', orgId: ok.body.id, roles: ['UNION_MEDIATOR'], password });
    expect(u.status).toBe(201);
    expect(u.body).toMatchObject({ orgId: ok.body.id, regionCode: '420302003', agency: 'UNION' });
  });
});

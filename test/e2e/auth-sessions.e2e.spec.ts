import { APP_CONFIG, type AppConfig } from '@tiaojie/config';
import { IdentityTypeormRepository } from '@tiaojie/persistence';
import { createHmac, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ApiClient, startApi, type RunningApi } from '../support/harness';

/**
 * API.md "Accounts and sessions", DESIGN §6: HS256-pinned JWTs, refresh tokens kept server-side and
 * rotated (reuse revokes the family), logout, password change. Login is throttled (10/min per
 * client), so each user logs in only a few times in this suite.
 */
const b64 = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');
const decode = (token: string) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
function signJwt(payload: object, secret: string, alg: 'HS256' | 'HS512' = 'HS256'): string {
  const head = `${b64({ alg, typ: 'JWT' })}.${b64(payload)}`;
  const sig = createHmac(alg === 'HS256' ? 'sha256' : 'sha512', secret).update(head).digest('base64url');
  return `${head}.${sig}`;
}

describe('accounts and sessions', () => {
  let api: RunningApi;
  let anon: ApiClient;
  let admin: ApiClient;
  let secret: string;
  let repo: IdentityTypeormRepository;
  const username = `sess-${randomUUID().slice(0, 8)}`;
  const password = 'first-password-1';
  const newPassword = 'second-password-2';

  const login = (u: string, p: string) => anon.post('/api/auth/login', { username: u, password: p });
  const me = (token: string) => new ApiClient(api.url, token).get('/api/me');
  const refresh = (token: string) => anon.post('/api/auth/refresh', { refreshToken: token });

  beforeAll(async () => {
    api = await startApi({ PASSWORD_HASH_COST: '10' });
    anon = new ApiClient(api.url);
    admin = await ApiClient.login(api.url, 'admin');
    secret = api.app.get<AppConfig>(APP_CONFIG).jwtSecret;
    repo = api.app.get(IdentityTypeormRepository);
    const orgs = (await admin.get('/api/admin/orgs')).body as { id: string; agency: string; tier: string }[];
    const org = orgs.find((o) => o.agency === 'UNION' && o.tier === 'COUNTY')!;
    const created = await admin.post('/api/admin/users', { username, displayName: '测试用户', orgId: org.id, roles: ['UNION_MEDIATOR'], password });
    expect(created.status).toBe(201);
  });
  afterAll(() => api.close());

  describe('JWT pinning', () => {
    let session: { accessToken: string; refreshToken: string };
    beforeAll(async () => {
      const r = await login(username, password);
      expect(r.status).toBe(200);
      session = r.body;
      expect((await me(session.accessToken)).status).toBe(200);
    });

    it('refuses a token with alg "none"', async () => {
      const claims = decode(session.accessToken);
      const none = `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`;
      const r = await me(none);
      expect(r.status).toBe(401);
      expect(r.body.code).toBe('INVALID_TOKEN');
    });

    it('refuses a token signed with another key, and another HMAC algorithm with our key', async () => {
      const claims = decode(session.accessToken);
      expect((await me(signJwt(claims, 'some-other-secret-of-at-least-32-chars!!'))).status).toBe(401);
      expect((await me(signJwt(claims, secret, 'HS512'))).status).toBe(401);
      // Control: the same claims signed HS256 with our key pass, so the refusals above are about key and alg.
      expect((await me(signJwt(claims, secret))).status).toBe(200);
    });

    it('refuses an access token used as a refresh token, and a refresh token used as an access token', async () => {
      expect((await refresh(session.accessToken)).status).toBe(401);
      expect((await me(session.refreshToken)).status).toBe(401);
      expect((await anon.post('/api/auth/logout', { refreshToken: session.accessToken })).status).toBe(401);
    });

    it('refuses expired access and refresh tokens', async () => {
      const now = Math.floor(Date.now() / 1000);
      const access = { ...decode(session.accessToken), iat: now - 3600, exp: now - 60 };
      expect((await me(signJwt(access, secret))).status).toBe(401);
      const ref = { ...decode(session.refreshToken), iat: now - 3600, exp: now - 60 };
      expect((await refresh(signJwt(ref, secret))).status).toBe(401);
    });

    it('refuses a well-signed refresh token that was never issued', async () => {
      const forged = { ...decode(session.refreshToken), jti: randomUUID() };
      expect((await refresh(signJwt(forged, secret))).status).toBe(401);
    });
  });

  describe('refresh rotation', () => {
    it('rotates: the old refresh token is refused afterwards and its whole family is revoked', async () => {
      const first = (await login(username, password)).body;
      const r1 = await refresh(first.refreshToken);
      expect(r1.status).toBe(200);
      expect(r1.body.refreshToken).not.toBe(first.refreshToken);
      expect((await me(r1.body.accessToken)).status).toBe(200);
      const oldRow = await repo.findRefreshToken(decode(first.refreshToken).jti);
      expect(oldRow).toMatchObject({ revokeReason: 'ROTATED', replacedBy: decode(r1.body.refreshToken).jti });

      const r2 = await refresh(r1.body.refreshToken);
      expect(r2.status).toBe(200);

      // Presenting the rotated token again: theft suspected, 401, and the live descendant dies too.
      const replay = await refresh(first.refreshToken);
      expect(replay.status).toBe(401);
      expect(replay.body.code).toBe('INVALID_TOKEN');
      const latest = await repo.findRefreshToken(decode(r2.body.refreshToken).jti);
      expect(latest).toMatchObject({ revokeReason: 'REUSE_DETECTED' });
      expect(latest!.revokedAt).not.toBeNull();
      expect((await refresh(r2.body.refreshToken)).status).toBe(401);
    });
  });

  describe('logout', () => {
    it('revokes the refresh token (and what was rotated from it); answers 204, also when repeated', async () => {
      const s = (await login(username, password)).body;
      const rotated = (await refresh(s.refreshToken)).body;
      const out = await anon.post('/api/auth/logout', { refreshToken: rotated.refreshToken });
      expect(out.status).toBe(204);
      expect((await refresh(rotated.refreshToken)).status).toBe(401);
      expect((await repo.findRefreshToken(decode(rotated.refreshToken).jti))!.revokeReason).toBe('LOGOUT');
      expect((await anon.post('/api/auth/logout', { refreshToken: rotated.refreshToken })).status).toBe(204);
      expect((await anon.post('/api/auth/logout', { refreshToken: rotated.refreshToken, extra: 1 })).status).toBe(400);
    });
  });

  describe('password change', () => {
    it('validates, ends every other session, and the new password works', async () => {
      const mine = (await login(username, password)).body;
      const other = (await login(username, password)).body;
      const client = new ApiClient(api.url, mine.accessToken);

      const wrong = await client.post('/api/me/password', { currentPassword: 'not-my-password', newPassword });
      expect(wrong.status).toBe(400);
      expect(wrong.body.errors).toEqual([expect.objectContaining({ field: 'currentPassword' })]);
      const same = await client.post('/api/me/password', { currentPassword: password, newPassword: password });
      expect(same.status).toBe(400);
      expect(same.body.errors).toEqual([expect.objectContaining({ field: 'newPassword' })]);
      const short = await client.post('/api/me/password', { currentPassword: password, newPassword: 'short' });
      expect(short.status).toBe(400);
      expect(short.body.errors).toEqual([expect.objectContaining({ field: 'newPassword' })]);

      const ok = await client.post('/api/me/password', { currentPassword: password, newPassword });
      expect(ok.status).toBe(200);
      expect(ok.body.accessToken).toEqual(expect.any(String));

      // Every earlier session is over: refresh tokens revoked, access tokens refused at once.
      expect((await refresh(other.refreshToken)).status).toBe(401);
      expect((await me(other.accessToken)).status).toBe(401);
      expect((await me(mine.accessToken)).status).toBe(401);
      expect((await repo.findRefreshToken(decode(other.refreshToken).jti))!.revokeReason).toBe('PASSWORD_CHANGED');
      // The answer is a fresh session for the caller.
      expect((await me(ok.body.accessToken)).status).toBe(200);
      expect((await refresh(ok.body.refreshToken)).status).toBe(200);

      const old = await login(username, password);
      expect(old.status).toBe(401);
      expect(old.body.code).toBe('INVALID_CREDENTIALS');
      // The same answer as for a user that does not exist.
      const unknown = await login(`nobody-${randomUUID().slice(0, 8)}`, password);
      expect({ ...unknown.body, requestId: undefined }).toEqual({ ...old.body, requestId: undefined });
      expect((await login(username, newPassword)).status).toBe(200);

      const ds = api.app.get(DataSource);
      const userId = decode(ok.body.accessToken).sub;
      const audited: { action: string }[] = await ds.query(`SELECT action FROM audit_log WHERE target_id = $1 ORDER BY seq`, [userId]);
      expect(audited.map((r) => r.action)).toEqual(expect.arrayContaining(['LOGIN_SUCCEEDED', 'LOGIN_FAILED', 'LOGOUT', 'PASSWORD_CHANGED']));
    });
  });
});

import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { APP_CONFIG, type AppConfig } from '@tiaojie/config';
import { ValidationError, type Agency, type Role } from '@tiaojie/domain';
import { IdentityTypeormRepository, type UserRecord } from '@tiaojie/persistence';
import { compare, hash } from 'bcryptjs';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { AccessClaims, LoginResult, RefreshClaims, UserView } from './auth.types';
import { IDENTITY_AUDIT, type IdentityAuditEntry, type IdentityAuditSink } from './identity-audit';

export class InvalidCredentialsError extends Error {
  readonly code = 'INVALID_CREDENTIALS';
  constructor() {
    super('wrong username or password');
  }
}

export class InvalidTokenError extends Error {
  readonly code = 'INVALID_TOKEN';
  constructor() {
    super('the token is invalid or has expired');
  }
}

/** JWTs are HS256 only: the algorithm is pinned on both sign and verify. */
export const JWT_ALGORITHM = 'HS256' as const;

@Injectable()
export class AuthService {
  /**
   * A hash of a random secret at the configured cost, compared against when the user is unknown, so
   * an unknown user and a wrong password take as long and answer the same.
   */
  private dummyHash?: Promise<string>;
  private readonly log = new Logger(AuthService.name);

  constructor(
    private readonly identity: IdentityTypeormRepository,
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Optional() @Inject(IDENTITY_AUDIT) private readonly audit?: IdentityAuditSink,
  ) {}

  hashPassword(password: string): Promise<string> {
    return hash(password, this.config.passwordHashCost);
  }

  private dummy(): Promise<string> {
    this.dummyHash ??= hash(randomBytes(18).toString('base64'), this.config.passwordHashCost);
    return this.dummyHash;
  }

  async login(username: string, password: string): Promise<LoginResult> {
    const user = await this.identity.findUserByUsername(username);
    const ok = await compare(password, user?.passwordHash ?? (await this.dummy()));
    // A disabled account answers exactly like a wrong password.
    if (!user || !ok || !user.active) {
      // Audited by the SHA-256 of the name tried, never the name; `record` logs (never throws) if the append fails.
      const details = { usernameSha256: createHash('sha256').update(username, 'utf8').digest('hex'), reason: !user ? 'UNKNOWN_USER' : !ok ? 'WRONG_PASSWORD' : 'INACTIVE' };
      await this.record({ actorId: null, action: 'LOGIN_FAILED', targetType: 'user', targetId: user?.id ?? null, details });
      throw new InvalidCredentialsError();
    }
    // No login succeeds without its audit record: if the append fails, so does the login.
    await this.audit?.recordOutside({ actorId: user.id, actorName: user.displayName, action: 'LOGIN_SUCCEEDED', targetType: 'user', targetId: user.id });
    return this.startSession(user);
  }

  async refresh(refreshToken: string): Promise<LoginResult> {
    const claims = await this.verifyRefresh(refreshToken, false);
    const user = await this.identity.findUserById(claims.sub);
    if (!user || !user.active) throw new InvalidTokenError();
    const next = randomUUID();
    const r = await this.identity.rotateRefreshToken(claims.jti, user.id, next, this.config.refreshTokenTtlSeconds);
    if (r.outcome === 'REUSED') {
      await this.record({ actorId: user.id, action: 'REFRESH_TOKEN_REUSED', targetType: 'user', targetId: user.id, details: { familyId: claims.fam } });
      throw new InvalidTokenError();
    }
    if (r.outcome !== 'ROTATED') throw new InvalidTokenError();
    return this.issue(user, next, r.familyId);
  }

  /** Ends the session the refresh token belongs to (its whole rotation family). Idempotent. */
  async logout(refreshToken: string): Promise<void> {
    const claims = await this.verifyRefresh(refreshToken, true);
    const found = await this.identity.revokeRefreshFamily(claims.jti, claims.sub, 'LOGOUT');
    if (!found) throw new InvalidTokenError();
    await this.record({ actorId: claims.sub, action: 'LOGOUT', targetType: 'user', targetId: claims.sub, details: { familyId: claims.fam } });
  }

  /**
   * The user changes their own password: every session of theirs ends (refresh tokens revoked, access
   * tokens stop at once); the answer is a fresh session for the caller.
   */
  async changePassword(userId: string, currentPassword: string, newPassword: string): Promise<LoginResult> {
    const user = await this.identity.findUserById(userId);
    if (!user || !user.active) throw new InvalidTokenError();
    if (!(await compare(currentPassword, user.passwordHash))) {
      throw new ValidationError([{ field: 'currentPassword', message: 'is not your current password' }]);
    }
    if (newPassword === currentPassword) {
      throw new ValidationError([{ field: 'newPassword', message: 'must differ from the current password' }]);
    }
    await this.identity.setPassword(user.id, await this.hashPassword(newPassword), 'PASSWORD_CHANGED');
    await this.record({ actorId: user.id, action: 'PASSWORD_CHANGED', targetType: 'user', targetId: user.id });
    const fresh = await this.identity.findUserById(user.id);
    if (!fresh) throw new InvalidTokenError();
    return this.startSession(fresh);
  }

  /**
   * Verifies an access token (HS256 only, `typ: access`) and that it still stands: the user exists,
   * is active, and the token carries their current token version (a primary-key lookup per request).
   */
  async verifyAccess(token: string): Promise<AccessClaims> {
    let claims: AccessClaims;
    try {
      claims = await this.jwt.verifyAsync<AccessClaims>(token, { algorithms: [JWT_ALGORITHM] });
    } catch {
      throw new InvalidTokenError();
    }
    if (claims.typ !== 'access' || typeof claims.sub !== 'string' || typeof claims.ver !== 'number') throw new InvalidTokenError();
    const state = await this.identity.sessionState(claims.sub);
    if (!state || !state.active || state.tokenVersion !== claims.ver) throw new InvalidTokenError();
    return claims;
  }

  async userView(userId: string): Promise<UserView | null> {
    const user = await this.identity.findUserById(userId);
    return user ? this.view(user) : null;
  }

  /** Records an identity event in the audit trail where one is bound; never fails the caller's request. */
  async record(entry: IdentityAuditEntry): Promise<void> {
    if (!this.audit) return;
    try {
      await this.audit.recordOutside(entry);
    } catch (e) {
      // The change itself has committed; say that its audit entry is missing (by error name only).
      this.log.error(`audit entry ${entry.action} not recorded: ${(e as Error)?.name ?? 'error'}`);
    }
  }

  private async verifyRefresh(token: string, ignoreExpiration: boolean): Promise<RefreshClaims> {
    let claims: RefreshClaims;
    try {
      claims = await this.jwt.verifyAsync<RefreshClaims>(token, { algorithms: [JWT_ALGORITHM], ignoreExpiration });
    } catch {
      throw new InvalidTokenError();
    }
    if (claims.typ !== 'refresh' || typeof claims.sub !== 'string' || typeof claims.jti !== 'string') throw new InvalidTokenError();
    return claims;
  }

  private async view(user: UserRecord): Promise<UserView> {
    const org = await this.identity.findOrgById(user.orgId);
    return {
      id: user.id,
      username: user.username,
      displayName: user.displayName,
      orgId: user.orgId,
      orgName: org?.name ?? '',
      agency: (org?.agency ?? 'UNION') as Agency,
      roles: user.roles as Role[],
      regionCode: org?.regionCode ?? '',
    };
  }

  /** A new session: a new refresh-token family, stored before the tokens are handed out. */
  private async startSession(user: UserRecord): Promise<LoginResult> {
    const jti = randomUUID();
    const familyId = randomUUID();
    await this.identity.insertRefreshToken({ id: jti, userId: user.id, familyId, ttlSeconds: this.config.refreshTokenTtlSeconds });
    return this.issue(user, jti, familyId);
  }

  private async issue(user: UserRecord, refreshJti: string, familyId: string): Promise<LoginResult> {
    const view = await this.view(user);
    const claims: AccessClaims = {
      sub: user.id,
      typ: 'access',
      ver: user.tokenVersion,
      username: user.username,
      name: user.displayName,
      orgId: view.orgId,
      orgName: view.orgName,
      agency: view.agency,
      roles: view.roles,
      regionCode: view.regionCode,
    };
    const accessToken = await this.jwt.signAsync(claims, {
      algorithm: JWT_ALGORITHM,
      expiresIn: this.config.accessTokenTtlSeconds,
      jwtid: randomUUID(),
    });
    const refreshToken = await this.jwt.signAsync(
      { sub: user.id, typ: 'refresh', fam: familyId },
      { algorithm: JWT_ALGORITHM, expiresIn: this.config.refreshTokenTtlSeconds, jwtid: refreshJti },
    );
    return { accessToken, refreshToken, expiresIn: this.config.accessTokenTtlSeconds, user: view };
  }
}

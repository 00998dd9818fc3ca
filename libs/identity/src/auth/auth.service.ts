import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { APP_CONFIG, type AppConfig } from '@tiaojie/config';
import type { Agency, Role } from '@tiaojie/domain';
import { IdentityTypeormRepository, type UserRecord } from '@tiaojie/persistence';
import { compare } from 'bcryptjs';
import { randomUUID } from 'node:crypto';
import type { AccessClaims, LoginResult, UserView } from './auth.types';

/** A bcrypt hash of a random string: compared against when the user is unknown, so both failures take as long. */
const DUMMY_HASH = '$2b$10$CwTycUXWue0Thq9StjUM0uJ8.3KqM6V2tH0oG5p8n3iQdJkC9mWbK';

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
  constructor(
    private readonly identity: IdentityTypeormRepository,
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async login(username: string, password: string): Promise<LoginResult> {
    const user = await this.identity.findUserByUsername(username);
    const ok = await compare(password, user?.passwordHash ?? DUMMY_HASH);
    if (!user || !ok || !user.active) throw new InvalidCredentialsError();
    return this.issue(user);
  }

  async refresh(refreshToken: string): Promise<LoginResult> {
    let claims: { sub: string; typ: string };
    try {
      claims = await this.jwt.verifyAsync(refreshToken, { algorithms: [JWT_ALGORITHM] });
    } catch {
      throw new InvalidTokenError();
    }
    if (claims.typ !== 'refresh') throw new InvalidTokenError();
    const user = await this.identity.findUserById(claims.sub);
    if (!user || !user.active) throw new InvalidTokenError();
    return this.issue(user);
  }

  async verifyAccess(token: string): Promise<AccessClaims> {
    try {
      const claims = await this.jwt.verifyAsync<AccessClaims>(token, { algorithms: [JWT_ALGORITHM] });
      if (claims.typ !== 'access') throw new InvalidTokenError();
      return claims;
    } catch {
      throw new InvalidTokenError();
    }
  }

  async userView(userId: string): Promise<UserView | null> {
    const user = await this.identity.findUserById(userId);
    return user ? this.view(user) : null;
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

  private async issue(user: UserRecord): Promise<LoginResult> {
    const view = await this.view(user);
    const claims: AccessClaims = {
      sub: user.id,
      typ: 'access',
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
      { sub: user.id, typ: 'refresh' },
      { algorithm: JWT_ALGORITHM, expiresIn: this.config.refreshTokenTtlSeconds, jwtid: randomUUID() },
    );
    return { accessToken, refreshToken, expiresIn: this.config.accessTokenTtlSeconds, user: view };
  }
}

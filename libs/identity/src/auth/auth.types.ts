import type { Agency, Role } from '@tiaojie/domain';

/** What a signed access token says about its holder (no personal data beyond the display name). */
export interface AccessClaims {
  sub: string;
  typ: 'access';
  /** The user's token version when issued: a bump (disable, password reset, role change) voids the token. */
  ver: number;
  username: string;
  name: string;
  orgId: string;
  orgName: string;
  agency: Agency;
  roles: Role[];
  regionCode: string;
}

/** A refresh token's claims; `jti` is the refresh_tokens row id, `fam` its rotation family. */
export interface RefreshClaims {
  sub: string;
  typ: 'refresh';
  jti: string;
  fam: string;
}

export interface UserView {
  id: string;
  username: string;
  displayName: string;
  orgId: string;
  orgName: string;
  agency: Agency;
  roles: Role[];
  regionCode: string;
}

export interface LoginResult {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  user: UserView;
}

import type { Agency, Role } from '@tiaojie/domain';

/** What a signed access token says about its holder (no personal data beyond the display name). */
export interface AccessClaims {
  sub: string;
  typ: 'access';
  username: string;
  name: string;
  orgId: string;
  orgName: string;
  agency: Agency;
  roles: Role[];
  regionCode: string;
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

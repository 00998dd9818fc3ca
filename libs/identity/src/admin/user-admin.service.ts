import { Injectable } from '@nestjs/common';
import { NotFoundError, ValidationError, type Agency, type Role } from '@tiaojie/domain';
import { IdentityTypeormRepository, type OrgRecord, type UserPatch, type UserRecord } from '@tiaojie/persistence';
import { randomUUID } from 'node:crypto';
import { AuthService } from '../auth/auth.service';

/** Organisation tiers the schema allows (orgs.tier); STATION is a union's migrant-worker station. */
export const ORG_TIERS = ['CITY', 'COUNTY', 'TOWNSHIP', 'VILLAGE', 'STATION'] as const;
/** A 6-digit county-level code, optionally + 3 digits (township) + 3 digits (village). */
export const REGION_CODE = /^[0-9]{6}([0-9]{3}([0-9]{3})?)?$/;

export class UsernameTakenError extends Error {
  readonly code = 'USERNAME_TAKEN';
  constructor() {
    super('that username is taken');
  }
}

/** An admin may not lock themselves out (disable themselves or drop their own ADMIN role). */
export class SelfLockoutError extends Error {
  readonly code = 'SELF_LOCKOUT';
  constructor() {
    super('you cannot disable yourself or remove your own ADMIN role; ask another admin');
  }
}

export interface AdminUserView {
  id: string;
  username: string;
  displayName: string;
  orgId: string;
  orgName: string;
  agency: Agency | null;
  regionCode: string;
  roles: Role[];
  active: boolean;
  /** Work address for notices by e-mail, or null. */
  email: string | null;
  createdAt: string | null;
}

export interface Actor {
  id: string;
  displayName: string;
}

export interface NewUserInput {
  username: string;
  displayName: string;
  orgId: string;
  roles: Role[];
  password: string;
  email?: string | null;
}

export interface NewOrgInput {
  name: string;
  agency: Agency;
  regionCode: string;
  tier: (typeof ORG_TIERS)[number];
  parentId?: string | null;
}

/** Users and organisations managed by admins (DESIGN §6); every change is audited. */
@Injectable()
export class UserAdminService {
  constructor(
    private readonly identity: IdentityTypeormRepository,
    private readonly auth: AuthService,
  ) {}

  async listUsers(): Promise<AdminUserView[]> {
    const [users, orgs] = await Promise.all([this.identity.listUsers(), this.identity.findOrgs({})]);
    const byId = new Map(orgs.map((o) => [o.id, o]));
    return users.map((u) => this.view(u, byId.get(u.orgId)));
  }

  async getUser(id: string): Promise<AdminUserView> {
    const u = await this.identity.findUserById(id);
    if (!u) throw new NotFoundError('user');
    return this.view(u, (await this.identity.findOrgById(u.orgId)) ?? undefined);
  }

  async createUser(input: NewUserInput, actor: Actor): Promise<AdminUserView> {
    await this.requireOrg(input.orgId, 'orgId');
    const id = randomUUID();
    const created = await this.identity.insertUser({
      id,
      username: input.username,
      displayName: input.displayName,
      passwordHash: await this.auth.hashPassword(input.password),
      orgId: input.orgId,
      roles: input.roles,
      active: true,
      locale: 'zh-CN',
      email: input.email ?? null,
    });
    if (!created) throw new UsernameTakenError();
    await this.auth.record({ actorId: actor.id, actorName: actor.displayName, action: 'ADMIN_USER_CREATED', targetType: 'user', targetId: id, details: { orgId: input.orgId, roles: input.roles } });
    return this.getUser(id);
  }

  /**
   * Changes a user. Disabling revokes every session at once; a change of roles or organisation voids
   * the access tokens (which carry them), so the next refresh picks up the new ones.
   */
  async updateUser(id: string, patch: UserPatch, actor: Actor): Promise<AdminUserView> {
    const before = await this.identity.findUserById(id);
    if (!before) throw new NotFoundError('user');
    if (patch.orgId !== undefined) await this.requireOrg(patch.orgId, 'orgId');
    if (id === actor.id && (patch.active === false || (patch.roles && !patch.roles.includes('ADMIN')))) throw new SelfLockoutError();
    const disabling = patch.active === false && before.active;
    const rolesChanged = patch.roles !== undefined && [...patch.roles].sort().join() !== [...before.roles].sort().join();
    const orgChanged = patch.orgId !== undefined && patch.orgId !== before.orgId;
    await this.identity.updateUser(id, patch, {
      bumpTokenVersion: disabling || rolesChanged || orgChanged,
      revoke: disabling ? 'USER_DISABLED' : undefined,
    });
    const action = disabling ? 'ADMIN_USER_DISABLED' : patch.active === true && !before.active ? 'ADMIN_USER_ENABLED' : 'ADMIN_USER_UPDATED';
    await this.auth.record({
      actorId: actor.id,
      actorName: actor.displayName,
      action,
      targetType: 'user',
      targetId: id,
      details: { fields: Object.keys(patch).sort(), ...(rolesChanged ? { roles: patch.roles } : {}), ...(orgChanged ? { orgId: patch.orgId } : {}) },
    });
    return this.getUser(id);
  }

  /** Sets a user's password (a reset by an admin): every session of theirs ends. */
  async resetPassword(id: string, newPassword: string, actor: Actor): Promise<void> {
    const done = await this.identity.setPassword(id, await this.auth.hashPassword(newPassword), 'PASSWORD_RESET');
    if (!done) throw new NotFoundError('user');
    await this.auth.record({ actorId: actor.id, actorName: actor.displayName, action: 'ADMIN_PASSWORD_RESET', targetType: 'user', targetId: id });
  }

  listOrgs(): Promise<OrgRecord[]> {
    return this.identity.findOrgs({});
  }

  async createOrg(input: NewOrgInput, actor: Actor): Promise<OrgRecord> {
    if (input.parentId) {
      const parent = await this.requireOrg(input.parentId, 'parentId');
      if (parent.agency !== input.agency) {
        throw new ValidationError([{ field: 'parentId', message: `the parent belongs to ${parent.agency}; an organisation's parent is of the same body` }]);
      }
    }
    const org: OrgRecord = { id: randomUUID(), name: input.name, agency: input.agency, regionCode: input.regionCode, tier: input.tier, parentId: input.parentId ?? null };
    await this.identity.insertOrg(org);
    await this.auth.record({ actorId: actor.id, actorName: actor.displayName, action: 'ADMIN_ORG_CREATED', targetType: 'org', targetId: org.id, details: { agency: org.agency, tier: org.tier, parentId: org.parentId } });
    return org;
  }

  private async requireOrg(id: string, field: string): Promise<OrgRecord> {
    const org = await this.identity.findOrgById(id);
    if (!org) throw new ValidationError([{ field, message: 'no such organisation' }]);
    return org;
  }

  private view(u: UserRecord, org: OrgRecord | undefined): AdminUserView {
    return {
      id: u.id,
      username: u.username,
      displayName: u.displayName,
      orgId: u.orgId,
      orgName: org?.name ?? '',
      agency: (org?.agency as Agency | undefined) ?? null,
      regionCode: org?.regionCode ?? '',
      roles: u.roles as Role[],
      active: u.active,
      email: u.email ?? null,
      createdAt: u.createdAt ? u.createdAt.toISOString() : null,
    };
  }
}

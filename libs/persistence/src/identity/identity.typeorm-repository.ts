import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, In, Repository } from 'typeorm';
import { TransactionRunner, txOf, type Tx } from '../transaction';
import { OrgOrmEntity } from './org.orm-entity';
import { UserOrmEntity } from './user.orm-entity';

export interface UserRecord {
  id: string;
  username: string;
  displayName: string;
  passwordHash: string;
  orgId: string;
  roles: string[];
  active: boolean;
  locale: string;
  /** A work address for notices by e-mail (managers, receiving organisations); null when none. */
  email?: string | null;
  /** Bumped whenever the user's access tokens must stop working (disable, password reset, role/org change). */
  tokenVersion: number;
  createdAt?: Date;
}

/** What the demo seeder writes: never the token version, so re-seeding does not revive old tokens. */
export type UserSeedRecord = Omit<UserRecord, 'tokenVersion' | 'createdAt'>;

export interface OrgRecord {
  id: string;
  name: string;
  agency: string;
  regionCode: string;
  tier: string;
  parentId: string | null;
}

/** Why a refresh token stopped working (refresh_tokens.revoke_reason). */
export type RevokeReason = 'ROTATED' | 'REUSE_DETECTED' | 'LOGOUT' | 'PASSWORD_CHANGED' | 'PASSWORD_RESET' | 'USER_DISABLED';

export interface UserPatch {
  displayName?: string;
  roles?: string[];
  orgId?: string;
  active?: boolean;
  /** A new work address, or null to remove it. */
  email?: string | null;
}

/** Outcome of presenting a refresh token for rotation. */
export type RotateOutcome =
  | { outcome: 'ROTATED'; familyId: string }
  /** The token had already been used or revoked: its whole family is now revoked (theft detection). */
  | { outcome: 'REUSED' }
  /** Unknown, expired, or not this user's. */
  | { outcome: 'INVALID' };

const toUser = (u: UserOrmEntity): UserRecord => ({
  id: u.id,
  username: u.username,
  displayName: u.displayName,
  passwordHash: u.passwordHash,
  orgId: u.orgId,
  roles: u.roles,
  active: u.active,
  locale: u.locale,
  email: u.email,
  tokenVersion: u.tokenVersion,
  createdAt: u.createdAt,
});
const toOrg = (o: OrgOrmEntity): OrgRecord => ({
  id: o.id,
  name: o.name,
  agency: o.agency,
  regionCode: o.regionCode,
  tier: o.tier,
  parentId: o.parentId,
});

/** Revokes every live refresh token of a user; times come from PostgreSQL, as do the JWTs' (wall clock). */
const revokeAllOfUser = (tx: Tx, userId: string, reason: RevokeReason) =>
  tx.query(`UPDATE refresh_tokens SET revoked_at = now(), revoke_reason = $2 WHERE user_id = $1 AND revoked_at IS NULL RETURNING id`, [userId, reason]);

@Injectable()
export class IdentityTypeormRepository {
  constructor(
    @InjectRepository(UserOrmEntity) private readonly users: Repository<UserOrmEntity>,
    @InjectRepository(OrgOrmEntity) private readonly orgs: Repository<OrgOrmEntity>,
    private readonly ds: DataSource,
    private readonly runner: TransactionRunner,
  ) {}

  private transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.ds.transaction((m) => work(txOf(m)));
  }

  async findUserByUsername(username: string): Promise<UserRecord | null> {
    const u = await this.users.findOneBy({ username });
    return u ? toUser(u) : null;
  }

  async findUserById(id: string): Promise<UserRecord | null> {
    const u = await this.users.findOneBy({ id });
    return u ? toUser(u) : null;
  }

  async findUsersByIds(ids: string[]): Promise<UserRecord[]> {
    if (ids.length === 0) return [];
    return (await this.users.findBy({ id: In(ids) })).map(toUser);
  }

  async listUsers(): Promise<UserRecord[]> {
    return (await this.users.find({ order: { username: 'ASC' } })).map(toUser);
  }

  /** The per-request check behind every access token: a primary-key lookup of two columns. */
  async sessionState(userId: string): Promise<{ active: boolean; tokenVersion: number } | null> {
    const rows = await this.runner.hotReader.query<{ active: boolean; token_version: number }>(
      `SELECT active, token_version FROM users WHERE id = $1`,
      [userId],
    );
    return rows[0] ? { active: rows[0].active, tokenVersion: rows[0].token_version } : null;
  }

  async findOrgById(id: string): Promise<OrgRecord | null> {
    const o = await this.orgs.findOneBy({ id });
    return o ? toOrg(o) : null;
  }

  async findOrgs(filter: { agency?: string; regionCode?: string }): Promise<OrgRecord[]> {
    const qb = this.orgs.createQueryBuilder('o').orderBy('o.region_code').addOrderBy('o.name');
    if (filter.agency) qb.andWhere('o.agency = :agency', { agency: filter.agency });
    if (filter.regionCode) qb.andWhere('o.region_code LIKE :rc', { rc: `${filter.regionCode}%` });
    return (await qb.getMany()).map(toOrg);
  }

  async upsertOrg(o: OrgRecord): Promise<void> {
    await this.orgs.upsert({ ...o }, ['id']);
  }

  async insertOrg(o: OrgRecord): Promise<void> {
    await this.orgs.insert({ ...o });
  }

  async upsertUser(u: UserSeedRecord): Promise<void> {
    await this.users.upsert({ ...u }, ['id']);
  }

  /** Inserts a new user; false when the username is taken. */
  async insertUser(u: UserSeedRecord): Promise<boolean> {
    const rows = await txOf(this.ds.manager).query(
      `INSERT INTO users (id, username, display_name, password_hash, org_id, roles, active, locale, email, password_changed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, now()) ON CONFLICT (username) DO NOTHING RETURNING id`,
      [u.id, u.username, u.displayName, u.passwordHash, u.orgId, u.roles, u.active, u.locale, u.email ?? null],
    );
    return rows.length === 1;
  }

  /**
   * Applies an admin's change. With `bumpTokenVersion` the user's access tokens stop working at once;
   * with `revoke` every refresh token of theirs is revoked too. False when there is no such user.
   */
  async updateUser(id: string, patch: UserPatch, opts: { bumpTokenVersion: boolean; revoke?: RevokeReason }): Promise<boolean> {
    return this.transaction(async (tx) => {
      const rows = await tx.query(
        `UPDATE users SET
           display_name = COALESCE($2, display_name),
           roles = COALESCE($3::text[], roles),
           org_id = COALESCE($4::uuid, org_id),
           active = COALESCE($5::boolean, active),
           email = CASE WHEN $7::boolean THEN $8::text ELSE email END,
           token_version = token_version + $6,
           updated_at = now()
         WHERE id = $1 RETURNING id`,
        [id, patch.displayName ?? null, patch.roles ?? null, patch.orgId ?? null, patch.active ?? null, opts.bumpTokenVersion ? 1 : 0, patch.email !== undefined, patch.email ?? null],
      );
      if (rows.length === 0) return false;
      if (opts.revoke) await revokeAllOfUser(tx, id, opts.revoke);
      return true;
    });
  }

  /** Sets a new password hash, ends every session of the user (refresh tokens and access tokens). */
  async setPassword(id: string, passwordHash: string, reason: 'PASSWORD_CHANGED' | 'PASSWORD_RESET'): Promise<boolean> {
    return this.transaction(async (tx) => {
      const rows = await tx.query(
        `UPDATE users SET password_hash = $2, password_changed_at = now(), updated_at = now(), token_version = token_version + 1
         WHERE id = $1 RETURNING id`,
        [id, passwordHash],
      );
      if (rows.length === 0) return false;
      await revokeAllOfUser(tx, id, reason);
      return true;
    });
  }

  async insertRefreshToken(t: { id: string; userId: string; familyId: string; ttlSeconds: number }): Promise<void> {
    await txOf(this.ds.manager).query(
      `INSERT INTO refresh_tokens (id, user_id, family_id, issued_at, expires_at)
       VALUES ($1, $2, $3, now(), now() + make_interval(secs => $4))`,
      [t.id, t.userId, t.familyId, t.ttlSeconds],
    );
  }

  /**
   * Rotation: the presented token (locked) is revoked and replaced by `newId` in the same family.
   * A token presented again after it was rotated or revoked revokes its whole family (and the
   * revocation commits even though the caller is refused).
   */
  async rotateRefreshToken(oldId: string, userId: string, newId: string, ttlSeconds: number): Promise<RotateOutcome> {
    return this.transaction(async (tx) => {
      const [row] = await tx.query<{ user_id: string; family_id: string; revoked: boolean; expired: boolean }>(
        `SELECT user_id, family_id, revoked_at IS NOT NULL AS revoked, expires_at <= now() AS expired
         FROM refresh_tokens WHERE id = $1 FOR UPDATE`,
        [oldId],
      );
      if (!row || row.user_id !== userId) return { outcome: 'INVALID' } as const;
      if (row.revoked) {
        await tx.query(
          `UPDATE refresh_tokens SET revoked_at = now(), revoke_reason = 'REUSE_DETECTED' WHERE family_id = $1 AND revoked_at IS NULL`,
          [row.family_id],
        );
        return { outcome: 'REUSED' } as const;
      }
      if (row.expired) return { outcome: 'INVALID' } as const;
      await tx.query(
        `INSERT INTO refresh_tokens (id, user_id, family_id, issued_at, expires_at)
         VALUES ($1, $2, $3, now(), now() + make_interval(secs => $4))`,
        [newId, userId, row.family_id, ttlSeconds],
      );
      await tx.query(`UPDATE refresh_tokens SET revoked_at = now(), revoke_reason = 'ROTATED', replaced_by = $2 WHERE id = $1`, [oldId, newId]);
      return { outcome: 'ROTATED', familyId: row.family_id } as const;
    });
  }

  /** Logout: revokes the token's whole family (the session). False when the token is unknown or not this user's. */
  async revokeRefreshFamily(tokenId: string, userId: string, reason: RevokeReason): Promise<boolean> {
    return this.transaction(async (tx) => {
      const [row] = await tx.query<{ family_id: string }>(`SELECT family_id FROM refresh_tokens WHERE id = $1 AND user_id = $2`, [tokenId, userId]);
      if (!row) return false;
      await tx.query(`UPDATE refresh_tokens SET revoked_at = now(), revoke_reason = $2 WHERE family_id = $1 AND revoked_at IS NULL`, [row.family_id, reason]);
      return true;
    });
  }

  /** For tests and operators: a refresh token's stored state. */
  async findRefreshToken(id: string): Promise<{ id: string; userId: string; familyId: string; revokedAt: Date | null; replacedBy: string | null; revokeReason: RevokeReason | null } | null> {
    const [r] = await txOf(this.ds.manager).query<{ id: string; user_id: string; family_id: string; revoked_at: Date | null; replaced_by: string | null; revoke_reason: RevokeReason | null }>(
      `SELECT id, user_id, family_id, revoked_at, replaced_by, revoke_reason FROM refresh_tokens WHERE id = $1`,
      [id],
    );
    return r ? { id: r.id, userId: r.user_id, familyId: r.family_id, revokedAt: r.revoked_at, replacedBy: r.replaced_by, revokeReason: r.revoke_reason } : null;
  }
}

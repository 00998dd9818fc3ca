import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
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
}

export interface OrgRecord {
  id: string;
  name: string;
  agency: string;
  regionCode: string;
  tier: string;
  parentId: string | null;
}

const toUser = (u: UserOrmEntity): UserRecord => ({
  id: u.id,
  username: u.username,
  displayName: u.displayName,
  passwordHash: u.passwordHash,
  orgId: u.orgId,
  roles: u.roles,
  active: u.active,
  locale: u.locale,
});
const toOrg = (o: OrgOrmEntity): OrgRecord => ({
  id: o.id,
  name: o.name,
  agency: o.agency,
  regionCode: o.regionCode,
  tier: o.tier,
  parentId: o.parentId,
});

@Injectable()
export class IdentityTypeormRepository {
  constructor(
    @InjectRepository(UserOrmEntity) private readonly users: Repository<UserOrmEntity>,
    @InjectRepository(OrgOrmEntity) private readonly orgs: Repository<OrgOrmEntity>,
  ) {}

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

  async upsertUser(u: UserRecord): Promise<void> {
    await this.users.upsert({ ...u }, ['id']);
  }
}

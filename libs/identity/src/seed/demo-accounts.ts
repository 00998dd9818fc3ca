import type { Role } from '@tiaojie/domain';
import type { IdentityTypeormRepository } from '@tiaojie/persistence';
import { hash } from 'bcryptjs';
import { demoOrgTree, type TreeOrgSeed } from './demo-org-tree';
import { stableUuid } from './stable-uuid';

/** The demo password (API.md "Demo accounts"); seeded only with demo data, never in production. */
export const DEMO_PASSWORD = 'tiaojie-demo';

type OrgSeed = TreeOrgSeed;

/** 十堰市 (420300) and the organisations the demo accounts belong to (DOMAIN.md §5). */
export const DEMO_ORGS: OrgSeed[] = [
  { key: 'union-city', name: '十堰市总工会', agency: 'UNION', regionCode: '420300', tier: 'CITY' },
  { key: 'union-maojian', name: '茅箭区劳动争议调解中心', agency: 'UNION', regionCode: '420302', tier: 'COUNTY', parent: 'union-city' },
  { key: 'union-yunxi', name: '郧西县劳动争议调解中心', agency: 'UNION', regionCode: '420322', tier: 'COUNTY', parent: 'union-city' },
  // Fengqiao tiers below the county centre: a street centre and a community mediation point.
  { key: 'union-wuyan', name: '茅箭区武当路街道劳动争议调解工作站', agency: 'UNION', regionCode: '420302002', tier: 'TOWNSHIP', parent: 'union-maojian' },
  { key: 'union-wuyan-village', name: '武当路社区劳动争议调解点', agency: 'UNION', regionCode: '420302002001', tier: 'VILLAGE', parent: 'union-wuyan' },
  // The station sits where migrant workers live now (Beijing, 朝阳区) and belongs to the city union.
  { key: 'union-station-beijing', name: '十堰市总工会驻北京农民工维权工作站', agency: 'UNION', regionCode: '110105', tier: 'STATION', parent: 'union-city' },
  { key: 'court-maojian', name: '茅箭区人民法院', agency: 'COURT', regionCode: '420302', tier: 'COUNTY' },
  { key: 'court-yunxi', name: '郧西县人民法院', agency: 'COURT', regionCode: '420322', tier: 'COUNTY' },
  { key: 'hrss-arbitration-city', name: '十堰市劳动人事争议仲裁委员会', agency: 'HRSS', regionCode: '420300', tier: 'CITY' },
  { key: 'hrss-inspection-maojian', name: '茅箭区劳动保障监察大队', agency: 'HRSS', regionCode: '420302', tier: 'COUNTY' },
  { key: 'procuratorate-city', name: '十堰市人民检察院', agency: 'PROCURATORATE', regionCode: '420300', tier: 'CITY' },
  { key: 'procuratorate-maojian', name: '茅箭区人民检察院', agency: 'PROCURATORATE', regionCode: '420302', tier: 'COUNTY' },
  { key: 'justice-legal-aid-city', name: '十堰市法律援助中心', agency: 'JUSTICE', regionCode: '420300', tier: 'CITY' },
  ...demoOrgTree(),
];

interface UserSeed {
  username: string;
  displayName: string;
  org: string;
  roles: Role[];
  /** Managers and receiving organisations get notices by e-mail too (when SMTP is configured). */
  email?: string;
}

/** Demo work addresses live under a reserved domain (RFC 2606): nothing is ever delivered outside. */
const demoEmail = (username: string) => `${username}@shiyan.tiaojie.example`;

export const DEMO_USERS: UserSeed[] = [
  { username: 'mediator', displayName: '王调解', org: 'union-maojian', roles: ['UNION_MEDIATOR'] },
  { username: 'mediator-yunxi', displayName: '李调解', org: 'union-yunxi', roles: ['UNION_MEDIATOR'] },
  { username: 'mediator-village', displayName: '赵调解', org: 'union-wuyan-village', roles: ['UNION_MEDIATOR'] },
  { username: 'court-clerk-yunxi', displayName: '吴书记员', org: 'court-yunxi', roles: ['COURT_CLERK'] },
  { username: 'union-manager', displayName: '张主任', org: 'union-city', roles: ['UNION_MANAGER'], email: demoEmail('union-manager') },
  { username: 'court-clerk', displayName: '陈书记员', org: 'court-maojian', roles: ['COURT_CLERK'], email: demoEmail('court-clerk') },
  { username: 'arb-clerk', displayName: '刘仲裁', org: 'hrss-arbitration-city', roles: ['ARBITRATION_CLERK'], email: demoEmail('arb-clerk') },
  { username: 'procurator', displayName: '赵检察官', org: 'procuratorate-maojian', roles: ['PROCURATOR'] },
  { username: 'legal-aid', displayName: '孙援助', org: 'justice-legal-aid-city', roles: ['LEGAL_AID_OFFICER'] },
  { username: 'station-beijing', displayName: '周站长', org: 'union-station-beijing', roles: ['STATION_CLERK'] },
  { username: 'judge', displayName: '钱法官', org: 'court-maojian', roles: ['JUDGE'] },
  { username: 'hrss-inspector', displayName: '冯监察员', org: 'hrss-inspection-maojian', roles: ['HRSS_INSPECTOR'] },
  { username: 'city-manager', displayName: '何主任', org: 'union-city', roles: ['CITY_MANAGER'], email: demoEmail('city-manager') },
  { username: 'admin', displayName: '系统管理员', org: 'union-city', roles: ['ADMIN'] },
];

export const demoOrgId = (key: string) => stableUuid(`org:${key}`);
export const demoUserId = (username: string) => stableUuid(`user:${username}`);

/** Idempotent: re-running keeps ids, and resets the demo passwords. */
export async function seedDemoAccounts(identity: IdentityTypeormRepository): Promise<{ orgs: number; users: number }> {
  for (const o of DEMO_ORGS) {
    await identity.upsertOrg({
      id: demoOrgId(o.key),
      name: o.name,
      agency: o.agency,
      regionCode: o.regionCode,
      tier: o.tier,
      parentId: o.parent ? demoOrgId(o.parent) : null,
    });
  }
  const passwordHash = await hash(DEMO_PASSWORD, 10);
  for (const u of DEMO_USERS) {
    await identity.upsertUser({
      id: demoUserId(u.username),
      username: u.username,
      displayName: u.displayName,
      passwordHash,
      orgId: demoOrgId(u.org),
      roles: u.roles,
      active: true,
      locale: 'zh-CN',
      email: u.email ?? null,
    });
  }
  return { orgs: DEMO_ORGS.length, users: DEMO_USERS.length };
}

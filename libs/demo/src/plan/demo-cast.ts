import type { Role } from '@tiaojie/domain';
import { DEMO_ORGS } from '@tiaojie/identity/seed/demo-accounts';
import { SHIYAN_COUNTIES } from '@tiaojie/identity/seed/demo-org-tree';

/**
 * Who works the demo year: the demo accounts of API.md plus the staff a whole city needs — mediators
 * in every county centre, a court clerk and a procurator per county, a clerk in each migrant-worker
 * station, mediators at the township and village points. All log in with the demo password.
 */
export interface CastMember {
  username: string;
  displayName: string;
  /** Key of the organisation in DEMO_ORGS (libs/identity demo seeds). */
  orgKey: string;
  roles: Role[];
}

/** Romanised county names, for usernames. */
export const COUNTY_SLUGS: Record<string, string> = {
  '420302': 'maojian',
  '420303': 'zhangwan',
  '420304': 'yunyang',
  '420322': 'yunxi',
  '420323': 'zhushan',
  '420324': 'zhuxi',
  '420325': 'fangxian',
  '420381': 'danjiangkou',
};

export const COUNTY_NAMES: Record<string, string> = Object.fromEntries(SHIYAN_COUNTIES.map((c) => [c.code, c.name]));

/** The organisation of one body in one county (the demo seeds name a few of them specially). */
export function countyOrgKey(agency: 'UNION' | 'COURT' | 'PROCURATORATE' | 'HRSS' | 'JUSTICE', countyCode: string): string {
  const org = DEMO_ORGS.find((o) => o.agency === agency && o.regionCode === countyCode && o.tier === 'COUNTY' && !o.key.startsWith('hrss-inspection'));
  if (!org) throw new Error(`no ${agency} organisation for county ${countyCode} in the demo seeds`);
  return org.key;
}

/** The region of a demo organisation (a station's is where it stands, outside the province). */
export function orgRegion(orgKey: string): string {
  const org = DEMO_ORGS.find((o) => o.key === orgKey);
  if (!org) throw new Error(`no organisation ${orgKey} in the demo seeds`);
  return org.regionCode;
}

/** Staff names: made up, fixed so that logins and histories read the same on every machine. */
const STAFF_NAMES = [
  '程晓燕', '黄建军', '邓丽华', '胡志强', '彭雪梅', '田国庆', '柯秀英', '万海波', '汪春兰', '龚卫东',
  '夏婷婷', '余永红', '祝俊峰', '聂晓东', '雷红梅', '向德明', '喻静怡', '杜文涛', '潘玉兰', '蒋海燕',
  '曾凡华', '袁丽娟', '肖长春', '童志刚', '熊慧敏', '谭永胜', '冉小琴', '方建平', '罗金凤', '梅立新',
  '易红霞', '邹明亮', '魏晓琳', '储成林', '明桂香', '卢振华', '覃秋月', '陶俊杰', '宋晓云',
];

const MEDIATORS_PER_COUNTY: Record<string, number> = { '420302': 3, '420303': 3, '420304': 2, '420322': 2, '420323': 2, '420324': 2, '420325': 2, '420381': 2 };

function buildCast(): { members: CastMember[]; mediators: Record<string, string[]>; courtClerks: Record<string, string>; procurators: Record<string, string> } {
  const members: CastMember[] = [];
  let n = 0;
  const nextName = () => STAFF_NAMES[n++ % STAFF_NAMES.length];
  const mediators: Record<string, string[]> = {};
  const courtClerks: Record<string, string> = {};
  const procurators: Record<string, string> = {};
  for (const { code } of SHIYAN_COUNTIES) {
    const slug = COUNTY_SLUGS[code];
    const existing = code === '420302' ? 'mediator' : code === '420322' ? 'mediator-yunxi' : undefined;
    const list: string[] = [];
    for (let i = 1; i <= MEDIATORS_PER_COUNTY[code]; i++) {
      if (i === 1 && existing) {
        list.push(existing);
        continue;
      }
      const username = i === 1 ? `mediator-${slug}` : `mediator-${slug}-${i}`;
      members.push({ username, displayName: nextName(), orgKey: countyOrgKey('UNION', code), roles: ['UNION_MEDIATOR'] });
      list.push(username);
    }
    mediators[code] = list;
    courtClerks[code] = code === '420302' ? 'court-clerk' : code === '420322' ? 'court-clerk-yunxi' : `court-clerk-${slug}`;
    if (code !== '420302' && code !== '420322') {
      members.push({ username: courtClerks[code], displayName: nextName(), orgKey: countyOrgKey('COURT', code), roles: ['COURT_CLERK'] });
    }
    procurators[code] = code === '420302' ? 'procurator' : `procurator-${slug}`;
    if (code !== '420302') {
      members.push({ username: procurators[code], displayName: nextName(), orgKey: countyOrgKey('PROCURATORATE', code), roles: ['PROCURATOR'] });
    }
  }
  for (const city of ['shanghai', 'guangzhou', 'shenzhen', 'hangzhou']) {
    members.push({ username: `station-${city}`, displayName: nextName(), orgKey: `union-station-${city}`, roles: ['STATION_CLERK'] });
  }
  members.push(
    { username: 'mediator-wudanglu', displayName: nextName(), orgKey: 'union-wuyan', roles: ['UNION_MEDIATOR'] },
    { username: 'mediator-yunxi-town', displayName: nextName(), orgKey: 'union-420322-town', roles: ['UNION_MEDIATOR'] },
    { username: 'mediator-yunxi-village', displayName: nextName(), orgKey: 'union-420322-village', roles: ['UNION_MEDIATOR'] },
    { username: 'mediator-danjiangkou-town', displayName: nextName(), orgKey: 'union-420381-town', roles: ['UNION_MEDIATOR'] },
  );
  return { members, mediators, courtClerks, procurators };
}

const CAST = buildCast();

/** The accounts the demo year adds to the demo accounts. */
export const DEMO_CAST: readonly CastMember[] = CAST.members;
/** Union mediators of each county centre, busiest first. */
export const COUNTY_MEDIATORS: Readonly<Record<string, readonly string[]>> = CAST.mediators;
export const COUNTY_COURT_CLERKS: Readonly<Record<string, string>> = CAST.courtClerks;
export const COUNTY_PROCURATORS: Readonly<Record<string, string>> = CAST.procurators;

/** Migrant-worker stations outside the province: their clerk and organisation. */
export const STATIONS = [
  { clerk: 'station-beijing', orgKey: 'union-station-beijing', city: '北京' },
  { clerk: 'station-shanghai', orgKey: 'union-station-shanghai', city: '上海' },
  { clerk: 'station-guangzhou', orgKey: 'union-station-guangzhou', city: '广州' },
  { clerk: 'station-shenzhen', orgKey: 'union-station-shenzhen', city: '深圳' },
  { clerk: 'station-hangzhou', orgKey: 'union-station-hangzhou', city: '杭州' },
] as const;

/** Fengqiao points below the county centres (DOMAIN §3.7): who mediates there and where. */
export const LOWER_TIER_POINTS = [
  { mediator: 'mediator-village', orgKey: 'union-wuyan-village', regionCode: '420302002001', countyCode: '420302', tier: 'VILLAGE' },
  { mediator: 'mediator-wudanglu', orgKey: 'union-wuyan', regionCode: '420302002', countyCode: '420302', tier: 'TOWNSHIP' },
  { mediator: 'mediator-yunxi-village', orgKey: 'union-420322-village', regionCode: '420322100001', countyCode: '420322', tier: 'VILLAGE' },
  { mediator: 'mediator-yunxi-town', orgKey: 'union-420322-town', regionCode: '420322100', countyCode: '420322', tier: 'TOWNSHIP' },
  { mediator: 'mediator-danjiangkou-town', orgKey: 'union-420381-town', regionCode: '420381001', countyCode: '420381', tier: 'TOWNSHIP' },
] as const;

/** City-level receivers: the arbitration commission and the legal-aid centre. */
export const CITY_ACTORS = { arbitrationClerk: 'arb-clerk', arbitrationOrgKey: 'hrss-arbitration-city', legalAidOfficer: 'legal-aid', legalAidOrgKey: 'justice-legal-aid-city' } as const;

import type { Agency } from '@tiaojie/domain';

/**
 * The rest of the city of DOMAIN.md §5 for the demo: every body in each of 十堰市's eight counties
 * and districts, city-level bodies, sample township and village points, and the city union's
 * migrant-worker stations outside the province.
 */
export interface TreeOrgSeed {
  key: string;
  name: string;
  agency: Agency;
  regionCode: string;
  tier: 'CITY' | 'COUNTY' | 'TOWNSHIP' | 'VILLAGE' | 'STATION';
  parent?: string;
}

export const SHIYAN_COUNTIES: { code: string; name: string }[] = [
  { code: '420302', name: '茅箭区' },
  { code: '420303', name: '张湾区' },
  { code: '420304', name: '郧阳区' },
  { code: '420322', name: '郧西县' },
  { code: '420323', name: '竹山县' },
  { code: '420324', name: '竹溪县' },
  { code: '420325', name: '房县' },
  { code: '420381', name: '丹江口市' },
];

/** Generated keys already seeded under the demo accounts' names (demo-accounts.ts): reuse those. */
const NAMED: Record<string, string> = {
  'union-420302': 'union-maojian',
  'union-420322': 'union-yunxi',
  'court-420302': 'court-maojian',
  'court-420322': 'court-yunxi',
  'procuratorate-420302': 'procuratorate-maojian',
};

export function demoOrgTree(): TreeOrgSeed[] {
  const orgs: TreeOrgSeed[] = [
    { key: 'court-city', name: '十堰市中级人民法院', agency: 'COURT', regionCode: '420300', tier: 'CITY' },
    { key: 'hrss-city', name: '十堰市人力资源和社会保障局', agency: 'HRSS', regionCode: '420300', tier: 'CITY' },
    { key: 'justice-city', name: '十堰市司法局', agency: 'JUSTICE', regionCode: '420300', tier: 'CITY' },
  ];
  for (const c of SHIYAN_COUNTIES) {
    orgs.push(
      { key: `union-${c.code}`, name: `${c.name}劳动争议调解中心`, agency: 'UNION', regionCode: c.code, tier: 'COUNTY', parent: 'union-city' },
      { key: `court-${c.code}`, name: `${c.name}人民法院`, agency: 'COURT', regionCode: c.code, tier: 'COUNTY', parent: 'court-city' },
      { key: `procuratorate-${c.code}`, name: `${c.name}人民检察院`, agency: 'PROCURATORATE', regionCode: c.code, tier: 'COUNTY', parent: 'procuratorate-city' },
      { key: `hrss-${c.code}`, name: `${c.name}人力资源和社会保障局`, agency: 'HRSS', regionCode: c.code, tier: 'COUNTY', parent: 'hrss-city' },
      { key: `justice-${c.code}`, name: `${c.name}司法局`, agency: 'JUSTICE', regionCode: c.code, tier: 'COUNTY', parent: 'justice-city' },
    );
  }
  // Sample Fengqiao points: a township centre and a village point under two county centres, and the
  // justice bureau's people's mediation committees at the same tiers.
  orgs.push(
    { key: 'union-420322-town', name: '郧西县城关镇劳动争议调解工作站', agency: 'UNION', regionCode: '420322100', tier: 'TOWNSHIP', parent: 'union-420322' },
    { key: 'union-420322-village', name: '城关镇东关村劳动争议调解点', agency: 'UNION', regionCode: '420322100001', tier: 'VILLAGE', parent: 'union-420322-town' },
    { key: 'union-420381-town', name: '丹江口市均州路街道劳动争议调解工作站', agency: 'UNION', regionCode: '420381001', tier: 'TOWNSHIP', parent: 'union-420381' },
    { key: 'justice-420302-town', name: '武当路街道人民调解委员会', agency: 'JUSTICE', regionCode: '420302002', tier: 'TOWNSHIP', parent: 'justice-420302' },
    { key: 'justice-420322-village', name: '东关村人民调解委员会', agency: 'JUSTICE', regionCode: '420322100001', tier: 'VILLAGE', parent: 'justice-420322' },
  );
  // Legal-rights stations for migrant workers where they work now, outside the province (DOMAIN §3.8).
  for (const [key, name, code] of [
    ['shanghai', '十堰市总工会驻上海农民工维权工作站', '310115'],
    ['guangzhou', '十堰市总工会驻广州农民工维权工作站', '440106'],
    ['shenzhen', '十堰市总工会驻深圳农民工维权工作站', '440305'],
    ['hangzhou', '十堰市总工会驻杭州农民工维权工作站', '330106'],
  ]) {
    orgs.push({ key: `union-station-${key}`, name, agency: 'UNION', regionCode: code, tier: 'STATION', parent: 'union-city' });
  }
  return orgs
    .filter((o) => !(o.key in NAMED))
    .map((o) => (o.parent && o.parent in NAMED ? { ...o, parent: NAMED[o.parent] } : o));
}

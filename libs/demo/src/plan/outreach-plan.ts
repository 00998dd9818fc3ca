import { COUNTY_MEDIATORS, COUNTY_NAMES, countyOrgKey, orgRegion, STATIONS } from './demo-cast';
import type { DayCalendar } from './day-calendar';
import type { PlannedOutreach } from './plan.types';
import type { Rng } from './prng';

/**
 * Legal-service outreach (DOMAIN.md §3.9): talks, clinics at construction sites, platform-worker
 * days, consultation days — recorded as activities beside the cases. The city reported 103 in a year.
 */
const KINDS: readonly (readonly [PlannedOutreach['kind'], number])[] = [
  ['SITE_CLINIC', 30],
  ['LEGAL_TALK', 25],
  ['CONSULTATION_DAY', 25],
  ['PLATFORM_WORKER_DAY', 15],
  ['OTHER', 5],
];

const TITLES: Record<PlannedOutreach['kind'], readonly string[]> = {
  SITE_CLINIC: ['法律服务进工地·农民工工资支付专场', '“安薪”行动工地法律咨询', '建筑工地劳动维权法律义诊', '根治欠薪工地宣讲'],
  LEGAL_TALK: ['《保障农民工工资支付条例》宣讲会', '劳动合同法进企业讲座', '职工维权法律知识讲座', '新就业形态劳动者权益保障讲座'],
  CONSULTATION_DAY: ['“尊法守法·携手筑梦”法律咨询日', '春节前清欠法律服务集中咨询', '劳动争议调解开放日', '“五一”职工法律服务日'],
  PLATFORM_WORKER_DAY: ['外卖骑手权益保障服务日', '网约车司机劳动权益座谈会', '快递小哥暖心驿站法律服务', '平台劳动者职业伤害保障宣传'],
  OTHER: ['劳动法律知识有奖问答', '工会法律援助进社区', '职工法律服务微课堂'],
};

const PLACES: Record<PlannedOutreach['kind'], readonly string[]> = {
  SITE_CLINIC: ['{county}城区保障性住房建设工地', '{county}某商住小区施工现场', '{county}道路改造工程项目部', '{county}产业园厂房建设工地'],
  LEGAL_TALK: ['{county}职工服务中心会议室', '{county}某汽车零部件企业培训室', '{county}工业园区工会活动室'],
  CONSULTATION_DAY: ['{county}人民广场', '{county}劳动争议调解中心', '{county}火车站广场', '{county}客运站候车大厅'],
  PLATFORM_WORKER_DAY: ['{county}户外劳动者服务站点', '{county}商圈骑手驿站', '{county}快递物流园'],
  OTHER: ['{county}社区党群服务中心', '{county}职工之家'],
};

const COUNTY_WEIGHTS: readonly (readonly [string, number])[] = [
  ['420302', 16], ['420303', 15], ['420304', 10], ['420322', 9], ['420323', 9], ['420324', 8], ['420325', 8], ['420381', 10],
];

export function planOutreach(rng: Rng, cal: DayCalendar, days: number, count: number): PlannedOutreach[] {
  const out: Omit<PlannedOutreach, 'ref'>[] = [];
  for (let i = 0; i < count; i++) {
    let day = rng.int(0, days - 1);
    // Activities are held on working days, and more of them in the weeks before the Spring Festival.
    if (!cal.isWorkingDay(day) && rng.chance(0.7)) day = Math.min(days - 1, cal.workdayBetween(day, day + 4));
    const atStation = rng.chance(0.12);
    const kind = atStation ? (rng.chance(0.5) ? 'SITE_CLINIC' : 'CONSULTATION_DAY') : rng.weighted(KINDS);
    if (atStation) {
      const s = rng.pick(STATIONS);
      out.push({
        day,
        orgKey: s.orgKey,
        actor: s.clerk,
        regionCode: orgRegion(s.orgKey),
        kind,
        title: `${s.city}十堰籍农民工${kind === 'SITE_CLINIC' ? '工地' : ''}法律服务活动`,
        place: `${s.city}市十堰籍务工人员集中的${kind === 'SITE_CLINIC' ? '建筑工地' : '社区服务中心'}`,
        peopleReached: rng.int(40, 300),
        consultations: rng.int(5, 60),
      });
      continue;
    }
    const county = rng.weighted(COUNTY_WEIGHTS);
    const place = rng.pick(PLACES[kind]).replace('{county}', COUNTY_NAMES[county]);
    out.push({
      day,
      orgKey: countyOrgKey('UNION', county),
      actor: COUNTY_MEDIATORS[county][0],
      regionCode: county,
      kind,
      title: rng.pick(TITLES[kind]),
      place,
      peopleReached: kind === 'LEGAL_TALK' ? rng.int(30, 200) : rng.int(60, 800),
      consultations: rng.int(5, 120),
    });
  }
  return out.sort((a, b) => a.day - b.day).map((o, ref) => ({ ...o, ref }));
}

import type { DisputeType, EmploymentForm } from '@tiaojie/domain';
import { creditCode, employerName, mobile, personName, platformName, residentId, type Industry, type Sex } from './people';
import type { Rng } from './prng';
import { COUNTY_NAMES } from './demo-cast';

/**
 * Who applies and for what: the parties, the dispute types and the amounts claimed of one case
 * (DOMAIN.md §5). Amounts are drawn in yuan and scaled later, so that the year's money can be
 * aimed at its target without changing anything else the seed decides.
 */

/** Dispute types of individual cases, weighted toward wages as the city's figures are. */
const PRIMARY_TYPES: readonly (readonly [DisputeType, number])[] = [
  ['WAGE_ARREARS', 46],
  ['ECONOMIC_COMPENSATION', 10],
  ['WORK_INJURY', 7],
  ['UNLAWFUL_TERMINATION_DAMAGES', 6],
  ['OVERTIME', 6],
  ['DOUBLE_PAY_NO_CONTRACT', 5],
  ['SOCIAL_INSURANCE', 5],
  ['LABOR_RELATION_CONFIRMATION', 3],
  ['DISMISSAL_OR_RESIGNATION', 3],
  ['CONTRACT_DISPUTE', 3],
  ['WORKING_TIME_AND_LEAVE', 2],
  ['BENEFITS', 1.5],
  ['LABOR_PROTECTION', 1],
  ['TRAINING', 0.5],
  ['NON_COMPETE', 0.5],
];

/** Yuan claimed per item, drawn log-uniformly between these bounds. */
const CLAIM_RANGE: Record<DisputeType, readonly [number, number]> = {
  WAGE_ARREARS: [2_500, 60_000],
  OVERTIME: [1_500, 25_000],
  DOUBLE_PAY_NO_CONTRACT: [8_000, 72_000],
  ECONOMIC_COMPENSATION: [8_000, 150_000],
  UNLAWFUL_TERMINATION_DAMAGES: [15_000, 260_000],
  WORK_INJURY: [20_000, 420_000],
  SOCIAL_INSURANCE: [3_000, 60_000],
  PLATFORM_WORK: [1_500, 30_000],
  LABOR_RELATION_CONFIRMATION: [3_000, 40_000],
  CONTRACT_DISPUTE: [2_000, 50_000],
  DISMISSAL_OR_RESIGNATION: [3_000, 60_000],
  WORKING_TIME_AND_LEAVE: [1_000, 20_000],
  BENEFITS: [1_000, 20_000],
  LABOR_PROTECTION: [1_000, 30_000],
  TRAINING: [2_000, 30_000],
  NON_COMPETE: [5_000, 80_000],
};

/** Claims that often come with the main one. */
const COMPANION: Partial<Record<DisputeType, readonly DisputeType[]>> = {
  WAGE_ARREARS: ['OVERTIME', 'ECONOMIC_COMPENSATION', 'DOUBLE_PAY_NO_CONTRACT'],
  ECONOMIC_COMPENSATION: ['WAGE_ARREARS', 'OVERTIME'],
  UNLAWFUL_TERMINATION_DAMAGES: ['WAGE_ARREARS', 'SOCIAL_INSURANCE'],
  WORK_INJURY: ['WAGE_ARREARS', 'LABOR_RELATION_CONFIRMATION'],
  DOUBLE_PAY_NO_CONTRACT: ['WAGE_ARREARS'],
  DISMISSAL_OR_RESIGNATION: ['ECONOMIC_COMPENSATION'],
  LABOR_RELATION_CONFIRMATION: ['WAGE_ARREARS', 'WORK_INJURY'],
};

const JOBS: Record<Industry, readonly string[]> = {
  CONSTRUCTION: ['钢筋工', '木工', '泥瓦工', '架子工', '电焊工', '水电安装工', '小工'],
  AUTO_PARTS: ['装配工', '车床操作工', '质检员', '焊工', '叉车司机', '仓管员'],
  SERVICES: ['服务员', '厨师', '保洁员', '保安', '收银员', '前台接待'],
  MANUFACTURING: ['操作工', '包装工', '机修工', '统计员'],
  LOCAL: ['采茶工', '加工工', '导游', '技术员'],
  LOGISTICS: ['货车司机', '分拣员', '装卸工', '调度员'],
};

const INDUSTRY_WEIGHTS: readonly (readonly [Industry, number])[] = [
  ['CONSTRUCTION', 30],
  ['AUTO_PARTS', 20],
  ['SERVICES', 22],
  ['MANUFACTURING', 12],
  ['LOCAL', 8],
  ['LOGISTICS', 8],
];

/** Where migrant workers come from: the city's rural counties, and neighbouring provinces. */
const MIGRANT_HOMES = ['420304', '420322', '420323', '420324', '420325', '420381', '411323', '610902', '612426', '500237'];

export interface Employer {
  name: string;
  creditCode: string;
  regionCode: string;
  industry: Industry;
}

export interface ClaimDraft {
  type: DisputeType;
  /** Yuan, before the year's money factor. */
  rawYuan: number;
}

export interface IntakeDraft {
  workers: Worker[];
  employer: Employer;
  disputeTypes: DisputeType[];
  claims: ClaimDraft[];
  representatives?: number[];
  facts: string;
  migrant: boolean;
  platform: boolean;
  /** Days before intake: when the worker knew of the infringement / the employment ended (limitation warning). */
  knewDaysBefore?: number;
  endedDaysBefore?: number;
}

export type IntakeKind = 'INDIVIDUAL' | 'COLLECTIVE' | 'STATION' | 'PLATFORM' | 'LABOR_SERVICE';

/** Employers of the city, drawn once per plan and reused: some employers have many cases. */
export class EmployerPool {
  private readonly byCounty = new Map<string, Employer[]>();
  private readonly platforms: Employer[] = [];

  constructor(rng: Rng) {
    for (const code of Object.keys(COUNTY_NAMES)) {
      const list: Employer[] = [];
      for (let i = 0; i < 90; i++) {
        const industry = rng.weighted(INDUSTRY_WEIGHTS);
        const place = rng.chance(0.5) ? '十堰市' : COUNTY_NAMES[code].replace(/[区县市]$/, '');
        list.push({ name: employerName(rng, place, industry), creditCode: creditCode(rng, code), regionCode: code, industry });
      }
      this.byCounty.set(code, list);
    }
    const names = new Set<string>();
    while (names.size < 6) names.add(platformName(rng));
    for (const name of names) this.platforms.push({ name, creditCode: creditCode(rng, '420300'), regionCode: '420302', industry: 'LOGISTICS' });
  }

  /** Employers early in the list are drawn more often (a few employers account for many disputes). */
  pick(rng: Rng, county: string, industry?: Industry): Employer {
    const all = this.byCounty.get(county)!;
    const matching = industry ? all.filter((e) => e.industry === industry) : all;
    const list = matching.length > 0 ? matching : all;
    const i = Math.floor(list.length * rng.next() ** 1.8);
    return list[Math.min(i, list.length - 1)];
  }

  platform(rng: Rng): Employer {
    return rng.pick(this.platforms);
  }

  /** An employer outside the province, where a station's worker works now. */
  away(rng: Rng, city: string, regionCode: string): Employer {
    const industry: Industry = rng.chance(0.7) ? 'CONSTRUCTION' : 'SERVICES';
    return { name: employerName(rng, city, industry), creditCode: creditCode(rng, regionCode), regionCode, industry };
  }
}

export interface Worker {
  name: string;
  idType: 'RESIDENT_ID';
  idNumber: string;
  phone: string;
  homeRegionCode: string;
  isMigrantWorker: boolean;
  employmentForm: EmploymentForm;
}

function aWorker(rng: Rng, phones: Set<string>, home: string, migrant: boolean, form: EmploymentForm, maleShare: number, year: number): Worker {
  const sex: Sex = rng.chance(maleShare) ? 'M' : 'F';
  const birthYear = year - rng.int(19, migrant ? 62 : 58);
  return {
    name: personName(rng, sex),
    idType: 'RESIDENT_ID',
    idNumber: residentId(rng, home, birthYear, sex),
    phone: mobile(rng, phones),
    homeRegionCode: home,
    isMigrantWorker: migrant,
    employmentForm: form,
  };
}

const PLATFORM_FORMS: readonly (readonly [EmploymentForm, number])[] = [
  ['PLATFORM_FULL', 2],
  ['PLATFORM_INCOMPLETE', 5],
  ['PLATFORM_INDEPENDENT', 3],
];

export interface IntakeContext {
  rng: Rng;
  county: string;
  kind: IntakeKind;
  employers: EmployerPool;
  phones: Set<string>;
  /** The year the intake falls in (for plausible ages). */
  year: number;
  /** Stations: the city and region the worker works in now. */
  away?: { city: string; regionCode: string };
}

export function drawIntake(ctx: IntakeContext): IntakeDraft {
  const { rng, county, kind, employers, phones, year } = ctx;
  const migrant = kind === 'STATION' || (kind === 'COLLECTIVE' ? rng.chance(0.85) : kind === 'PLATFORM' ? rng.chance(0.3) : rng.chance(0.22));
  const home = () => (migrant ? (kind === 'STATION' ? county : rng.pick(MIGRANT_HOMES)) : county);

  if (kind === 'COLLECTIVE') {
    const n = Math.round(rng.logUniform(10, 60));
    const employer = employers.pick(rng, county, rng.chance(0.8) ? 'CONSTRUCTION' : 'AUTO_PARTS');
    const origin = home();
    const workers = Array.from({ length: n }, () => aWorker(rng, phones, rng.chance(0.7) ? origin : home(), migrant, 'LABOR_RELATION', 0.85, year));
    const perWorker = rng.logUniform(6_000, 36_000);
    const claims: ClaimDraft[] = [{ type: 'WAGE_ARREARS', rawYuan: perWorker * n }];
    if (rng.chance(0.25)) claims.push({ type: 'SOCIAL_INSURANCE', rawYuan: rng.logUniform(1_000, 5_000) * n });
    const job = rng.pick(JOBS[employer.industry]);
    return {
      workers,
      employer,
      disputeTypes: [...new Set(claims.map((c) => c.type))],
      claims,
      representatives: Array.from({ length: rng.int(3, 5) }, (_, i) => i),
      facts: `${n}名${migrant ? '农民工' : '职工'}在被申请人承建（经营）的项目从事${job}等工作，被申请人以工程款未结算为由拖欠${rng.int(2, 8)}个月工资，劳动者多次集体讨要未果，推选代表申请调解。`,
      migrant,
      platform: false,
      endedDaysBefore: rng.chance(0.5) ? rng.int(10, 150) : undefined,
    };
  }

  const platform = kind === 'PLATFORM';
  const labourService = kind === 'LABOR_SERVICE';
  const form: EmploymentForm = platform ? rng.weighted(PLATFORM_FORMS) : labourService ? 'LABOR_SERVICE' : rng.weighted([['LABOR_RELATION', 85], ['DISPATCH', 8], ['PART_TIME', 7]]);
  const employer = platform
    ? employers.platform(rng)
    : kind === 'STATION' && ctx.away
      ? employers.away(rng, ctx.away.city, ctx.away.regionCode)
      : employers.pick(rng, county, migrant && rng.chance(0.6) ? 'CONSTRUCTION' : undefined);
  const primary: DisputeType = platform
    ? rng.weighted([['PLATFORM_WORK', 4], ['WAGE_ARREARS', 3], ['WORK_INJURY', 2], ['LABOR_RELATION_CONFIRMATION', 2]])
    : kind === 'STATION'
      ? rng.weighted([['WAGE_ARREARS', 8], ['WORK_INJURY', 2], ['ECONOMIC_COMPENSATION', 1]])
      : rng.weighted(PRIMARY_TYPES);
  const types: DisputeType[] = [primary];
  const companions = COMPANION[primary];
  if (companions && rng.chance(0.35)) types.push(rng.pick(companions));
  if (primary === 'LABOR_RELATION_CONFIRMATION' && types.length === 1) types.push('WAGE_ARREARS');
  const claims = types.map((type) => ({ type, rawYuan: rng.logUniform(...CLAIM_RANGE[type]) }));
  const worker = aWorker(rng, phones, home(), migrant, form, platform ? 0.8 : 0.62, year);
  const job = platform ? rng.pick(['外卖骑手', '网约车司机', '快递员', '跑腿配送员']) : rng.pick(JOBS[employer.industry]);
  return {
    workers: [worker],
    employer,
    disputeTypes: types,
    claims,
    facts: factsFor(rng, primary, job),
    migrant,
    platform,
    knewDaysBefore: ['ECONOMIC_COMPENSATION', 'UNLAWFUL_TERMINATION_DAMAGES', 'DISMISSAL_OR_RESIGNATION', 'WORK_INJURY'].includes(primary) ? rng.int(15, 300) : undefined,
    endedDaysBefore: primary === 'WAGE_ARREARS' && rng.chance(0.45) ? rng.int(7, 240) : undefined,
  };
}

function factsFor(rng: Rng, type: DisputeType, job: string): string {
  const months = rng.int(2, 9);
  switch (type) {
    case 'WAGE_ARREARS':
      return `申请人在被申请人处从事${job}工作，被申请人拖欠其${months}个月工资，经多次催要未果，现申请调解。`;
    case 'OVERTIME':
      return `申请人任${job}期间长期每日工作超过十小时且周末加班，被申请人未依法支付加班费。`;
    case 'DOUBLE_PAY_NO_CONTRACT':
      return `申请人入职被申请人处任${job}已${months + 3}个月，被申请人始终未与其签订书面劳动合同，申请支付二倍工资差额。`;
    case 'ECONOMIC_COMPENSATION':
      return `被申请人以经营困难为由与申请人（${job}）解除劳动合同，未支付经济补偿。`;
    case 'UNLAWFUL_TERMINATION_DAMAGES':
      return `被申请人无正当理由辞退申请人（${job}），申请人认为系违法解除劳动合同，要求支付赔偿金。`;
    case 'WORK_INJURY':
      return `申请人在从事${job}工作时受伤，已认定为工伤，被申请人未缴纳工伤保险，拒付工伤待遇。`;
    case 'SOCIAL_INSURANCE':
      return `被申请人未为申请人（${job}）依法缴纳社会保险费，申请人要求补缴或赔偿损失。`;
    case 'PLATFORM_WORK':
      return `申请人通过平台接单从事${job}工作，平台以违规为由扣除其${months}个月服务费并封停账号，申请人要求返还。`;
    case 'LABOR_RELATION_CONFIRMATION':
      return `申请人在被申请人处从事${job}工作，被申请人否认双方存在劳动关系，申请人要求确认劳动关系并支付工资。`;
    default:
      return `申请人（${job}）与被申请人因劳动合同履行发生争议，经协商未果，申请调解。`;
  }
}

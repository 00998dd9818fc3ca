import type { Channel } from '@tiaojie/domain';
import { demoOrgId, demoUserId } from '@tiaojie/identity/seed/demo-accounts';
import { CaseTimeline } from './case-timeline';
import { CITY_ACTORS, COUNTY_COURT_CLERKS, COUNTY_MEDIATORS, COUNTY_NAMES, COUNTY_PROCURATORS, countyOrgKey, orgRegion, type LOWER_TIER_POINTS, type STATIONS } from './demo-cast';
import { drawIntake, type IntakeKind } from './intake';
import { planRemedies, type CaseActors, type Money } from './remedies';
import type { PlanContext } from './plan-context';
import type { PlannedCase, PlannedStep, CaseTag } from './plan.types';
import { personName } from './people';

/**
 * One case of the demo year from intake to wherever it stands at the year's end (DOMAIN.md §3):
 * intake (a county centre, a station, a court's entrustment or a Fengqiao point), acceptance or
 * refusal, mediation, and then an agreement and its performance, or failure and the remedies.
 */
export interface CaseSetup {
  ref: string;
  /** The county the case ends up with. */
  county: string;
  route: 'COUNTY' | 'STATION' | 'ENTRUSTED' | 'LOWER_TIER';
  channel: Channel;
  intakeKind: IntakeKind;
  intakeDay: number;
  refused: boolean;
  /** Opened in another county's centre and transferred to `county` (the employer's). */
  openedIn?: string;
  station?: (typeof STATIONS)[number];
  point?: (typeof LOWER_TIER_POINTS)[number];
}

const REFUSALS = [
  { reason: '申请人与被申请人之间系劳务关系，不属于劳动争议调解受理范围', redirectTo: '所在地人民调解委员会或人民法院' },
  { reason: '申请人已就同一争议申请劳动仲裁，仲裁委已受理', redirectTo: '十堰市劳动人事争议仲裁委员会' },
  { reason: '代为申请人未提交授权委托书，无法确认申请人身份', redirectTo: '补齐授权委托材料后重新申请' },
  { reason: '争议事项为社会保险待遇核定，属社会保险经办机构职责', redirectTo: '十堰市社会保险服务中心' },
];
const WITHDRAWALS = ['双方已自行协商一致，申请人撤回调解申请', '用人单位已主动支付，申请人撤回申请', '申请人决定直接申请劳动仲裁'];
const FAILURES = ['被申请人经两次通知无正当理由拒不到场', '双方对赔偿数额分歧过大，无法达成一致', '被申请人否认存在劳动关系，调解无法继续', '被申请人明确表示不同意调解'];

export function planCase(ctx: PlanContext, setup: CaseSetup): PlannedCase {
  const { rng, cal } = ctx;
  const tl = new CaseTimeline(rng, cal);
  const main = tl.track();
  const county = setup.county;
  const year = Number(cal.dateOf(setup.intakeDay).slice(0, 4));
  const intake = drawIntake({
    rng,
    county,
    kind: setup.intakeKind,
    employers: ctx.employers,
    phones: ctx.phones,
    year,
    away: setup.station ? { city: setup.station.city, regionCode: orgRegion(setup.station.orgKey) } : undefined,
  });
  const yuan = (raw: number) => Math.max(1, Math.round(raw * ctx.factor));
  const claims = intake.claims.map((c) => ({ type: c.type, claimedFen: yuan(c.rawYuan) * 100 }));
  const mediators = COUNTY_MEDIATORS[county];
  const handler = mediators[Math.min(mediators.length - 1, Math.floor(mediators.length * rng.next() ** 1.4))];
  const actors: CaseActors = {
    handler,
    courtClerk: COUNTY_COURT_CLERKS[county],
    procurator: COUNTY_PROCURATORS[county],
    courtOrgId: demoOrgId(countyOrgKey('COURT', county)),
    procuratorateOrgId: demoOrgId(countyOrgKey('PROCURATORATE', county)),
    commissionOrgId: demoOrgId(CITY_ACTORS.arbitrationOrgKey),
    county,
  };
  const tags = new Set<CaseTag>();
  if (setup.intakeKind === 'COLLECTIVE') tags.add('collective');
  if (setup.route === 'ENTRUSTED') tags.add('entrusted');
  if (setup.route === 'STATION') tags.add('station');
  if (setup.route === 'LOWER_TIER') tags.add('lower-tier');
  if (setup.openedIn) tags.add('inter-county-transfer');
  if (intake.migrant) tags.add('migrant');
  if (intake.platform) tags.add('platform');

  // ---- intake ----
  const d0 = setup.intakeDay;
  const opener =
    setup.route === 'STATION' ? setup.station!.clerk
    : setup.route === 'ENTRUSTED' ? actors.courtClerk
    : setup.route === 'LOWER_TIER' ? setup.point!.mediator
    : setup.openedIn ? COUNTY_MEDIATORS[setup.openedIn][0]
    : handler;
  // DOMAIN §3.9: some applications come out of an outreach activity held in the weeks before, by the
  // centre (or station) that takes them.
  const fromOutreach = rng.chance(setup.route === 'STATION' ? 0.3 : 0.1);
  const openerOrgKey = setup.route === 'STATION' ? setup.station!.orgKey : setup.route === 'COUNTY' && !setup.openedIn ? countyOrgKey('UNION', county) : undefined;
  const recent = fromOutreach && openerOrgKey ? ctx.outreach.filter((o) => o.orgKey === openerOrgKey && o.day < d0 && o.day >= d0 - 30) : [];
  const activity = recent.length > 0 ? recent[rng.int(0, recent.length - 1)] : undefined;
  const request: Record<string, unknown> = {
    channel: setup.channel,
    regionCode: setup.route === 'LOWER_TIER' ? setup.point!.regionCode : setup.openedIn ?? county,
    facts: intake.facts,
    disputeTypes: intake.disputeTypes,
    workers: intake.workers,
    employer: { name: intake.employer.name, creditCode: intake.employer.creditCode, regionCode: intake.employer.regionCode },
    claims: claims.map((c, i) => (i === 0 && rng.chance(0.5) ? { ...c, period: `近${rng.int(2, 12)}个月` } : c)),
    ...(intake.representatives ? { representatives: intake.representatives } : {}),
    ...(setup.route === 'ENTRUSTED' ? { courtCaseRef: `({{year}})鄂${county.slice(2)}民诉前调${rng.int(100, 4999)}号` } : {}),
    ...(intake.knewDaysBefore ? { infringementKnownAt: { $dayAt: -intake.knewDaysBefore, time: '10:00' } } : {}),
    ...(intake.endedDaysBefore ? { employmentEndedAt: { $dayAt: -intake.endedDaysBefore, time: '18:00' } } : {}),
    ...(activity ? { outreachActivityId: { $outreach: activity.ref } } : {}),
  };
  main.add(d0, opener, 'OPEN', request);
  let handlerFrom = d0;
  if (setup.route === 'STATION') {
    const t = tl.pick(d0, 0, 1);
    main.add(t, setup.station!.clerk, 'TRANSFER', { toOrgId: demoOrgId(countyOrgKey('UNION', county)), reason: `劳动者户籍地在${COUNTY_NAMES[county]}，移交家乡劳动争议调解中心办理，本站继续跟进` });
    handlerFrom = t;
  } else if (setup.openedIn) {
    main.add(d0, opener, 'TRANSFER', { toOrgId: demoOrgId(countyOrgKey('UNION', county)), reason: `用人单位及劳动合同履行地在${COUNTY_NAMES[county]}，移交该地调解中心办理` });
  }
  const localMediator = setup.route === 'LOWER_TIER' ? setup.point!.mediator : handler;

  if (setup.refused) {
    main.add(tl.pick(handlerFrom, 0, 2), localMediator, 'REJECT', rng.pick(REFUSALS));
    return finish(setup, tags, intake.workers.length, tl);
  }

  const late = rng.chance(0.04);
  const accept = late ? tl.pick(handlerFrom, 4, 6) : tl.pick(handlerFrom, setup.route === 'STATION' ? 1 : 0, 2);
  main.add(accept, localMediator, 'ACCEPT');
  const coMediator = mediators.length > 1 && rng.chance(0.1) ? mediators.find((m) => m !== handler) : undefined;
  main.add(accept, localMediator, 'ASSIGN_MEDIATOR', { mediatorId: demoUserId(localMediator), ...(coMediator ? { coMediatorIds: [demoUserId(coMediator)] } : {}) });

  // ---- mediation ----
  const entrusted = setup.route === 'ENTRUSTED';
  const outcome = rng.weighted<'A' | 'F' | 'W'>(
    entrusted ? [['A', 60], ['F', 37], ['W', 3]] : setup.intakeKind === 'COLLECTIVE' ? [['A', 76], ['F', 21], ['W', 3]] : [['A', 64], ['F', 31], ['W', 5]],
  );
  // Days after acceptance by which mediation must end: MEDIATION_PERIOD (15 days from acceptance) or,
  // for an entrusted case, the court's ENTRUSTED_PERIOD (30 days from the entrustment).
  const extension = outcome !== 'W' && setup.route !== 'LOWER_TIER' && rng.chance(0.08) ? rng.int(5, 15) : 0;
  // The day the period fires if nobody ends mediation first (the server's own calendar rule, holidays included).
  const periodFires = entrusted ? cal.fireDay(d0, 30 + extension) : cal.fireDay(accept, 15 + extension);
  let mediator = localMediator;

  // Fengqiao points: settle at the point, or pass the case up (by hand, or when the tier's service level runs out).
  if (setup.route === 'LOWER_TIER') {
    const settlesHere = outcome === 'A' && rng.chance(0.55);
    if (!settlesHere && outcome !== 'W') {
      const byHand = setup.point!.tier === 'TOWNSHIP' || rng.chance(0.4);
      // TIER_SLA: the village point's service level (7 days from receipt) runs out and the engine escalates.
      const up = byHand ? tl.pick(accept, 1, 4) : cal.fireDay(d0, 7);
      if (byHand) main.add(up, localMediator, 'ESCALATE', { reason: '本级调解未能化解，依枫桥式分级调解规则提交上一级调解组织' });
      mediator = handler;
      main.add(tl.pick(up, 0, 2), mediator, 'ASSIGN_MEDIATOR', { mediatorId: demoUserId(mediator) });
    }
  }

  // Side tracks that start once the case is accepted: legal aid, labor inspection.
  const wageOrInjury = intake.disputeTypes.some((t) => ['WAGE_ARREARS', 'WORK_INJURY', 'OVERTIME'].includes(t));
  let legalAidFrom: number | undefined;
  if (outcome !== 'W' && wageOrInjury && rng.chance(intake.migrant ? 0.22 : 0.03)) {
    const la = tl.track(main.lastStep);
    const asked = tl.pick(accept, 1, 5);
    la.add(asked, mediator, 'REQUEST_LEGAL_AID', { justiceOrgId: demoOrgId(CITY_ACTORS.legalAidOrgKey) });
    const granted = rng.chance(0.85);
    const decided = la.add(
      tl.pick(asked, 2, 6),
      CITY_ACTORS.legalAidOfficer,
      granted ? 'LA_GRANT' : 'LA_DENY',
      granted ? { lawyerName: `${personName(rng, rng.chance(0.6) ? 'M' : 'F')}律师` } : { reason: '经审查不符合法律援助条件' },
    );
    if (granted) legalAidFrom = decided.day;
  }
  if (outcome !== 'W' && (setup.intakeKind === 'COLLECTIVE' ? rng.chance(0.5) : intake.disputeTypes[0] === 'WAGE_ARREARS' && rng.chance(0.03))) {
    const li = tl.track(main.lastStep);
    const hrss = county === '420302' ? 'hrss-inspection-maojian' : countyOrgKey('HRSS', county);
    li.add(tl.pick(accept, 0, 4), mediator, 'REFER_LABOR_INSPECTION', { hrssOrgId: demoOrgId(hrss) });
  }

  if (outcome === 'W') {
    main.add(tl.pick(accept, 1, 12), mediator, 'WITHDRAW', { reason: rng.pick(WITHDRAWALS) });
    return finish(setup, tags, intake.workers.length, tl);
  }

  // The day mediation ends (agreement or failure), never after its period.
  const lastMediationDay = entrusted ? d0 + 29 + extension : accept + 14 + extension;
  const firstEnd = Math.max(main.day, accept + (outcome === 'A' ? 1 : 4));
  const end = Math.min(lastMediationDay, tl.pick(firstEnd, 0, Math.max(0, (outcome === 'A' ? 12 : 10) + extension)));
  if (extension > 0) {
    main.add(Math.min(end, accept + rng.int(9, 13)), mediator, 'EXTEND_MEDIATION', { days: extension, consentOfBoth: true });
  }
  if (end - main.day >= 2 && rng.chance(setup.intakeKind === 'COLLECTIVE' ? 0.7 : 0.25)) {
    const online = rng.chance(0.25);
    const scheduled = main.day + rng.int(0, 1);
    const inDays = rng.int(1, Math.max(1, Math.min(3, end - scheduled - 1)));
    const morning = rng.chance(0.5);
    main.add(scheduled, mediator, 'SCHEDULE_SESSION', { at: { $dayAt: inDays, time: morning ? '09:30' : '14:30' }, ...(online ? { online: true } : { place: `${COUNTY_NAMES[county]}劳动争议调解中心第${rng.int(1, 3)}调解室` }) });
    main.add(scheduled + inDays, mediator, 'RECORD_SESSION', { summary: '双方到场陈述意见，调解员释明法律规定，双方就争议焦点交换了意见。' }, { slot: morning ? 2 : 3 });
  }

  const money: Money = { claims, yuan };
  const expired = outcome === 'F' && rng.chance(0.4);
  if (outcome === 'A') {
    planRemedies.afterAgreement(ctx, tl, main, Math.max(end, main.day), actors, money, { entrusted, legalAidFrom, mediator, migrant: intake.migrant });
  } else if (expired) {
    // Nobody ends it: the period runs out (MEDIATION_PERIOD, or the court's ENTRUSTED_PERIOD) and the engine ends mediation.
    planRemedies.afterFailure(ctx, tl, main, periodFires, actors, { entrusted, expired: true, legalAidFrom, mediator, migrant: intake.migrant, claims });
  } else {
    const failed = main.add(Math.max(end, main.day), mediator, 'MEDIATION_FAILED', { reason: rng.pick(FAILURES) });
    planRemedies.afterFailure(ctx, tl, main, failed.day, actors, { entrusted, expired: false, legalAidFrom, mediator, migrant: intake.migrant, claims });
  }
  planRemedies.close(ctx, tl, main, mediator);
  return finish(setup, tags, intake.workers.length, tl);
}

function finish(setup: CaseSetup, tags: Set<CaseTag>, workers: number, tl: CaseTimeline): PlannedCase {
  const steps: PlannedStep[] = tl.steps();
  return { ref: setup.ref, county: setup.county, tags: [...tags].sort(), workers, steps };
}

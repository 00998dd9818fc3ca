import type { DisputeType } from '@tiaojie/domain';
import type { CaseTimeline, Track } from './case-timeline';
import type { PlanContext } from './plan-context';
import { CITY_ACTORS } from './demo-cast';
import type { PlannedStep } from './plan.types';

/**
 * What follows mediation (DOMAIN.md §3.4–3.5): an agreement's performance and judicial
 * confirmation, defaults and their remedies (payment order, enforcement, arbitration, lawsuit), and
 * after a failure: arbitration, a lawsuit (with the procuratorate's support), or nothing more.
 */
export interface CaseActors {
  handler: string;
  courtClerk: string;
  procurator: string;
  courtOrgId: string;
  procuratorateOrgId: string;
  commissionOrgId: string;
  county: string;
}

export interface Money {
  claims: { type: DisputeType; claimedFen: number }[];
  /** Drawn yuan → whole planned yuan (the year's money factor applied). */
  yuan: (raw: number) => number;
}

export interface Flags {
  entrusted: boolean;
  /** The day legal aid was granted, if it was: from then on the aid lawyer files suits for the worker. */
  legalAidFrom?: number;
  mediator: string;
  migrant: boolean;
}

/** Who files a suit on `day`: the legal-aid centre once aid is granted, else the mediator helps the worker. */
const suer = (flags: Flags, day: number) => (flags.legalAidFrom !== undefined && flags.legalAidFrom < day ? CITY_ACTORS.legalAidOfficer : flags.mediator);

/** Where the main line stands once everything planned has run, and whether and how it may be closed. */
interface Ending {
  closable: boolean;
  outcome?: string;
  /** Not closed before this day (a lawsuit takes a while; a deadline the main line waits for). */
  notBefore?: number;
  /** The main line gets to a closable state only when a deadline fires (a period that may roll past a holiday). */
  awaits?: boolean;
}

const endings = new WeakMap<Track, Ending>();

/** Payment orders only for agreements on wages, injury costs, compensation or damages (LDMAL art. 16). */
const PAYMENT_ORDER_CLAIMS = new Set<DisputeType>(['WAGE_ARREARS', 'OVERTIME', 'DOUBLE_PAY_NO_CONTRACT', 'WORK_INJURY', 'ECONOMIC_COMPENSATION', 'UNLAWFUL_TERMINATION_DAMAGES']);
const METHODS: readonly (readonly [string, number])[] = [['BANK_TRANSFER', 70], ['WECHAT_PAY', 12], ['CASH', 8], ['ALIPAY', 6], ['CHEQUE', 4]];
const courtCode = (county: string) => `鄂${county.slice(2)}`;
const fenOf = (yuan: number) => yuan * 100;

function pay(ctx: PlanContext, track: Track, day: number, actor: string, amountFen: number, evidence = '银行转账回单'): PlannedStep {
  const method = ctx.rng.weighted(METHODS);
  return track.add(day, actor, 'RECORD_PAYMENT', { amountFen, paidAt: '$slot', method, evidenceRef: method === 'CASH' ? '现金收条（调解员见证）' : evidence });
}

function splitEvenly(totalFen: number, parts: number): number[] {
  const each = Math.floor(totalFen / 100 / parts) * 100;
  return Array.from({ length: parts }, (_, i) => (i === parts - 1 ? totalFen - each * (parts - 1) : each));
}

function afterAgreement(ctx: PlanContext, tl: CaseTimeline, main: Track, day: number, actors: CaseActors, money: Money, flags: Flags): void {
  const { rng } = ctx;
  const med = flags.mediator;
  // People's Mediation Law art. 29: items with amounts, and how and by when each is paid.
  const items = money.claims.map((c) => ({ type: c.type, agreedFen: Math.max(100, fenOf(Math.round((c.claimedFen / 100) * (0.55 + 0.45 * rng.next())))) }));
  const total = items.reduce((s, i) => s + i.agreedFen, 0);
  const n = rng.weighted([[1, 55], [2, 15], [3, 15], [4, 7], [5, 4], [6, 4]]);
  const first = rng.chance(0.3) ? 0 : rng.int(3, 25);
  const every = rng.int(15, 31);
  const offsets = Array.from({ length: n }, (_, i) => first + i * every);
  const amounts = splitEvenly(total, n);
  const agreed = main.add(day, med, 'REACH_AGREEMENT', {
    items,
    schedule: offsets.map((o, i) => ({ dueDate: { $date: o }, amountFen: amounts[i] })),
    signedAt: '$slot',
  });
  const due = offsets.map((o) => agreed.day + o);

  // Judicial confirmation (People's Mediation Law art. 33), side by side with performance.
  let confirmedOn: number | undefined;
  const confirmation = tl.track(agreed);
  if (rng.chance(flags.entrusted ? 0.7 : 0.3)) {
    const filed = confirmation.add(tl.pick(agreed.day, 0, 10), med, 'REQUEST_JUDICIAL_CONFIRMATION', { courtOrgId: actors.courtOrgId });
    if (rng.chance(0.03)) {
      confirmation.add(tl.pick(filed.day, 1, 2), actors.courtClerk, 'JC_REJECT', { reason: '申请材料不齐全，当事人未共同到场' });
    } else {
      const accepted = confirmation.add(rng.chance(0.05) ? filed.day + rng.int(4, 5) : tl.pick(filed.day, 1, 2), actors.courtClerk, 'JC_ACCEPT');
      let ruling = tl.pick(accepted.day, 3, 14);
      if (rng.chance(0.1)) {
        const ext = confirmation.add(tl.pick(accepted.day, 8, 13), actors.courtClerk, 'JC_EXTEND', { reason: '案情需进一步核实，依法延长审查期限' });
        ruling = tl.pick(ext.day, 1, 10);
      }
      if (rng.chance(0.92)) {
        const c = confirmation.add(ruling, actors.courtClerk, 'JC_CONFIRM', { rulingNo: `({{year}})${courtCode(actors.county)}民特${rng.int(10, 999)}号` });
        confirmedOn = c.day;
      } else {
        confirmation.add(ruling, actors.courtClerk, 'JC_REFUSE', { reason: '调解协议内容违反法律强制性规定' });
      }
    }
  }

  // Performance: on time, late, or a default that needs a remedy.
  const behaviour = rng.weighted<'ON_TIME' | 'LATE' | 'DEFAULT' | 'STOPPED'>([['ON_TIME', 76], ['LATE', 9], ['DEFAULT', 9], ['STOPPED', 6]]);
  const missed = behaviour === 'ON_TIME' ? n : rng.int(0, n - 1);
  const payments = tl.track(agreed);
  let paidFen = 0;
  let i = 0;
  while (i < n) {
    if (i < missed) {
      pay(ctx, payments, Math.max(agreed.day, due[i] - rng.int(0, Math.min(4, offsets[i]))), med, amounts[i]);
      paidFen += amounts[i];
      i++;
      continue;
    }
    if (behaviour !== 'LATE') break;
    // Paid late: the instalment deadline fires first (a default), then the money comes.
    const lateDay = tl.after(due[i], 3, 20);
    let amount = 0;
    while (i < n && due[i] < lateDay) amount += amounts[i++];
    pay(ctx, payments, lateDay, med, amount, '逾期付款银行回单');
    paidFen += amount;
    while (i < n) {
      pay(ctx, payments, Math.max(lateDay, due[i] - rng.int(0, 3)), med, amounts[i]);
      paidFen += amounts[i++];
    }
  }
  const ending: Ending = { closable: paidFen === total };
  endings.set(main, ending);
  if (paidFen === total) return;

  const outstanding = total - paidFen;
  const missedDue = due[missed];
  // Remedies run on the main line after the missed instalment's deadline (fires at 00:05 the next day).
  const remedy = tl.track(payments.lastStep ?? agreed);
  if (behaviour === 'STOPPED') {
    // The employer stops paying; some workers sue on the agreement (a confirmed agreement stays open: enforcing it is the worker's call).
    if (confirmedOn === undefined && rng.chance(0.5)) {
      const day = tl.after(missedDue, 20, 45);
      remedy.add(day, suer(flags, day), 'FILE_LAWSUIT', { courtOrgId: actors.courtOrgId });
      Object.assign(ending, { closable: true, outcome: 'LITIGATION' });
      lateClose(ctx, remedy, ending);
    }
    return;
  }
  if (confirmedOn !== undefined) {
    // A confirmed agreement is enforceable by the court.
    const applied = remedy.add(Math.max(tl.after(missedDue, 3, 10), confirmedOn + 1), med, 'APPLY_ENFORCEMENT', { courtOrgId: actors.courtOrgId });
    enforcementPayments(ctx, remedy, applied.day, med, outstanding, ending);
  } else if (money.claims.some((c) => PAYMENT_ORDER_CLAIMS.has(c.type)) && rng.chance(0.7)) {
    const applied = remedy.add(tl.after(missedDue, 2, 8), med, 'APPLY_PAYMENT_ORDER', { courtOrgId: actors.courtOrgId });
    if (rng.chance(0.15)) {
      // LDMAL art. 16: an objection ends the order; the worker may sue on the agreement.
      const objected = remedy.add(tl.after(applied.day, 5, 14), actors.courtClerk, 'PAYMENT_ORDER_OBJECTED', { reason: '被申请人在法定期间内提出书面异议' });
      remedy.add(tl.after(objected.day, 3, 12), med, 'FILE_LAWSUIT', { courtOrgId: actors.courtOrgId });
      Object.assign(ending, { closable: true, outcome: 'LITIGATION' });
      lateClose(ctx, remedy, ending);
    } else {
      const issued = remedy.add(tl.after(applied.day, 5, 14), actors.courtClerk, 'PAYMENT_ORDER_ISSUED', { orderNo: `({{year}})${courtCode(actors.county)}民督${rng.int(10, 499)}号` });
      if (rng.chance(0.65)) {
        pay(ctx, remedy, tl.after(issued.day, 5, 20), med, outstanding, '支付令送达后付款凭证');
        ending.closable = true;
      } else {
        const enforced = remedy.add(tl.after(issued.day, 16, 25), med, 'APPLY_ENFORCEMENT', { courtOrgId: actors.courtOrgId });
        enforcementPayments(ctx, remedy, enforced.day, med, outstanding, ending);
      }
    }
  } else if (rng.chance(0.5)) {
    const referred = remedy.add(tl.after(missedDue, 3, 10), med, 'REFER_ARBITRATION', { commissionOrgId: actors.commissionOrgId });
    arbitration(ctx, tl, remedy, referred, actors, money.claims, flags, ending);
  } else {
    const day = tl.after(missedDue, 5, 20);
    remedy.add(day, suer(flags, day), 'FILE_LAWSUIT', { courtOrgId: actors.courtOrgId });
    Object.assign(ending, { closable: true, outcome: 'LITIGATION' });
    lateClose(ctx, remedy, ending);
  }
}

/** The court enforces: most of what is owed comes in, in one or two payments; sometimes only part of it. */
function enforcementPayments(ctx: PlanContext, track: Track, from: number, med: string, outstanding: number, ending: Ending): void {
  const { rng } = ctx;
  const share = rng.chance(0.75) ? 1 : 0.5 + 0.3 * rng.next();
  const collected = Math.max(100, Math.floor((outstanding * share) / 100) * 100);
  const parts = rng.chance(0.4) && collected >= 200 ? splitEvenly(collected, 2) : [collected];
  let day = from;
  for (const amount of parts) {
    day = tailDay(ctx, day, 12, 45);
    pay(ctx, track, day, med, amount, '法院执行款划付凭证');
  }
  Object.assign(ending, { closable: true, outcome: 'ENFORCED' });
}

function tailDay(ctx: PlanContext, from: number, min: number, max: number): number {
  const d = from + ctx.rng.int(min, max);
  return ctx.cal.workdayBetween(d, d + 4);
}

function lateClose(ctx: PlanContext, track: Track, ending: Ending): void {
  // A lawsuit takes a while: the centre closes its file once the court has the case.
  ending.notBefore = Math.max(ending.notBefore ?? 0, track.day + ctx.rng.int(20, 60));
}

function arbitration(ctx: PlanContext, tl: CaseTimeline, track: Track, referred: PlannedStep, actors: CaseActors, claims: Money['claims'], flags: Flags, ending: Ending): void {
  const { rng } = ctx;
  const arb = CITY_ACTORS.arbitrationClerk;
  const fate = rng.weighted<'ACCEPT' | 'NOT_ACCEPT' | 'SILENT'>([['ACCEPT', 90], ['NOT_ACCEPT', 4], ['SILENT', 6]]);
  if (fate === 'NOT_ACCEPT') {
    const no = track.add(tl.pick(referred.day, 1, 4), arb, 'ARB_NOT_ACCEPT', { reason: '申请超过仲裁时效且无中止、中断事由' });
    mayLitigate(ctx, tl, track, no.day, actors, flags, ending, false);
    return;
  }
  if (fate === 'SILENT') {
    // LDMAL art. 29: no decision within 5 days — the worker may go to court.
    mayLitigate(ctx, tl, track, ctx.cal.fireDay(referred.day, 5), actors, flags, ending, true);
    return;
  }
  const accepted = track.add(tl.pick(referred.day, 1, 4), arb, 'ARB_ACCEPT');
  let bound = accepted.day + 44;
  let from = accepted.day;
  const twist = rng.weighted<'NONE' | 'SUSPEND' | 'EXTEND' | 'AMEND'>([['NONE', 82], ['SUSPEND', 8], ['EXTEND', 5], ['AMEND', 5]]);
  if (twist === 'SUSPEND') {
    const s = track.add(tl.pick(from, 5, 15), arb, 'SUSPEND_ARBITRATION', { reason: '等待劳动能力鉴定结论' });
    const r = track.add(tl.pick(s.day, 5, 20), arb, 'RESUME_ARBITRATION');
    bound += r.day - s.day;
    from = r.day;
  } else if (twist === 'AMEND') {
    const a = track.add(tl.pick(from, 5, 15), arb, 'AMEND_CLAIMS', { reason: '申请人变更仲裁请求' });
    bound = a.day + 44;
    from = a.day;
  } else if (twist === 'EXTEND') {
    const days = rng.int(10, 15);
    const e = track.add(tl.pick(from, 30, 40), arb, 'EXTEND_ARBITRATION', { days, reason: '案情复杂，经仲裁委员会主任书面批准延期' });
    bound += days;
    from = e.day;
  }
  const served = track.add(Math.min(bound, tl.pick(from, Math.max(1, 20 - (from - accepted.day)), 40)), arb, 'AWARD_SERVED', {
    servedAt: '$slot',
    items: claims.map((c) => ({ type: c.type, awardedFen: Math.floor((c.claimedFen * (0.4 + 0.6 * rng.next())) / 100) * 100 })),
  });
  if (rng.chance(0.3)) {
    const day = tl.pick(served.day, 2, 13);
    track.add(day, suer(flags, day), 'SUE_AFTER_AWARD', { courtOrgId: actors.courtOrgId });
    Object.assign(ending, { closable: true, outcome: 'LITIGATION' });
    lateClose(ctx, track, ending);
    return;
  }
  // Arts. 48, 50: nobody sued within 15 days — the award binds and can be enforced.
  const effective = ctx.cal.fireDay(served.day, 15);
  if (rng.chance(0.35)) {
    const e = track.add(tl.after(effective, 1, 10), flags.mediator, 'APPLY_ENFORCEMENT', { courtOrgId: actors.courtOrgId }, { awaits: true });
    Object.assign(ending, { closable: true, outcome: 'ENFORCED', notBefore: e.day + rng.int(20, 60) });
  } else {
    Object.assign(ending, { closable: true, outcome: 'AWARD_EFFECTIVE', notBefore: effective, awaits: true });
  }
}

/** Arbitration refused or silent: the worker may sue, or lets it rest. `awaits`: silence, known only once ARBITRATION_ACCEPTANCE has fired. */
function mayLitigate(ctx: PlanContext, tl: CaseTimeline, track: Track, from: number, actors: CaseActors, flags: Flags, ending: Ending, awaits: boolean): void {
  if (ctx.rng.chance(0.6)) {
    const day = tl.after(from, 3, 12);
    track.add(day, suer(flags, day), 'FILE_LAWSUIT', { courtOrgId: actors.courtOrgId }, awaits ? { awaits: true } : {});
    Object.assign(ending, { closable: true, outcome: 'LITIGATION' });
    lateClose(ctx, track, ending);
  } else {
    Object.assign(ending, { closable: true, outcome: 'NO_FURTHER_ACTION', notBefore: from + 3, awaits });
  }
}

export interface FailureFlags extends Flags {
  /** The period ran out by itself: the first step after it waits for the deadline to have fired. */
  expired: boolean;
  claims: Money['claims'];
}

function afterFailure(ctx: PlanContext, tl: CaseTimeline, main: Track, from: number, actors: CaseActors, flags: FailureFlags): void {
  const { rng } = ctx;
  const med = flags.mediator;
  const ending: Ending = { closable: true };
  endings.set(main, ending);
  const awaits = flags.expired ? ({ awaits: true } as const) : {};
  if (flags.entrusted) {
    // Back to the court with a handover packet; on expiry the engine does it itself.
    if (!flags.expired) {
      main.add(tl.pick(from, 0, 1), med, 'RETURN_TO_COURT', { reason: '调解不成，退回委派法院依法立案', pointsInDispute: ['劳动关系存续期间', '欠付工资数额'] });
    }
    Object.assign(ending, { outcome: 'RETURNED_TO_COURT', notBefore: from + 2, awaits: flags.expired });
    return;
  }
  const next = rng.weighted<'ARBITRATION' | 'LAWSUIT' | 'CLOSE'>([['ARBITRATION', 45], ['LAWSUIT', 20], ['CLOSE', 35]]);
  if (next === 'ARBITRATION') {
    const referred = main.add(tl.after(from, 1, 7), med, 'REFER_ARBITRATION', { commissionOrgId: actors.commissionOrgId }, awaits);
    arbitration(ctx, tl, main, referred, actors, flags.claims, flags, ending);
    return;
  }
  if (next === 'LAWSUIT') {
    let day = tl.after(from, 2, 10);
    if (flags.migrant && rng.chance(0.5)) {
      // Civil Procedure Law art. 15: the procuratorate supports a vulnerable worker's lawsuit.
      const asked = main.add(tl.after(from, 1, 5), med, 'REQUEST_SUPPORT_PROSECUTION', { procuratorateOrgId: actors.procuratorateOrgId }, awaits);
      const support = rng.chance(0.8);
      const decided = main.add(rng.chance(0.05) ? asked.day + rng.int(5, 7) : tl.pick(asked.day, 1, 4), actors.procurator, support ? 'SP_SUPPORT' : 'SP_DECLINE', support ? {} : { reason: '申请人具备诉讼能力，不符合支持起诉条件' });
      day = tl.after(decided.day, 1, 6);
      main.add(day, suer(flags, day), 'FILE_LAWSUIT', { courtOrgId: actors.courtOrgId }, awaits);
    } else {
      main.add(day, suer(flags, day), 'FILE_LAWSUIT', { courtOrgId: actors.courtOrgId }, awaits);
    }
    Object.assign(ending, { outcome: 'LITIGATION' });
    lateClose(ctx, main, ending);
    return;
  }
  Object.assign(ending, { outcome: 'MEDIATION_FAILED', notBefore: from + rng.int(2, 12), awaits: flags.expired });
}

/** Closes the file once everything else on every track has happened, if the main line allows it. */
function close(ctx: PlanContext, tl: CaseTimeline, main: Track, mediator: string): void {
  const ending = endings.get(main);
  if (!ending?.closable) return;
  const latest = tl.latest()!;
  const base = Math.max(latest.day, ending.notBefore ?? 0);
  const day = ctx.rng.chance(0.3) ? tl.after(base, 15, 45) : tl.after(base, 1, 10);
  const awaits = ending.awaits === true;
  main.add(day, mediator, 'CLOSE', ending.outcome ? { outcome: ending.outcome } : {}, awaits ? { awaits: true } : {});
}

export const planRemedies = { afterAgreement, afterFailure, close };

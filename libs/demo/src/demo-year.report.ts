import type { AppConfig } from '@tiaojie/config';
import { generateDemoYear, type DemoYearOptions, type DemoYearOutcome } from './demo-year';
import { COUNTY_NAMES } from './plan/demo-cast';
import type { YearTotals } from './plan/year-totals';

/** ¥ with thousands separators from integer fen (no floating point on the way). */
export function yuan(fen: number): string {
  const whole = Math.trunc(fen / 100);
  return `¥${whole.toLocaleString('en-US')}.${String(Math.abs(fen % 100)).padStart(2, '0')}`;
}

const n = (x: number) => x.toLocaleString('en-US');
const pct = (part: number, whole: number) => (whole === 0 ? '0' : ((part * 100) / whole).toFixed(1));

/** The year's figures as printed by `npm run seed:demo` and on the first `npm start`. */
export function describeDemoYear(outcome: Extract<DemoYearOutcome, { generated: true }>): string[] {
  const t: YearTotals = outcome.report.totals;
  const r = outcome.report;
  const check = outcome.check;
  return [
    `Demo year ${outcome.startDate} → ${outcome.endDate} (seed ${outcome.plan.options.seed}${outcome.plan.options.scale === 1 ? '' : `, scale ${outcome.plan.options.scale}`}), every step a command on the test clock`,
    `  cases opened        ${n(t.intakes)}: accepted ${n(t.accepted)}, refused at intake ${n(t.refused)}, withdrawn ${n(t.withdrawn)}`,
    `  accepted by county  ${Object.entries(t.acceptedByCounty).map(([code, c]) => `${COUNTY_NAMES[code] ?? code} ${n(c)}`).join(' · ')}`,
    `  closed              ${n(t.closed)}`,
    `  agreements          ${n(t.agreements)}, ${yuan(t.agreedFen)} agreed`,
    `  collective          ${n(t.collective)} cases, ${n(t.collectiveWorkers)} workers`,
    `  court-entrusted     ${n(t.entrusted)}; from migrant-worker stations ${n(t.station)}`,
    `  migrant workers     ${n(t.migrant)} cases (${pct(t.migrant, t.accepted)} %); platform workers ${n(t.platform)} cases (${pct(t.platform, t.accepted)} %)`,
    `  confirmations       ${n(t.confirmationsRequested)} requested, ${n(t.confirmed)} confirmed by the court`,
    `  remedies            ${n(t.paymentOrders)} payment orders, ${n(t.enforcements)} enforcements, ${n(t.arbitrationReferrals)} arbitration referrals (${n(t.awards)} awards), ${n(t.lawsuits)} lawsuits`,
    `  side tracks         ${n(t.supportProsecutions)} support prosecutions, ${n(t.legalAidRequests)} legal-aid requests, ${n(t.laborInspections)} labor-inspection referrals`,
    `  routing             ${n(t.escalations)} escalations by hand, ${n(t.transfers)} transfers`,
    `  payments            ${n(t.payments)} verified payments: ${yuan(t.paidFen)} recovered (paid basis)`,
    `  outreach            ${n(t.outreachActivities)} activities, ${n(t.outreachPeopleReached)} people reached, ${n(t.fromOutreach)} applications came from them`,
    `  engine              ${n(r.commands)} commands, ${n(r.deadlinesFired)} deadlines fired, ${n(r.deferrals)} waits for a deadline; ${(r.elapsedMs / 1000).toFixed(1)} s (steps ${(r.timing.cases / 1000).toFixed(1)} s, clock and deadline firing ${(r.timing.firing / 1000).toFixed(1)} s, outreach ${(r.timing.other / 1000).toFixed(1)} s)`,
    `  database check      ${n(check.cases)} cases, ${n(check.accepted)} accepted, ${n(check.payments)} payments summing ${yuan(check.paidFen)}, ${n(check.outreach)} outreach activities (${n(check.fromOutreach)} cases from them): ${check.matches ? 'matches' : 'DIFFERS from the commands sent'}`,
  ];
}

/**
 * The first start on an empty database (DEMO_DATA=year): generates the demo year, printing progress
 * and then the year's figures; says so and does nothing when the database has cases already.
 */
export async function ensureDemoYear(config: AppConfig, write: (line: string) => void, options: DemoYearOptions = {}): Promise<DemoYearOutcome> {
  let shown = -1;
  write('demo year: checking the database (DEMO_DATA=year)');
  const outcome = await generateDemoYear(config, {
    ...options,
    onStart: (startDate, endDate) => write(`demo year: generating ${startDate} → ${endDate} through the command path; this first start takes a few minutes`),
    onProgress: (p) => {
      if (p.percent < 100 && Math.floor(p.percent / 5) === shown) return;
      shown = Math.floor(p.percent / 5);
      write(`demo year: ${String(p.percent).padStart(3)} %  up to ${p.date}, ${n(p.casesOpened)} cases, ${n(p.commands)} commands, ${Math.round(p.elapsedMs / 1000)} s`);
    },
  });
  if (!outcome.generated) {
    const why: Record<string, string> = {
      GENERATED: 'already in the database',
      HAS_CASES: 'not generated: the database already has cases',
      INTERRUPTED: 'an earlier generation was interrupted; its partial year stays. To generate it again, start from an empty database (for `npm start`: stop it and delete .data/pg)',
      CLOCK_AHEAD: `not generated: this database's test clock already stands at ${outcome.clock}, after the year's first day, and never goes back`,
    };
    write(`demo year: ${why[outcome.state] ?? outcome.state}`);
    return outcome;
  }
  for (const line of describeDemoYear(outcome)) write(`demo year: ${line}`);
  return outcome;
}

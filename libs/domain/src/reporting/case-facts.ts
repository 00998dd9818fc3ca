import { LegalCalendar } from '../calendar/legal-calendar';
import { isoToEpochDay } from '../calendar/civil-date';
import type { DeadlineKind } from '../deadlines/deadline-rules';
import { YEARBOOK_CATEGORY, type DisputeType } from '../case/case-data';
import type { CaseContext } from '../case/case.types';

/**
 * One case as managers' figures see it (DOMAIN §6): the row `report_case_facts` keeps per case,
 * derived from the case after each transition — never typed in, never read from the event log at
 * query time. Dates are legal days in Asia/Shanghai ('YYYY-MM-DD').
 *
 * Where a case is counted: its region is `cases.region_code` — the region the application names
 * (for a migrant-worker station, the worker's home county: the station's own place is the venue,
 * DOMAIN §3.8, so the home city counts it) or the centre it was transferred to. Its organisation,
 * body and tier are those handling it now (after a transfer or a Fengqiao escalation, the centre
 * that has it). Contract: stored in `report_case_facts`; add fields, never rename one.
 */
export const ROUTES = ['MEDIATION', 'ARBITRATION', 'LITIGATION', 'OTHER'] as const;
export type Route = (typeof ROUTES)[number];

export interface CaseFacts {
  caseId: string;
  regionCode: string;
  orgId: string;
  agency: string;
  tier: string;
  /** The first dispute type named at intake. */
  disputeType: string;
  yearbookCategory: string;
  channel: string;
  /** Entrusted by a court before filing (诉前委派调解). */
  entrusted: boolean;
  migrant: boolean;
  platform: boolean;
  collective: boolean;
  fromOutreach: boolean;
  /** Distinct workers on the case, every represented worker of a collective case included. */
  workers: number;
  claimedFen: number;
  acceptedOn: string | null;
  /** Only for accepted cases: an application refused or withdrawn before acceptance is not a case handled. */
  closedOn: string | null;
  outcome: string | null;
  route: Route;
  returnedToCourt: boolean;
  mediationConcludedOn: string | null;
  mediationSucceeded: boolean | null;
  agreementSignedOn: string | null;
  agreedFen: number;
  confirmationRequested: boolean;
  confirmed: boolean;
  paidFen: number;
  daysToClose: number | null;
  daysToConclude: number | null;
}

/** What does not change after intake (or changes only with the handling organisation). */
export interface CaseFactsBase {
  disputeTypes: readonly string[];
  channel: string;
  workers: number;
  migrant: boolean;
  platform: boolean;
  collective: boolean;
  fromOutreach: boolean;
  claimedFen: number;
}

export interface CaseFactsInput {
  caseId: string;
  regionCode: string;
  org: { id: string; agency: string; tier: string };
  base: CaseFactsBase;
  context: CaseContext;
  /** The main line's state after the transition (`mediation.active`, `agreed`, …). */
  state: string;
  /** The state before it (null when the case was just opened). */
  stateFrom: string | null;
  eventType: string;
  /** When the transition happened. */
  at: string;
  /** The facts before this transition, carrying what only a transition shows (when mediation ended). */
  previous: Pick<CaseFacts, 'mediationConcludedOn' | 'mediationSucceeded' | 'returnedToCourt'> | null;
}

const day = (iso: string) => LegalCalendar.shanghaiDate(new Date(iso));
const daysBetween = (from: string, to: string) => isoToEpochDay(to) - isoToEpochDay(from);

export function yearbookCategoryOf(disputeType: string): string {
  return (YEARBOOK_CATEGORY as Record<string, string>)[disputeType as DisputeType] ?? 'OTHER';
}

/**
 * Where a case went to be settled, furthest forum first: litigation (a lawsuit, or a court-entrusted
 * case handed back to the court, which registers it at once — DOMAIN §3.5), arbitration (referred
 * to the commission), mediation (an agreement was signed), otherwise OTHER (withdrawn, refused,
 * closed after a failed mediation without going further).
 */
export function routeOf(context: Pick<CaseContext, 'litigation' | 'arbitration' | 'agreement'>, returnedToCourt: boolean): Route {
  if (context.litigation || returnedToCourt) return 'LITIGATION';
  if (context.arbitration) return 'ARBITRATION';
  if (context.agreement) return 'MEDIATION';
  return 'OTHER';
}

/**
 * A mediation concludes when the main line leaves `mediation.*`: with an agreement (on the day it
 * was signed), or without one (failure, the period running out, return to the court, withdrawal)
 * on the day that happened. Works for every machine version (v1 leaves for `performance`).
 */
export function mediationConclusion(
  stateFrom: string | null,
  state: string,
  eventType: string,
  at: string,
  context: Pick<CaseContext, 'agreement'>,
): { on: string; succeeded: boolean } | null {
  if (!stateFrom?.startsWith('mediation') || state.startsWith('mediation')) return null;
  const succeeded = eventType === 'REACH_AGREEMENT' && context.agreement !== undefined;
  return { on: succeeded ? day(context.agreement!.signedAt) : day(at), succeeded };
}

export function deriveCaseFacts(i: CaseFactsInput): CaseFacts {
  const c = i.context;
  const conclusion = i.previous?.mediationConcludedOn
    ? { on: i.previous.mediationConcludedOn, succeeded: i.previous.mediationSucceeded ?? false }
    : mediationConclusion(i.stateFrom, i.state, i.eventType, i.at, c);
  const returnedToCourt = (i.previous?.returnedToCourt ?? false) || i.state === 'returnedToCourt';
  const acceptedOn = c.acceptedAt ? day(c.acceptedAt) : null;
  const closedOn = acceptedOn && c.closedAt ? day(c.closedAt) : null;
  const disputeType = i.base.disputeTypes[0] ?? 'OTHER';
  return {
    caseId: i.caseId,
    regionCode: i.regionCode,
    orgId: i.org.id,
    agency: i.org.agency,
    tier: i.org.tier,
    disputeType,
    yearbookCategory: yearbookCategoryOf(disputeType),
    channel: i.base.channel,
    entrusted: i.base.channel === 'COURT_ENTRUSTED',
    migrant: i.base.migrant,
    platform: i.base.platform,
    collective: i.base.collective,
    fromOutreach: i.base.fromOutreach,
    workers: i.base.workers,
    claimedFen: i.base.claimedFen,
    acceptedOn,
    closedOn,
    outcome: c.outcome ?? null,
    route: routeOf(c, returnedToCourt),
    returnedToCourt,
    mediationConcludedOn: conclusion?.on ?? null,
    mediationSucceeded: conclusion ? conclusion.succeeded : null,
    agreementSignedOn: c.agreement ? day(c.agreement.signedAt) : null,
    agreedFen: c.agreement?.totalFen ?? 0,
    confirmationRequested: c.judicialConfirmation !== undefined,
    confirmed: c.judicialConfirmation?.rulingNo !== undefined,
    paidFen: c.paidFen,
    daysToClose: acceptedOn && closedOn ? daysBetween(acceptedOn, closedOn) : null,
    daysToConclude: acceptedOn && conclusion ? Math.max(0, daysBetween(acceptedOn, conclusion.on)) : null,
  };
}

/**
 * Deadlines that are an organisation's duty, and which organisation answers for each (DOMAIN §6
 * "deadline compliance, per organisation"): met ÷ (met + expired). Not counted: periods that are
 * the parties' rights or options (ARBITRATION_RIGHT, CONFIRMATION_WINDOW, SUE_AFTER_AWARD), the
 * employer's instalments, the limitation warning, and the mediation / entrusted periods, whose end
 * without agreement is an outcome (mediation failed) that the success rate already counts.
 */
export const COMPLIANCE_DEADLINES: Partial<Record<DeadlineKind, (c: CaseContext, handlingOrgId: string) => string | undefined>> = {
  ACCEPTANCE_SLA: (_c, handling) => handling,
  TIER_SLA: (_c, handling) => handling,
  COURT_ACCEPT_CONFIRMATION: (c) => c.judicialConfirmation?.courtOrgId,
  COURT_RULE_CONFIRMATION: (c) => c.judicialConfirmation?.courtOrgId,
  ARBITRATION_ACCEPTANCE: (c) => c.arbitration?.commissionOrgId,
  ARBITRATION_AWARD: (c) => c.arbitration?.commissionOrgId,
  SUPPORT_PROSECUTION_SLA: (c) => c.supportProsecution?.orgId,
  LEGAL_AID_REVIEW: (c) => c.legalAid?.orgId,
};

export const COMPLIANCE_DEADLINE_KINDS = Object.keys(COMPLIANCE_DEADLINES) as DeadlineKind[];

/** Kind → the organisation that answers for it on this case now. */
export function responsibleOrgs(context: CaseContext, handlingOrgId: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const kind of COMPLIANCE_DEADLINE_KINDS) out[kind] = COMPLIANCE_DEADLINES[kind]!(context, handlingOrgId) ?? handlingOrgId;
  return out;
}

import {
  allowedEvents,
  maskIdNumber,
  maskPhone,
  outstandingFen,
  stateLabel,
  toShanghaiIso,
  trackStates,
  type CaseEventType,
  type EventSender,
} from '@tiaojie/domain';
import type { CaseRecord, ClaimRecord, DeadlineRecord, DocumentRecord, PartyRecord, ReferralInboxRow } from '@tiaojie/persistence';

/** The case as API.md describes it. Personal data is masked here, always. */
export interface CaseView {
  id: string;
  caseNo: string;
  version: number;
  state: string;
  stateLabel: string;
  machineVersion: string;
  regionCode: string;
  tier: string;
  orgId: string;
  channel: string;
  collective: boolean;
  facts: string;
  disputeTypes: string[];
  receivedAt: string;
  openedAt: string;
  closedAt: string | null;
  outcome: string | null;
  workers: WorkerView[];
  employer: EmployerView | null;
  claims: { type: string; claimedFen: number; period: string | null }[];
  money: { claimedFen: number; agreedFen: number; paidFen: number; outstandingFen: number };
  agreement: { items: { type: string; agreedFen: number }[]; schedule: { dueDate: string; amountFen: number }[]; signedAt: string } | null;
  payments: { amountFen: number; paidAt: string; method: string; evidenceRef?: string; recordedAt: string }[];
  sessions: { at: string; place?: string; online: boolean; summary?: string; recordedAt?: string }[];
  deadlines: DeadlineView[];
  documents: { kind: string; docNo: string; issuedAt: string }[];
  allowedEvents: CaseEventType[];
  assignees: { userId: string; role: 'MEDIATOR' | 'CO_MEDIATOR' }[];
  referrals: ReferralView[];
  closingReason: string | null;
  /** Where the application was taken, and the organisation that took it (it keeps following the case). */
  venueRegionCode: string;
  originOrgId: string;
  /** Side tracks running beside the main line (machine v2): performance, confirmation, support prosecution, … */
  tracks: Record<string, string>;
  judicialConfirmation: unknown;
  arbitration: unknown;
  enforceableTitle: unknown;
  escalations: unknown[];
  supportProsecution: unknown;
  legalAid: unknown;
}

export interface ReferralView {
  id: string;
  caseId: string;
  caseNo: string;
  kind: string;
  fromOrg: { id: string; name: string };
  toOrg: { id: string; name: string };
  status: string;
  createdAt: string;
  dueAt: string | null;
}

export function toReferralView(r: ReferralInboxRow): ReferralView {
  return {
    id: r.id,
    caseId: r.caseId,
    caseNo: r.caseNo,
    kind: r.kind,
    fromOrg: { id: r.fromOrgId, name: r.fromOrgName },
    toOrg: { id: r.toOrgId, name: r.toOrgName },
    status: r.status,
    createdAt: toShanghaiIso(r.createdAt),
    dueAt: r.dueAt ? toShanghaiIso(r.dueAt) : null,
  };
}

export interface WorkerView {
  id: string;
  name: string;
  idType: string | null;
  idNumber: string | null;
  phone: string | null;
  homeRegionCode: string | null;
  isMigrantWorker: boolean;
  employmentForm: string | null;
  isRepresentative: boolean;
}

export interface EmployerView {
  id: string;
  name: string;
  creditCode: string | null;
  address: string | null;
  regionCode: string | null;
}

export interface DeadlineView {
  id: string;
  kind: string;
  status: string;
  dueAt: string;
  lastDay: string;
  triggerAt: string;
  unit: string;
  length: number;
  extensionDays: number;
  basis: string;
  rule: string;
  completedAt: string | null;
  ref: string;
  suspendedDays: number;
}

export interface CaseViewParts {
  record: CaseRecord;
  parties: PartyRecord[];
  claims: ClaimRecord[];
  deadlines: DeadlineRecord[];
  documents: DocumentRecord[];
  referrals: ReferralInboxRow[];
}

export function toDeadlineView(d: DeadlineRecord): DeadlineView {
  return {
    id: d.id,
    kind: d.kind,
    status: d.status,
    dueAt: toShanghaiIso(d.dueAt),
    lastDay: d.lastDay,
    triggerAt: toShanghaiIso(d.triggerAt),
    unit: d.unit,
    length: d.length,
    extensionDays: d.extensionDays,
    basis: d.basis,
    rule: d.rule,
    completedAt: d.completedAt ? toShanghaiIso(d.completedAt) : null,
    ref: d.ref,
    suspendedDays: d.suspendedDays,
  };
}

/**
 * What a case view lists beside the case row, built for showing: workers masked, the employer,
 * claims, deadlines, documents and referrals. Holds no personal data beyond what a view shows
 * (CaseViewLoader keeps these between requests).
 */
export interface CaseListViews {
  workers: WorkerView[];
  employer: EmployerView | null;
  claims: CaseView['claims'];
  deadlines: DeadlineView[];
  documents: CaseView['documents'];
  referrals: ReferralView[];
}

export function buildListViews(parts: Omit<CaseViewParts, 'record'>): CaseListViews {
  const employer = parts.parties.find((p) => p.kind === 'EMPLOYER');
  return {
    workers: parts.parties
      .filter((p) => p.kind === 'WORKER')
      .map((w) => ({
        id: w.id,
        name: w.name,
        idType: w.idType,
        idNumber: w.idNumber ? maskIdNumber(w.idNumber) : null,
        phone: w.phone ? maskPhone(w.phone) : null,
        homeRegionCode: w.homeRegionCode,
        isMigrantWorker: w.isMigrantWorker,
        employmentForm: w.employmentForm,
        isRepresentative: w.isRepresentative,
      })),
    employer: employer
      ? { id: employer.id, name: employer.name, creditCode: employer.creditCode, address: employer.address, regionCode: employer.regionCode }
      : null,
    claims: parts.claims.map((c) => ({ type: c.type, claimedFen: c.claimedFen, period: c.period })),
    deadlines: parts.deadlines.map(toDeadlineView),
    documents: parts.documents.map((d) => ({ kind: d.kind, docNo: d.docNo, issuedAt: toShanghaiIso(d.issuedAt) })),
    referrals: parts.referrals.map(toReferralView),
  };
}

/** `mayAct`: the access policy lets this viewer act on the case at all (otherwise no events are offered). */
export function buildCaseView(parts: CaseViewParts, viewer: EventSender, now: Date, mayAct = true): CaseView {
  return caseViewOf(parts.record, buildListViews(parts), viewer, now, mayAct);
}

/** The view of the case row `r` with its lists already built (see CaseViewLoader). */
export function caseViewOf(r: CaseRecord, lists: CaseListViews, viewer: EventSender, now: Date, mayAct = true): CaseView {
  const ctx = r.snapshot.context;
  return {
    id: r.id,
    caseNo: r.caseNo,
    version: r.version,
    state: r.state,
    stateLabel: stateLabel(r.state),
    machineVersion: r.machineVersion,
    regionCode: r.regionCode,
    tier: r.tier,
    orgId: r.orgId,
    channel: r.channel,
    collective: r.collective,
    facts: r.facts,
    disputeTypes: r.disputeTypes,
    receivedAt: toShanghaiIso(r.receivedAt),
    openedAt: toShanghaiIso(r.openedAt),
    closedAt: r.closedAt ? toShanghaiIso(r.closedAt) : null,
    outcome: r.outcome,
    workers: lists.workers,
    employer: lists.employer,
    claims: lists.claims,
    money: { claimedFen: r.claimedFen, agreedFen: r.agreedFen, paidFen: r.paidFen, outstandingFen: outstandingFen(ctx) },
    agreement: ctx.agreement ? { items: ctx.agreement.items, schedule: ctx.agreement.schedule, signedAt: ctx.agreement.signedAt } : null,
    payments: ctx.payments,
    sessions: ctx.sessions.map((s) => ({ at: s.at, place: s.place, online: s.online, summary: s.summary, recordedAt: s.recordedAt })),
    deadlines: lists.deadlines,
    documents: lists.documents,
    allowedEvents: mayAct ? allowedEvents(r.snapshot, viewer, now.toISOString()) : [],
    assignees: [
      ...(ctx.mediatorId ? [{ userId: ctx.mediatorId, role: 'MEDIATOR' as const }] : []),
      ...ctx.coMediatorIds.map((userId) => ({ userId, role: 'CO_MEDIATOR' as const })),
    ],
    referrals: lists.referrals,
    closingReason: ctx.closingReason ?? null,
    venueRegionCode: r.venueRegionCode,
    originOrgId: r.originOrgId,
    tracks: trackStates(r.snapshot.value),
    judicialConfirmation: ctx.judicialConfirmation ?? null,
    arbitration: ctx.arbitration ?? null,
    enforceableTitle: ctx.enforceableTitle ?? null,
    escalations: ctx.escalations ?? [],
    supportProsecution: ctx.supportProsecution ?? null,
    legalAid: ctx.legalAid ?? null,
  };
}

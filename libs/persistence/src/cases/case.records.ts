import type { StoredSnapshot } from '@tiaojie/domain';
import type { DeadlineRecord } from '../deadlines/deadline.records';

/** Rows as the application sees them (camelCase, numbers for fen, Dates for instants). */
export interface CaseRecord {
  id: string;
  caseNo: string;
  version: number;
  machineVersion: string;
  state: string;
  snapshot: StoredSnapshot;
  channel: string;
  regionCode: string;
  orgId: string;
  tier: string;
  collective: boolean;
  facts: string;
  disputeTypes: string[];
  receivedAt: Date;
  openedAt: Date;
  closedAt: Date | null;
  outcome: string | null;
  claimedFen: number;
  agreedFen: number;
  paidFen: number;
  mediatorId: string | null;
  createdBy: string;
  entrustingCourtOrgId: string | null;
  courtCaseRef: string | null;
  eventSeq: number;
  lastEventHash: string;
  updatedAt: Date;
  /** Where the application was taken (a station outside the province, say). */
  venueRegionCode: string;
  /** The organisation that took it; it keeps following the case after a transfer. */
  originOrgId: string;
  /** Side tracks' states, denormalised from the snapshot for lists and inboxes. */
  tracks: Record<string, string>;
  /** The outreach activity the case came from (DOMAIN §3.9), if intake named one. */
  outreachActivityId?: string | null;
  /**
   * The organisations the case has been referred to, read with the row by `findById` and
   * `findByDeadlinesForUpdate` (one round trip for the access check instead of two); absent elsewhere.
   */
  referredToOrgIds?: string[];
  /**
   * The revision of the case's lists — parties, claims, deadlines, documents, referrals — which
   * PostgreSQL bumps on every change to any of them (migration 1765400000000). Read with the row by
   * `findById`; absent elsewhere, and on a record a transition has just written (its own list
   * changes are not counted yet).
   */
  listsRev?: number;
}

export interface PartyRecord {
  id: string;
  caseId: string;
  kind: 'WORKER' | 'EMPLOYER';
  idx: number;
  name: string;
  idType: string | null;
  /** In memory only: stored encrypted (`id_number_enc`) with a blind index; mask before showing. */
  idNumber: string | null;
  /** In memory only (E.164): stored encrypted (`phone_enc`) with a blind index; mask before showing. */
  phone: string | null;
  homeRegionCode: string | null;
  isMigrantWorker: boolean;
  employmentForm: string | null;
  isRepresentative: boolean;
  creditCode: string | null;
  address: string | null;
  regionCode: string | null;
}

export interface ClaimRecord {
  caseId: string;
  idx: number;
  type: string;
  claimedFen: number;
  period: string | null;
}

export interface CaseEventRecord {
  caseId: string;
  seq: number;
  type: string;
  at: Date;
  actorId: string;
  actorName: string;
  actorAgency: string | null;
  payload: Record<string, unknown>;
  stateFrom: string | null;
  stateTo: string;
  version: number;
  prevHash: string;
  hash: string;
}

export interface DocumentRecord {
  id: string;
  caseId: string;
  kind: string;
  docNo: string;
  issuedAt: Date;
  eventSeq: number;
}

export interface CaseListFilter {
  state?: string;
  regionCode?: string;
  assignedTo?: string;
  overdueAt?: Date;
  collective?: boolean;
  q?: string;
  page: number;
  pageSize: number;
  /** The caller's visible cases (access policy), applied in SQL; absent means no restriction (system use). */
  visibleTo?: VisibilityFilter;
}

export interface VisibilityFilter {
  /** Region-code prefix of the caller's region subtree (REGION scope). */
  regionPrefix?: string;
  /** The caller's organisation (REFERRED and ORIGIN scopes). */
  referredToOrgId?: string;
  originOrgId?: string;
  /** The caller (ASSIGNED scope). */
  assignedUserId?: string;
}

export interface CaseListRow {
  id: string;
  caseNo: string;
  version: number;
  state: string;
  regionCode: string;
  channel: string;
  collective: boolean;
  openedAt: Date;
  closedAt: Date | null;
  outcome: string | null;
  claimedFen: number;
  agreedFen: number;
  paidFen: number;
  mediatorId: string | null;
  employerName: string | null;
  workerNames: string[];
  nextDeadlineKind: string | null;
  nextDeadlineAt: Date | null;
}

export interface ReferralRecord {
  id: string;
  caseId: string;
  kind: string;
  fromOrgId: string;
  toOrgId: string;
  status: 'PENDING' | 'ACCEPTED' | 'REJECTED' | 'COMPLETED';
  deadlineId: string | null;
  eventSeq: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface ReferralInboxRow extends ReferralRecord {
  caseNo: string;
  fromOrgName: string;
  toOrgName: string;
  dueAt: Date | null;
  caseState: string;
}

/** Everything a case view lists besides the case row, and the revision of the lists it read (one statement). */
export interface CaseViewPartsRecord {
  listsRev: number;
  parties: PartyRecord[];
  claims: ClaimRecord[];
  deadlines: DeadlineRecord[];
  documents: DocumentRecord[];
  referrals: ReferralInboxRow[];
}

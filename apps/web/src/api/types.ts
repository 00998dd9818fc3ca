/** The shapes of API.md as the console reads them. Money fields are integer fen. */
import type { Role } from '../lib/domain';

export interface User {
  id: string;
  username: string;
  displayName: string;
  orgId: string | null;
  orgName: string | null;
  agency: string | null;
  roles: Role[];
  regionCode: string | null;
}

export interface Session {
  accessToken: string;
  refreshToken: string;
  user: User;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface Money {
  claimedFen: number;
  agreedFen: number;
  paidFen: number;
  outstandingFen?: number;
}

export interface CaseListItem {
  id: string;
  caseNo: string;
  version: number;
  state: string;
  stateLabel: string;
  regionCode: string;
  channel: string;
  collective: boolean;
  openedAt: string;
  closedAt: string | null;
  outcome: string | null;
  employerName: string | null;
  workerNames: string[];
  money: Money;
  mediatorId: string | null;
  nextDeadline: { kind: string; dueAt: string; overdue: boolean } | null;
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
  status: 'PENDING' | 'MET' | 'EXPIRED' | 'CANCELLED' | 'PAUSED' | string;
  dueAt: string;
  lastDay?: string;
  triggerAt?: string;
  unit: string;
  length: number;
  extensionDays?: number;
  basis: string;
  rule?: string;
  completedAt?: string | null;
  ref?: string;
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
  facts?: string;
  disputeTypes?: string[];
  receivedAt?: string;
  openedAt: string;
  closedAt: string | null;
  outcome: string | null;
  workers: WorkerView[];
  employer: EmployerView | null;
  claims?: { type: string; claimedFen: number; period: string | null }[];
  money: Required<Money>;
  agreement?: { items: { type: string; agreedFen: number }[]; schedule: { dueDate: string; amountFen: number }[]; signedAt: string } | null;
  payments?: { amountFen: number; paidAt: string; method: string; evidenceRef?: string; recordedAt: string }[];
  sessions?: { at: string; place?: string; online: boolean; summary?: string; recordedAt?: string }[];
  deadlines: DeadlineView[];
  documents?: { kind: string; docNo: string; issuedAt: string }[];
  allowedEvents: string[];
  assignees: { userId: string; role: string }[];
  referrals: ReferralView[];
  tracks?: Record<string, string>;
  closingReason?: string | null;
}

export interface HistoryEntry {
  seq: number;
  type: string;
  at: string;
  actor: { id: string; displayName: string; agency: string | null };
  payload: Record<string, unknown>;
  hash: string;
  prevHash: string | null;
}

export interface PartyData {
  id: string;
  name: string;
  idType: string | null;
  idNumber: string | null;
  phone: string | null;
}

export interface Org {
  id: string;
  name: string;
  agency: string;
  regionCode: string;
  tier: string;
  parentId: string | null;
}

export interface NotificationItem {
  id: string;
  template: string;
  subject: string;
  body: string;
  caseId: string | null;
  createdAt: string;
  readAt: string | null;
}

export interface FailedNotification {
  id: string;
  channel: string;
  template: string;
  caseId: string | null;
  caseNo: string | null;
  recipient: string | null;
  attempts: number;
  lastError: string | null;
  createdAt: string;
}

export interface ReportFigures {
  casesAccepted: number;
  casesClosed: number;
  agreements: number;
  mediationsConcluded?: number;
  successRate: number | null;
  workersCovered: number;
  claimedFen: number;
  agreedFen: number;
  paidFen?: number;
  recoveredFen: number;
  medianDaysToClose: number | null;
  p90DaysToClose?: number | null;
  deadlineCompliance: number | null;
  confirmationRate?: number | null;
  entrustedShare?: number | null;
  routing?: { mediationShare: number | null; arbitrationShare: number | null; litigationShare: number | null; otherShare: number | null };
}

export interface Bilingual {
  zh: string;
  en: string;
}

/** `GET /api/reports/summary` (API.md "Reports"): figures, each with its definition, for the caller's region. */
export interface ReportSummary {
  basis: 'paid' | 'agreed';
  basisLabel?: Bilingual;
  period?: { from: string; to: string; timeZone: string };
  region?: { code: string; name: string };
  totals: ReportFigures;
  groups: Array<ReportFigures & { key: string; label: string }>;
  definitions?: Record<string, { label: Bilingual; definition: Bilingual }>;
}

import type { Role } from './roles';

/**
 * Who may do what, and on which cases (DESIGN §6): one table read by the API guard, the case
 * queries (in SQL), `allowedEvents` and the authorization tests.
 *
 * Scopes, for a case:
 * - REGION:   the case's region lies in the subtree of the caller's organisation's region;
 * - REFERRED: the case was referred to the caller's organisation (or entrusted by it);
 * - ASSIGNED: the caller is the case's mediator or a co-mediator;
 * - ORIGIN:   the caller's organisation took the case or handles it now (a station follows its cases).
 * Out of scope answers 404 (existence does not leak); in scope but not permitted answers 403.
 */
export const SCOPES = ['REGION', 'REFERRED', 'ASSIGNED', 'ORIGIN'] as const;
export type Scope = (typeof SCOPES)[number];

export const ACTIONS = [
  'case.open',
  'case.read',
  'case.event',
  'case.reveal',
  'referral.inbox',
  'org.read',
  'workflow.read',
  'self.read',
  'admin.clock',
  'admin.users',
  'admin.audit',
  'notification.read',
  'notification.failed',
  'report.read',
  'outreach.record',
  'outreach.read',
] as const;
export type Action = (typeof ACTIONS)[number];

type Grants = Partial<Record<Action, readonly Scope[] | true>>;

const CASE_WORK: Grants = { 'case.read': ['REGION', 'ASSIGNED', 'ORIGIN'], 'case.event': ['REGION', 'ASSIGNED', 'ORIGIN'] };
const RECEIVING: Grants = { 'case.read': ['REFERRED'], 'case.event': ['REFERRED'], 'referral.inbox': true };
const EVERYONE: Grants = { 'org.read': true, 'workflow.read': true, 'self.read': true, 'notification.read': true };
/**
 * Managers' figures (DOMAIN §6) are for the managers who watch case load, deadlines and money: the
 * union's centre managers and the city's. The receiving bodies work referred cases only and get no
 * region-wide figures. Outreach (DOMAIN §3.9) is recorded by the union's mediators, managers and
 * migrant-worker stations, who hold the activities; reports always apply the caller's region.
 */
const OUTREACH: Grants = { 'outreach.record': true, 'outreach.read': true };

export const ACCESS_POLICY: Record<Role, Grants> = {
  UNION_MEDIATOR: { ...EVERYONE, ...CASE_WORK, ...OUTREACH, 'case.open': true, 'case.reveal': ['REGION', 'ASSIGNED', 'ORIGIN'], 'referral.inbox': true },
  UNION_MANAGER: { ...EVERYONE, ...OUTREACH, 'report.read': true, 'notification.failed': true, 'case.read': ['REGION', 'ORIGIN'], 'case.event': ['REGION', 'ORIGIN'], 'case.open': true, 'case.reveal': ['REGION'], 'referral.inbox': true },
  CITY_MANAGER: { ...EVERYONE, 'report.read': true, 'outreach.read': true, 'notification.failed': true, 'case.read': ['REGION'] },
  COURT_CLERK: { ...EVERYONE, ...RECEIVING, 'case.open': true, 'case.reveal': ['REFERRED'] },
  JUDGE: { ...EVERYONE, ...RECEIVING, 'case.reveal': ['REFERRED'] },
  PROCURATOR: { ...EVERYONE, ...RECEIVING, 'case.reveal': ['REFERRED'] },
  ARBITRATION_CLERK: { ...EVERYONE, ...RECEIVING },
  LEGAL_AID_OFFICER: { ...EVERYONE, ...RECEIVING, 'case.reveal': ['REFERRED'] },
  HRSS_INSPECTOR: { ...EVERYONE, ...RECEIVING, 'case.open': true },
  STATION_CLERK: { ...EVERYONE, ...OUTREACH, 'case.read': ['ORIGIN'], 'case.event': ['ORIGIN'], 'case.open': true },
  ADMIN: { ...EVERYONE, 'notification.failed': true, 'admin.clock': true, 'admin.users': true, 'admin.audit': true },
  SYSTEM: {},
};

/** The scopes in which any of `roles` may perform `action` on a case; `true` when the action is not about a case. */
export function grantsFor(roles: readonly Role[], action: Action): { allowed: boolean; scopes: Scope[] } {
  const scopes = new Set<Scope>();
  let allowed = false;
  for (const role of roles) {
    const g = ACCESS_POLICY[role]?.[action];
    if (g === true) allowed = true;
    else if (g) {
      allowed = true;
      g.forEach((s) => scopes.add(s));
    }
  }
  return { allowed, scopes: [...scopes] };
}

/**
 * The prefix of region codes inside a region's subtree (GB/T 2260): a province 420000 covers 42…,
 * a city 420300 covers 4203…, a county 420302 covers 420302…; 9- and 12-digit codes cover themselves.
 */
export function regionPrefix(code: string): string {
  if (code.length !== 6) return code;
  if (code.endsWith('0000')) return code.slice(0, 2);
  if (code.endsWith('00')) return code.slice(0, 4);
  return code;
}

export interface CaseScopeFacts {
  regionCode: string;
  venueRegionCode: string;
  orgId: string;
  originOrgId: string;
  mediatorIds: readonly string[];
  referredToOrgIds: readonly string[];
}

export interface Viewer {
  id: string;
  roles: readonly Role[];
  orgId: string | null;
  regionCode: string | null;
}

/** Whether `viewer` may perform `action` on this case: 'yes', 'forbidden' (in scope, not permitted) or 'hidden' (out of scope). */
export function caseAccess(viewer: Viewer, action: Action, c: CaseScopeFacts): 'yes' | 'forbidden' | 'hidden' {
  const inScope = (scopes: readonly Scope[]) =>
    scopes.some((s) => {
      switch (s) {
        case 'REGION':
          return !!viewer.regionCode && c.regionCode.startsWith(regionPrefix(viewer.regionCode));
        case 'REFERRED':
          return !!viewer.orgId && c.referredToOrgIds.includes(viewer.orgId);
        case 'ASSIGNED':
          return c.mediatorIds.includes(viewer.id);
        case 'ORIGIN':
          return !!viewer.orgId && (c.originOrgId === viewer.orgId || c.orgId === viewer.orgId);
      }
    });
  const read = grantsFor(viewer.roles, 'case.read');
  if (!read.allowed || !inScope(read.scopes)) return 'hidden';
  if (action === 'case.read') return 'yes';
  const g = grantsFor(viewer.roles, action);
  return g.allowed && inScope(g.scopes) ? 'yes' : 'forbidden';
}

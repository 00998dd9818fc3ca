import type { Role } from './roles';

/**
 * Roles that may ask for a party's full ID number and phone (`?reveal=true`, API.md; DESIGN §6).
 * Everyone else sees them masked. Each reveal is audited. Which cases a role may reveal on is the
 * access policy's `case.reveal` scope (access-policy.ts); this list is the role gate before it.
 */
export const MAY_REVEAL_PERSONAL_DATA: readonly Role[] = [
  'UNION_MEDIATOR',
  'UNION_MANAGER',
  'COURT_CLERK',
  'JUDGE',
  'LEGAL_AID_OFFICER',
  'PROCURATOR',
] as const;

export function mayRevealPersonalData(roles: readonly Role[]): boolean {
  return roles.some((r) => MAY_REVEAL_PERSONAL_DATA.includes(r));
}

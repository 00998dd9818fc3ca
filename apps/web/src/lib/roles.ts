import type { User } from '../api/types';
import { grantsFor, type Action, type Role } from './domain';

/** What the console offers a user follows the access policy of libs/domain (the API enforces the same table). */
export function may(user: User | null | undefined, action: Action): boolean {
  return !!user && grantsFor(user.roles, action).allowed;
}

const MANAGERS: readonly Role[] = ['UNION_MANAGER', 'CITY_MANAGER', 'ADMIN'];

/** Managers see the dashboard (figures, overdue list, failed notifications). */
export function mayViewReports(user: User | null | undefined): boolean {
  return !!user && user.roles.some((r) => MANAGERS.includes(r));
}

/** The receiving side of referrals: court, arbitration, procuratorate, legal aid, inspection. */
export function isReceiver(user: User | null | undefined): boolean {
  const receivers: readonly Role[] = ['COURT_CLERK', 'JUDGE', 'ARBITRATION_CLERK', 'PROCURATOR', 'LEGAL_AID_OFFICER', 'HRSS_INSPECTOR'];
  return !!user && user.roles.some((r) => receivers.includes(r));
}

export function isMediator(user: User | null | undefined): boolean {
  return !!user && user.roles.some((r) => r === 'UNION_MEDIATOR' || r === 'STATION_CLERK');
}

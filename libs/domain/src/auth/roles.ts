/** Roles a user may hold (DOMAIN.md §1). SYSTEM is the engine itself: deadline firings and migrations. */
export const ROLES = [
  'UNION_MEDIATOR',
  'UNION_MANAGER',
  'COURT_CLERK',
  'JUDGE',
  'PROCURATOR',
  'ARBITRATION_CLERK',
  'LEGAL_AID_OFFICER',
  'HRSS_INSPECTOR',
  'STATION_CLERK',
  'CITY_MANAGER',
  'ADMIN',
  'SYSTEM',
] as const;
export type Role = (typeof ROLES)[number];

export const AGENCIES = ['UNION', 'COURT', 'PROCURATORATE', 'HRSS', 'JUSTICE'] as const;
export type Agency = (typeof AGENCIES)[number];

export interface Actor {
  id: string;
  displayName: string;
  agency: Agency | null;
  roles: readonly Role[];
}

export const SYSTEM_ACTOR: Actor = { id: '00000000-0000-0000-0000-000000000000', displayName: 'Tiaojie', agency: null, roles: ['SYSTEM'] };

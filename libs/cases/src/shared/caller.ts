import type { Actor, Agency, Role } from '@tiaojie/domain';

/** The authenticated user a command or query runs for. */
export interface Caller extends Actor {
  orgId: string | null;
  regionCode: string | null;
  agency: Agency | null;
  roles: readonly Role[];
}

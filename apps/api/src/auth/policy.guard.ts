import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Caller } from '@tiaojie/cases';
import { grantsFor } from '@tiaojie/domain';
import type { Request } from 'express';
import { HttpProblem } from '../http/http-errors';
import { ROUTE_POLICY } from './route-policy';

/** The action a route performs must be granted to one of the caller's roles (403 otherwise). Runs after authentication. */
@Injectable()
export class PolicyGuard implements CanActivate {
  canActivate(ctx: ExecutionContext): boolean {
    const req = ctx.switchToHttp().getRequest<Request & { caller?: Caller; route?: { path: string } }>();
    const key = `${req.method} ${req.route?.path ?? req.path}`;
    const action = ROUTE_POLICY[key];
    if (action === 'PUBLIC') return true;
    if (!action) throw new HttpProblem(403, 'NO_POLICY', 'this route has no access policy');
    if (!req.caller || !grantsFor(req.caller.roles, action).allowed) {
      throw new HttpProblem(403, 'ROLE_REQUIRED', `your role may not ${action.replace('.', ' ')}`);
    }
    return true;
  }
}

import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Caller } from '@tiaojie/cases';
import { AuthService, InvalidTokenError } from '@tiaojie/identity';
import type { Request } from 'express';
import { HttpProblem } from '../http/http-errors';
import { IS_PUBLIC, REQUIRED_ROLES } from './auth.decorators';
import type { Role } from '@tiaojie/domain';

/** Every route needs a valid access token unless marked @Public (401), and the roles it names (403). */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const req = ctx.switchToHttp().getRequest<Request & { caller?: Caller }>();
    const header = req.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new InvalidTokenError();
    const claims = await this.auth.verifyAccess(match[1]);
    req.caller = {
      id: claims.sub,
      displayName: claims.name,
      agency: claims.agency,
      roles: claims.roles,
      orgId: claims.orgId,
      regionCode: claims.regionCode,
    };
    const required = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
    if (required && !required.some((r) => claims.roles.includes(r))) {
      throw new HttpProblem(403, 'ROLE_REQUIRED', `this needs one of the roles: ${required.join(', ')}`);
    }
    return true;
  }
}

import { Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';

/**
 * Throttles login attempts per client address and username: guessing one account's password is
 * slowed down, while an office of colleagues behind one address can still all log in.
 */
@Injectable()
export class LoginThrottlerGuard extends ThrottlerGuard {
  protected override async getTracker(req: Record<string, any>): Promise<string> {
    const username = typeof req.body?.username === 'string' ? req.body.username.slice(0, 100) : '';
    return `${req.ip}:${username}`;
  }
}

import { Injectable } from '@nestjs/common';
import type { Agency, Role } from '@tiaojie/domain';
import type { Caller } from '@tiaojie/cases';
import { DEMO_PASSWORD, demoOrgId, demoUserId, seedDemoAccounts } from '@tiaojie/identity';
import { IdentityTypeormRepository } from '@tiaojie/persistence';
import { hash } from 'bcryptjs';
import { DEMO_CAST } from '../plan/demo-cast';

/**
 * Seeds the demo organisations and accounts (libs/identity) and the staff the demo year adds to
 * them, the same way: stable ids, the demo password. Idempotent.
 */
@Injectable()
export class DemoCastSeeder {
  constructor(private readonly identity: IdentityTypeormRepository) {}

  async seed(): Promise<{ users: number }> {
    const base = await seedDemoAccounts(this.identity);
    // The demo seeds' cost (10): the demo password protects nothing, and the year should start fast.
    const passwordHash = await hash(DEMO_PASSWORD, 10);
    for (const m of DEMO_CAST) {
      await this.identity.upsertUser({
        id: demoUserId(m.username),
        username: m.username,
        displayName: m.displayName,
        passwordHash,
        orgId: demoOrgId(m.orgKey),
        roles: m.roles,
        active: true,
        locale: 'zh-CN',
      });
    }
    return { users: base.users + DEMO_CAST.length };
  }

  /** The authenticated user each demo username acts as, as the API would build it from a token. */
  async callers(usernames: Iterable<string>): Promise<Map<string, Caller>> {
    const out = new Map<string, Caller>();
    for (const username of usernames) {
      const user = await this.identity.findUserByUsername(username);
      if (!user) throw new Error(`demo user ${username} is missing`);
      const org = await this.identity.findOrgById(user.orgId);
      out.set(username, {
        id: user.id,
        displayName: user.displayName,
        orgId: user.orgId,
        regionCode: org?.regionCode ?? null,
        agency: (org?.agency as Agency | undefined) ?? null,
        roles: user.roles as Role[],
      });
    }
    return out;
  }
}

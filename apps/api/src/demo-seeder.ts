import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@tiaojie/config';
import { seedDemoAccounts } from '@tiaojie/identity';
import { IdentityTypeormRepository } from '@tiaojie/persistence';

/** Seeds the demo organisations and accounts (API.md "Demo accounts") unless DEMO_DATA=none; never in production. */
@Injectable()
export class DemoSeeder implements OnApplicationBootstrap {
  private readonly log = new Logger(DemoSeeder.name);

  constructor(
    private readonly identity: IdentityTypeormRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.demoData === 'none') return;
    if (this.config.nodeEnv === 'production') {
      this.log.warn('DEMO_DATA is ignored in production');
      return;
    }
    const r = await seedDemoAccounts(this.identity);
    this.log.log(`demo accounts ready: ${r.users} users in ${r.orgs} organisations (password tiaojie-demo)`);
  }
}

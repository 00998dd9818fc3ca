import { Global, Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@tiaojie/config';
import IORedis, { type Redis } from 'ioredis';

export const REDIS = Symbol('Redis');

/** Redis only wakes things up (DESIGN §4): the channel that tells relays new outbox rows exist. */
export const outboxWakeupChannel = (prefix: string) => `${prefix}:outbox-wakeup`;

export function createRedis(url: string): Redis {
  // maxRetriesPerRequest: null is what BullMQ requires of the connections it is given.
  return new IORedis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, lazyConnect: false });
}

@Injectable()
export class OutboxWakeup {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Best effort: the relay also polls, so a lost wake-up only delays, never loses. */
  ping(): void {
    this.redis.publish(outboxWakeupChannel(this.config.queuePrefix), '1').catch(() => undefined);
  }
}

@Injectable()
class RedisShutdown implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}
  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

@Global()
@Module({
  providers: [
    { provide: REDIS, inject: [APP_CONFIG], useFactory: (c: AppConfig) => createRedis(c.redisUrl) },
    OutboxWakeup,
    RedisShutdown,
  ],
  exports: [REDIS, OutboxWakeup],
})
export class RedisModule {}

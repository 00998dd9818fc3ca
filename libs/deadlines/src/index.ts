export * from './redis.module';
export * from './deadline-timers';
export * from './outbox-relay.service';
export * from './deadline-reconciler.service';
export * from './deadlines.module';
export * from './coalescing-runner';
export * from './redis-loss-detector';

import { Module } from '@nestjs/common';
import { DeadlineReconciler } from './deadline-reconciler.service';
import { DeadlineTimers } from './deadline-timers';
import { OutboxRelay } from './outbox-relay.service';

/** The worker side of durable deadlines: relay, timers, reconciler. */
@Module({
  providers: [DeadlineTimers, OutboxRelay, DeadlineReconciler],
  exports: [DeadlineTimers, OutboxRelay, DeadlineReconciler],
})
export class DeadlinesModule {}

import { Module } from '@nestjs/common';
import { NotificationChannelsModule } from '../notification-channels.module';
import { NotificationDispatcher } from './notification-dispatcher';
import { NotificationPlanner } from './notification-planner.service';
import { NotificationQueue } from './notification-queue';
import { NotificationReconciler } from './notification-reconciler.service';

/** The worker side of notifications: planner (outbox → rows), queue, dispatcher (rows → adapters), reconciler. */
@Module({
  imports: [NotificationChannelsModule],
  providers: [NotificationQueue, NotificationPlanner, NotificationDispatcher, NotificationReconciler],
  exports: [NotificationQueue, NotificationPlanner, NotificationDispatcher, NotificationReconciler],
})
export class NotificationPipelineModule {}

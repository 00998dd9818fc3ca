export * from './notification-queue';
export * from './notification-planner.service';
export * from './notification-dispatcher';
export * from './notification-reconciler.service';
export * from './notification-pipeline.module';
export * from './render';
export * from './quiet-hours-policy';

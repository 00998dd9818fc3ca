export * from './reminder-queue';
export * from './reminder.service';
export * from './reminder-scheduler.service';
export * from './reminder.processor';
export * from './reminders.module';

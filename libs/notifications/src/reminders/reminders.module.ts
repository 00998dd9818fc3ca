import { Module } from '@nestjs/common';
import { NotificationPipelineModule } from '../pipeline/notification-pipeline.module';
import { ReminderQueue } from './reminder-queue';
import { ReminderScheduler } from './reminder-scheduler.service';
import { ReminderProcessor } from './reminder.processor';
import { ReminderService } from './reminder.service';

/** The worker side of reminders and overdue notices (issue 5 item 4). */
@Module({
  imports: [NotificationPipelineModule],
  providers: [ReminderQueue, ReminderService, ReminderScheduler, ReminderProcessor],
  exports: [ReminderQueue, ReminderService, ReminderScheduler, ReminderProcessor],
})
export class RemindersModule {}

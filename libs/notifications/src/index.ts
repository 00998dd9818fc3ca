export * from './channel.port';
export * from './channels';
export * from './templates/render';
export * from './templates/deadline-words';
export * from './quiet-hours';
export * from './notification-channels.module';
export * from './pipeline';
export * from './reminders';

export * from './in-app.channel';
export * from './recording-sms.channel';
export * from './http-sms.channel';
export * from './smtp-email.channel';

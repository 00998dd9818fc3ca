export * from './identity.module';
export * from './auth/auth.service';
export * from './auth/auth.types';
export * from './seed/demo-accounts';
export * from './seed/stable-uuid';

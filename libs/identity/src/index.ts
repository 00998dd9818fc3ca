export * from './identity.module';
export * from './auth/auth.service';
export * from './auth/auth.types';
export * from './auth/identity-audit';
export * from './auth/password-policy';
export * from './admin/user-admin.service';
export * from './seed/demo-accounts';
export * from './seed/stable-uuid';

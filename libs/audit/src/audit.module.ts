import { Global, Injectable, Module } from '@nestjs/common';
import { IDENTITY_AUDIT } from '@tiaojie/identity/auth/identity-audit';
import { DataSource } from 'typeorm';
import { AuditTrail } from './audit-trail';
import { verifyChains, type ChainReport } from './verify-chains';

/** The verifier as a provider, for the admin route. */
@Injectable()
export class AuditVerifier {
  constructor(private readonly ds: DataSource) {}

  verify(): Promise<ChainReport> {
    return verifyChains(this.ds);
  }
}

/**
 * The audit trail for the whole application (global, so the identity lib's optional audit port and
 * the command handlers all append to the one chain). Needs the global PersistenceModule
 * (TransactionRunner, CLOCK, DataSource).
 */
@Global()
@Module({
  providers: [AuditTrail, AuditVerifier, { provide: IDENTITY_AUDIT, useExisting: AuditTrail }],
  exports: [AuditTrail, AuditVerifier, IDENTITY_AUDIT],
})
export class AuditModule {}

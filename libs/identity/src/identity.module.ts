import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { APP_CONFIG, type AppConfig } from '@tiaojie/config';
import { createSecretKey } from 'node:crypto';
import { UserAdminService } from './admin/user-admin.service';
import { AuthService, JWT_ALGORITHM } from './auth/auth.service';

@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (c: AppConfig) => {
        // A KeyObject, not the string: given a string, jsonwebtoken first tries to parse it as a PEM
        // public key on every sign and verify (an OpenSSL decoder set-up and a thrown error, ~3.6 ms of
        // CPU per request here) before it falls back to an HMAC secret. bench part 1, HTTP rows.
        const key = createSecretKey(Buffer.from(c.jwtSecret, 'utf8'));
        return {
          secretOrKeyProvider: () => key,
          signOptions: { algorithm: JWT_ALGORITHM, issuer: 'tiaojie' },
          verifyOptions: { algorithms: [JWT_ALGORITHM], issuer: 'tiaojie' },
        };
      },
    }),
  ],
  providers: [AuthService, UserAdminService],
  exports: [AuthService, UserAdminService],
})
export class IdentityModule {}

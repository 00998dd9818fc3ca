import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { APP_CONFIG, type AppConfig } from '@tiaojie/config';
import { UserAdminService } from './admin/user-admin.service';
import { AuthService, JWT_ALGORITHM } from './auth/auth.service';

@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (c: AppConfig) => ({
        secret: c.jwtSecret,
        signOptions: { algorithm: JWT_ALGORITHM, issuer: 'tiaojie' },
        verifyOptions: { algorithms: [JWT_ALGORITHM], issuer: 'tiaojie' },
      }),
    }),
  ],
  providers: [AuthService, UserAdminService],
  exports: [AuthService, UserAdminService],
})
export class IdentityModule {}

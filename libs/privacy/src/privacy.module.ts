import { Global, Logger, Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@tiaojie/config';
import { FieldCipher } from './field-cipher';

/** The field cipher, built once from the validated configuration (keys are checked again by the cipher itself). */
@Global()
@Module({
  providers: [
    {
      provide: FieldCipher,
      inject: [APP_CONFIG],
      useFactory: (c: AppConfig) => {
        if (c.pii.isDefault) {
          if (c.nodeEnv === 'production') throw new Error('PII_KEYS, PII_ACTIVE_KEY and PII_HASH_KEY are required in production');
          if (c.nodeEnv !== 'test') new Logger('Privacy').warn('PII_KEYS is not set: personal data is encrypted with the development keys');
        }
        return new FieldCipher(c.pii);
      },
    },
  ],
  exports: [FieldCipher],
})
export class PrivacyModule {}

export * from './field-cipher';
export * from './privacy.module';

export * from './fixed-clock';
export * from './case-builders';
export * from './test-env';
export * from './test-database';

export * from './case-facts';
export * from './report-contributions';
export * from './histogram';
export * from './report-period';
export * from './report-definitions';

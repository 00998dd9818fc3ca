export * from './case.types';
export * from './case.effects';
export * from './case.checks';
export * from './case.machine';
export * from './case-event-catalog';
export * from './case-workflow';
export * from './case-states';
export * from './case-data';

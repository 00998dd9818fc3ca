export * from './demo-year';
export * from './demo-year.report';
export * from './demo-year.module';
export * from './plan/plan.types';
export * from './plan/year-plan';
export * from './plan/year-totals';
export * from './plan/demo-cast';
export { DemoYearRunner, type DemoYearProgress, type RunReport } from './run/demo-year.runner';
export { DemoYearStore, type DatabaseCheck, type DemoYearState } from './run/demo-year.store';

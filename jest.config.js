/** Unit tests run in parallel; integration and e2e share one PostgreSQL and Redis and run in band. */
const swc = ['@swc/jest', {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
  },
  module: { type: 'commonjs' },
}];
const moduleNameMapper = {
  '^@tiaojie/([a-z-]+)$': '<rootDir>/libs/$1/src',
  '^@tiaojie/([a-z-]+)/(.*)$': '<rootDir>/libs/$1/src/$2',
};
/** The web console's modules (TypeScript and TSX, React's automatic runtime). */
const swcWeb = ['@swc/jest', {
  jsc: { parser: { syntax: 'typescript', tsx: true }, transform: { react: { runtime: 'automatic' } }, target: 'es2022' },
  module: { type: 'commonjs' },
}];
const common = { transform: { '^.+\\.ts$': swc }, moduleNameMapper, testEnvironment: 'node', moduleFileExtensions: ['ts', 'js', 'json'] };
module.exports = {
  testTimeout: 60000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/libs/**/*.spec.ts', '<rootDir>/apps/**/*.spec.ts', '<rootDir>/test/unit/**/*.spec.ts'], testPathIgnorePatterns: ['/node_modules/', '<rootDir>/apps/web/'] },
    { ...common, displayName: 'integration', testMatch: ['<rootDir>/test/integration/**/*.spec.ts'], globalSetup: '<rootDir>/test/setup/global-setup.ts' },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.spec.ts'], globalSetup: '<rootDir>/test/setup/global-setup.ts' },
    // The web console's pure modules: form validation, money, time, event payloads, the API client.
    { ...common, displayName: 'web', testMatch: ['<rootDir>/apps/web/src/**/*.spec.ts'], transform: { '^.+\\.tsx?$': swcWeb } },
    // The console in Debian's Chromium (playwright-core) against the real API, worker, PostgreSQL and Redis.
    { ...common, displayName: 'browser', testMatch: ['<rootDir>/test/browser/**/*.spec.ts'], globalSetup: '<rootDir>/test/setup/global-setup.ts' },
    // Faults and bad input (issue 9): the short profile runs in `npm test`; `npm run test:chaos` runs the
    // full one (CHAOS_PROFILE=full, property specs included) and prints the summary table.
    {
      ...common,
      displayName: 'chaos',
      testMatch: ['<rootDir>/test/chaos/**/*.chaos.spec.ts', ...(process.env.CHAOS_PROFILE === 'full' ? ['<rootDir>/libs/**/*.property.spec.ts'] : [])],
      globalSetup: '<rootDir>/test/chaos/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/chaos/support/global-teardown.ts',
    },
  ],
};

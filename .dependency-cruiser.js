/**
 * Architecture rules (DESIGN.md §2), checked by `npm run lint:deps` in `npm test`:
 *   depcruise apps libs --config .dependency-cruiser.js
 * Type-only imports count too (tsPreCompilationDeps), and `@tiaojie/*` aliases resolve through
 * tsconfig.json's paths, so a rule sees `@tiaojie/cases` as libs/cases/src/...
 */

/** npm packages the pure domain must not use: frameworks, ORM, queues, drivers, HTTP. */
const FRAMEWORKS = '(@nestjs/[^/]+|typeorm|bullmq|ioredis|pg|express)';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-no-frameworks',
      comment:
        'libs/domain is pure TypeScript: no NestJS, TypeORM, BullMQ, ioredis, pg or Express ' +
        '(put the adapter in the lib that owns the capability, behind a port the domain defines).',
      severity: 'error',
      from: { path: '^libs/domain/' },
      to: {
        // Resolved into node_modules (also their @types), or not resolvable at all (bare name).
        path: [`(^|/)node_modules/(@types/)?${FRAMEWORKS}/`, `^${FRAMEWORKS}(/|$)`],
      },
    },
    {
      name: 'domain-no-other-code',
      comment: 'libs/domain depends on no other lib and no app: everything else depends on it.',
      severity: 'error',
      from: { path: '^libs/domain/' },
      to: { path: '^(apps|libs)/', pathNot: '^libs/domain/' },
    },
    {
      name: 'api-not-to-worker',
      comment: 'apps/api must not import apps/worker: share code through a lib.',
      severity: 'error',
      from: { path: '^apps/api/' },
      to: { path: '^apps/worker/' },
    },
    {
      name: 'worker-not-to-api',
      comment: 'apps/worker must not import apps/api: share code through a lib.',
      severity: 'error',
      from: { path: '^apps/worker/' },
      to: { path: '^apps/api/' },
    },
    {
      name: 'libs-not-to-apps',
      comment: 'Libraries never import from apps/.',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'orm-entities-stay-in-persistence',
      comment:
        'TypeORM entities (*.orm-entity.ts) are private to libs/persistence: ' +
        'other code uses its repositories and the domain types they map to.',
      severity: 'error',
      from: { pathNot: '^libs/persistence/' },
      to: { path: '^libs/persistence/.+\\.orm-entity\\.ts$' },
    },
    {
      name: 'no-circular',
      comment: 'This dependency is part of a cycle: break it with a port or by moving the shared part.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['^dist/', '^apps/[^/]+/dist/', '^libs/[^/]+/dist/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['require', 'import', 'node', 'default', 'types'],
      extensions: ['.ts', '.d.ts', '.js', '.cjs', '.mjs', '.json'],
      mainFields: ['main', 'types', 'typings'],
    },
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};

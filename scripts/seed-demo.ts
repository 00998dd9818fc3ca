/**
 * `npm run seed:demo`: generates the demo year (issue 6) into the database at DATABASE_URL — the
 * city of DOMAIN.md §5 over the 365 days before today (or `--end`), every case, event and payment sent
 * through the command bus as the demo user who would take that step, with the test clock moving
 * through the year and deadlines firing as they fall due. Runs the migrations first. Prints progress,
 * then the year's figures, checked against the database.
 *
 *   DATABASE_URL=postgres://… npm run seed:demo [-- --seed 6 --end 2026-11-24 --scale 1 --concurrency 8 --force]
 *
 * Refuses a database that already has cases (exit 1) unless --force; a database that already holds
 * a demo year is left alone (exit 0). Exit 2: it could not run (no DATABASE_URL, bad arguments).
 * `npm start` on an empty database does the same by itself (DEMO_DATA=year).
 */
import { ConfigError, loadConfig } from '@tiaojie/config';
import { describeDemoYear, generateDemoYear, type DemoYearOptions } from '@tiaojie/demo';
import { createDataSource, runMigrations } from '@tiaojie/persistence';

const USAGE = 'usage: DATABASE_URL=postgres://… npm run seed:demo [-- --seed N] [--end YYYY-MM-DD] [--scale 0.1–1] [--concurrency N] [--force]';

class UsageError extends Error {}

function parseArgs(argv: string[]): DemoYearOptions {
  const options: DemoYearOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${arg} needs a value`);
      return v;
    };
    switch (arg) {
      case '--seed':
        options.seed = Number(value());
        if (!Number.isInteger(options.seed) || options.seed < 0) throw new UsageError('--seed must be a whole number');
        break;
      case '--end':
        options.endDate = value();
        if (!/^\d{4}-\d{2}-\d{2}$/.test(options.endDate) || Number.isNaN(Date.parse(options.endDate))) throw new UsageError('--end must be a date YYYY-MM-DD');
        break;
      case '--scale':
        options.scale = Number(value());
        if (!(options.scale > 0 && options.scale <= 1)) throw new UsageError('--scale must be more than 0 and at most 1');
        break;
      case '--concurrency':
        options.concurrency = Number(value());
        if (!Number.isInteger(options.concurrency) || options.concurrency < 1 || options.concurrency > 64) throw new UsageError('--concurrency must be 1 to 64');
        break;
      case '--force':
        options.force = true;
        break;
      default:
        throw new UsageError(`unknown argument ${arg}`);
    }
  }
  return options;
}

async function main(): Promise<number> {
  const options = parseArgs(process.argv.slice(2));
  if (!process.env.DATABASE_URL) {
    process.stderr.write(
      'seed:demo: DATABASE_URL is not set. Point it at a PostgreSQL database, e.g.\n' +
        '  DATABASE_URL=postgres://user@host:5432/tiaojie npm run seed:demo\n' +
        '(`npm start` generates the demo year into its embedded database by itself.)\n',
    );
    return 2;
  }
  const config = loadConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
  const ds = createDataSource(config.databaseUrl, 2);
  await ds.initialize();
  try {
    await runMigrations(ds);
  } finally {
    await ds.destroy();
  }

  let shown = -1;
  const started = Date.now();
  const outcome = await generateDemoYear(config, {
    ...options,
    onStart: (start, end) => process.stdout.write(`seed:demo: generating the demo year ${start} → ${end} through the command path\n`),
    onProgress: (p) => {
      if (p.percent < 100 && Math.floor(p.percent / 5) === shown) return;
      shown = Math.floor(p.percent / 5);
      process.stdout.write(`seed:demo: ${String(p.percent).padStart(3)} %  up to ${p.date}, ${p.casesOpened.toLocaleString('en-US')} cases, ${p.commands.toLocaleString('en-US')} commands, ${Math.round(p.elapsedMs / 1000)} s\n`);
    },
  });
  if (!outcome.generated) {
    if (outcome.state === 'GENERATED') {
      process.stdout.write('seed:demo: this database already holds a demo year; nothing to do.\n');
      return 0;
    }
    const why: Record<string, string> = {
      HAS_CASES: 'this database already has cases. Use an empty database, or add the demo year anyway with --force.',
      INTERRUPTED: 'an earlier demo year in this database was interrupted. Recreate the database to generate it again.',
      CLOCK_AHEAD: `this database's test clock already stands at ${outcome.clock}, after the year's first day, and never goes back. Use an empty database, or an --end after that.`,
    };
    process.stderr.write(`seed:demo: ${why[outcome.state] ?? outcome.state}\n`);
    return 1;
  }
  process.stdout.write(describeDemoYear(outcome).join('\n') + '\n');
  process.stdout.write(`seed:demo: done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  return outcome.check.matches && outcome.report.leftOver === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    if (e instanceof UsageError) process.stderr.write(`seed:demo: ${e.message}\n${USAGE}\n`);
    else if (e instanceof ConfigError) process.stderr.write(`seed:demo: ${e.message}\n`);
    else process.stderr.write(`seed:demo: failed: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(e instanceof UsageError || e instanceof ConfigError ? 2 : 1);
  },
);

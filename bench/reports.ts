/**
 * The reporting benchmark on its own: `npm run build && node dist/bench/reports.js [--quick]`
 * (BENCH_DATABASE_URL, BENCH_REDIS_URL as for `npm run bench`; the part's database is
 * `<base>_reports`, dropped at the end). Prints a table and writes bench/results/reports.{json,md}.
 */
import 'reflect-metadata';
import { writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { loadSettings } from './lib/settings';
import { runReportsPart } from './modes/reports-summary';

async function main(): Promise<void> {
  const s = loadSettings();
  const outcome = await runReportsPart(s, (m) => console.log(m));
  console.log('\n' + outcome.console + '\n');
  for (const t of outcome.targets) console.log(t.text);
  const dir = path.resolve(__dirname, '../../bench/results');
  await mkdir(dir, { recursive: true });
  const meta = { finishedAt: new Date().toISOString(), quick: s.quick, seconds: outcome.seconds };
  await writeFile(path.join(dir, 'reports.json'), JSON.stringify({ ...meta, targets: outcome.targets, ...outcome.data }, null, 2) + '\n');
  await writeFile(path.join(dir, 'reports.md'), `# Reports benchmark\n\n${meta.finishedAt}${s.quick ? ' (quick)' : ''}\n\n${outcome.markdown}\n`);
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);

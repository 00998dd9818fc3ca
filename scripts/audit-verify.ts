/**
 * `npm run audit:verify`: walks every case's `case_events` hash chain and the audit chain
 * (DESIGN §6) and prints the first broken link of each. Exits 0 when every chain verifies, 1 when
 * one is broken, 2 when it cannot run (no DATABASE_URL, database unreachable).
 *
 *   DATABASE_URL=postgres://… npm run audit:verify [-- --json]
 */
import { formatChainReport, verifyChains } from '@tiaojie/audit';
import { createDataSource } from '@tiaojie/persistence';

async function main(): Promise<number> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    process.stderr.write('audit:verify: DATABASE_URL is not set; point it at the Tiaojie database, e.g.\n  DATABASE_URL=postgres://user@host:5432/tiaojie npm run audit:verify\n');
    return 2;
  }
  const ds = createDataSource(url, 2);
  await ds.initialize();
  try {
    const report = await verifyChains(ds);
    process.stdout.write(process.argv.includes('--json') ? JSON.stringify(report, null, 2) + '\n' : formatChainReport(report) + '\n');
    return report.ok ? 0 : 1;
  } finally {
    await ds.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`audit:verify: could not verify: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(2);
  },
);

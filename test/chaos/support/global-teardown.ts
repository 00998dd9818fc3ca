// Loaded outside Jest's module mapper: relative imports only.
import { SUMMARY_FILE, writeSummary } from './results';

/** Prints the chaos summary table and writes it to test/artifacts/chaos-summary.md. */
export default async function chaosGlobalTeardown(): Promise<void> {
  const text = writeSummary();
  if (text) process.stdout.write(`\n${text}\n(written to ${SUMMARY_FILE})\n`);
}

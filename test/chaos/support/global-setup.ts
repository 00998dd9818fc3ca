// Loaded outside Jest's module mapper: relative imports only.
import { clearResults } from './results';

/** A clean slate for the summary: results of an earlier run never show up in this one's table. */
export default async function chaosGlobalSetup(): Promise<void> {
  clearResults();
}

/**
 * V8 flags each app runs with, wherever it is started (`npm start`, `npm run start:api`, the
 * Docker image, the benchmark).
 *
 * Under load the API's old generation filled with objects promoted from the young generation, and V8
 * let it grow to ~3 times what was live (~70 MiB) before a full collection: resident memory peaked
 * at 260–323 MiB (issue 8's limit is 300 MB), depending on where that collection fell.
 * - `--max-semi-space-size=4` (MiB; Node 20 lets it grow to 16): a smaller young generation.
 * - `--heap-growing-percent=100`: the next full collection when the old generation has doubled
 *   since the last one. A trigger, not a limit: a large export still gets the memory it needs.
 * Four runs of HTTP load at c=32 against `npm start` (10 s each): peak 282–293 MiB without them,
 * 194–196 MiB with them, at the same transitions per second (within this machine's noise).
 */
export const NODE_FLAGS: Record<'api' | 'worker', readonly string[]> = {
  api: ['--max-semi-space-size=4', '--heap-growing-percent=100'],
  // The worker keeps V8's defaults: with the API's flags its timer lateness was worse (more CPU in GC; bench part 3).
  worker: [],
};

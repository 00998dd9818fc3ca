import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { ARTIFACTS_DIR } from './results';

const ROOT = join(__dirname, '..', '..', '..');
/** A private build of the apps for the chaos suites' child processes (gitignored with test/artifacts). */
export const CHAOS_DIST = join(ARTIFACTS_DIR, 'chaos-dist');
export const API_MAIN = join(CHAOS_DIST, 'apps', 'api', 'src', 'main.js');
export const WORKER_MAIN = join(CHAOS_DIST, 'apps', 'worker', 'src', 'main.js');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'web' || entry.name === 'dist') continue;
    const p = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

function copyFreshDist(sources: number): boolean {
  const dist = join(ROOT, 'dist');
  const mains = [join(dist, 'apps', 'api', 'src', 'main.js'), join(dist, 'apps', 'worker', 'src', 'main.js')];
  try {
    if (!mains.every((m) => existsSync(m) && statSync(m).mtimeMs > sources)) return false;
    if (readFileSync(join(dist, 'apps', 'worker', 'src', 'worker.module.js'), 'utf8').includes('@tiaojie/')) return false;
    rmSync(CHAOS_DIST, { recursive: true, force: true });
    cpSync(dist, CHAOS_DIST, { recursive: true });
    // Touched, so the copy counts as newer than the sources it was built from.
    const now = new Date();
    utimesSync(API_MAIN, now, now);
    utimesSync(WORKER_MAIN, now, now);
    return complete();
  } catch {
    return false;
  }
}

function complete(): boolean {
  if (!existsSync(API_MAIN) || !existsSync(WORKER_MAIN)) return false;
  // tsc-alias ran: no path alias is left in what the processes load.
  return !readFileSync(join(CHAOS_DIST, 'apps', 'worker', 'src', 'worker.module.js'), 'utf8').includes('@tiaojie/');
}

/**
 * Compiles apps, libs and migrations into test/artifacts/chaos-dist when a source is newer than it.
 * The chaos suites restart processes many times; a private build means another `npm run build`
 * (which starts with `rm -rf dist`) can never pull the files from under a restart. Type errors do
 * not stop the emit here: `npm test` type-checks separately.
 */
export function ensureChaosBuild(): void {
  const sources = Math.max(newestSource(join(ROOT, 'apps')), newestSource(join(ROOT, 'libs')), newestSource(join(ROOT, 'migrations')));
  if (complete() && statSync(WORKER_MAIN).mtimeMs > sources && statSync(API_MAIN).mtimeMs > sources) return;
  // `npm run build`'s dist, when it is complete and newer than every source, is copied (a second)
  // rather than compiled again (half a minute).
  if (copyFreshDist(sources)) return;
  const bin = (name: string) => join(ROOT, 'node_modules', '.bin', name);
  try {
    execFileSync(bin('tsc'), ['-p', 'tsconfig.build.json', '--outDir', CHAOS_DIST], { cwd: ROOT, stdio: 'pipe', timeout: 300_000 });
  } catch (e) {
    // tsc exits non-zero on type errors but still emits; only a missing output is fatal.
    if (!existsSync(API_MAIN) || !existsSync(WORKER_MAIN)) throw e;
  }
  execFileSync(bin('tsc-alias'), ['-p', 'tsconfig.build.json', '--outDir', CHAOS_DIST], { cwd: ROOT, stdio: 'pipe', timeout: 120_000 });
  if (!complete()) throw new Error('the chaos build is incomplete');
}

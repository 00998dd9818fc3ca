import { copyFileSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { Session, type Profiler } from 'node:inspector';
import path from 'node:path';
import { markdownTable, f } from './report';
import { sleep } from './processes';

export const PROFILE_PRELOAD = path.join(__dirname, 'cpu-profile-preload.js');

export interface ProfileSummary {
  /** Sampled ms (the window, all threads of JS). */
  sampledMs: number;
  /** Share of samples where the process was idle (waiting on I/O). */
  idlePct: number;
  /** Self time by where the code lives: a package, a lib of ours, node internals, GC. */
  byArea: { area: string; ms: number; pct: number }[];
  /** Heaviest functions by self time. */
  topFunctions: { fn: string; where: string; ms: number; pct: number }[];
}

function areaOf(url: string, fn: string): string {
  if (!url) return fn.startsWith('(') ? fn : '(native)';
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return nm[1];
  const ours = /\/dist\/((?:libs|apps)\/[^/]+)/.exec(url) ?? /\/((?:libs|apps)\/[^/]+)\/src/.exec(url);
  if (ours) return ours[1];
  if (url.startsWith('node:')) return 'node (core)';
  if (url.includes('/dist/bench/')) return 'bench (load generator)';
  return url.split('/').slice(-2).join('/');
}

/** Self time per area and per function from a V8 CPU profile. */
export function summarizeProfile(profile: Profiler.Profile, top = 12): ProfileSummary {
  const intervalUs = profile.samples?.length ? (profile.endTime - profile.startTime) / profile.samples.length : 1000;
  const hits = new Map<number, number>();
  for (const id of profile.samples ?? []) hits.set(id, (hits.get(id) ?? 0) + 1);
  const areas = new Map<string, number>();
  const fns = new Map<string, { fn: string; where: string; ms: number }>();
  let total = 0;
  let idle = 0;
  for (const node of profile.nodes) {
    const n = hits.get(node.id) ?? node.hitCount ?? 0;
    if (!n) continue;
    const ms = (n * intervalUs) / 1000;
    total += ms;
    const { functionName, url, lineNumber } = node.callFrame;
    const fn = functionName || '(anonymous)';
    if (fn === '(idle)') {
      idle += ms;
      continue;
    }
    const area = areaOf(url, fn);
    areas.set(area, (areas.get(area) ?? 0) + ms);
    const where = url ? `${areaOf(url, fn)}/${path.basename(url)}:${lineNumber + 1}` : '';
    const key = `${fn}@${where}`;
    const e = fns.get(key) ?? { fn, where, ms: 0 };
    e.ms += ms;
    fns.set(key, e);
  }
  const busy = Math.max(1e-9, total - idle);
  return {
    sampledMs: total,
    idlePct: (100 * idle) / Math.max(1e-9, total),
    byArea: [...areas.entries()].map(([area, ms]) => ({ area, ms, pct: (100 * ms) / busy })).sort((a, b) => b.ms - a.ms).slice(0, top),
    topFunctions: [...fns.values()].map((x) => ({ ...x, pct: (100 * x.ms) / busy })).sort((a, b) => b.ms - a.ms).slice(0, top),
  };
}

export function profileMarkdown(title: string, p: ProfileSummary): string {
  return `**${title}** — ${f(p.sampledMs / 1000, 1)} s sampled, idle ${f(p.idlePct, 0)}%; shares of the busy time (self time):

${markdownTable(['area', 'busy %'], p.byArea.map((a) => [a.area, f(a.pct, 1)]))}

${markdownTable(['function (self time)', 'where', 'busy %'], p.topFunctions.map((x) => [x.fn, x.where, f(x.pct, 1)]))}`;
}

/** Profiles this process while `work` runs. */
export async function profileHere<T>(work: () => Promise<T>): Promise<{ result: T; profile: ProfileSummary }> {
  const session = new Session();
  session.connect();
  const post = <R>(method: string, params?: object) =>
    new Promise<R>((resolve, reject) => session.post(method, params ?? {}, (err, r) => (err ? reject(err) : resolve(r as R))));
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 500 });
  await post('Profiler.start');
  try {
    const result = await work();
    const { profile } = await post<{ profile: Profiler.Profile }>('Profiler.stop');
    return { result, profile: summarizeProfile(profile) };
  } finally {
    session.disconnect();
  }
}

/** Profiles a child started with `-r PROFILE_PRELOAD` and BENCH_CPU_PROFILE_FILE=file while `work` runs. */
export async function profileChild<T>(pid: number, file: string, work: () => Promise<T>): Promise<{ result: T; profile: ProfileSummary | null }> {
  rmSync(file, { force: true });
  process.kill(pid, 'SIGWINCH');
  await sleep(200);
  const result = await work();
  process.kill(pid, 'SIGWINCH');
  for (let i = 0; i < 100 && !existsSync(file); i++) await sleep(100);
  await sleep(200);
  if (!existsSync(file)) return { result, profile: null };
  const profile = summarizeProfile(JSON.parse(readFileSync(file, 'utf8')) as Profiler.Profile);
  // BENCH_KEEP_PROFILES=<folder>: the whole profile is kept there (for DevTools or a closer look).
  const keep = process.env.BENCH_KEEP_PROFILES;
  if (keep) copyFileSync(file, path.join(keep, path.basename(file)));
  rmSync(file, { force: true });
  return { result, profile };
}

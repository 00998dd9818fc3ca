/**
 * Part 6 — footprint: `node dist/scripts/start.js` (what `npm start` runs after building) with an
 * empty data folder in a temporary directory (embedded PostgreSQL: initdb, migrations, demo
 * accounts), then again on the same folder; time to /api/health 200 each time. Resident memory of
 * the API and worker processes at rest and under the HTTP transition load of part 1.
 */
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { JsonClient } from '../lib/http';
import { runClosedLoop } from '../lib/load';
import { flushBenchRedis } from '../lib/redis';
import { checkTarget, f, markdownTable, type PartOutcome } from '../lib/report';
import { DIST_ROOT, freePort, LAUNCHER_MAIN, pollFor, RssSampler, sleep, spawnNode, type Child } from '../lib/processes';
import { REDIS_DB, redisDbUrl, type BenchSettings } from '../lib/settings';
import { HttpPath } from '../modes/http-path';

interface StartFigure {
  label: string;
  demoData: string;
  secondsToHealthy: number | null;
  /** Lines the launcher printed before it was healthy (what a person watches). */
  progressLines: number;
  lastLinesBeforeHealthy: string[];
  /** Seconds from spawning the launcher to each milestone it or the API printed. */
  phases: Record<string, number>;
}

const MILESTONES: [string, RegExp][] = [
  ['PostgreSQL ready', /PostgreSQL: ready/],
  ['API spawned', /starting the API/],
  ['Nest app created', /Starting Nest application|NestFactory/],
  ['demo data ready', /demo accounts ready|demo year/i],
  ['API listening', /API listening/],
];

export interface FootprintData {
  starts: StartFigure[];
  demoYear: 'measured' | string;
  rss: {
    atRest: Record<string, { maxMb: number; meanMb: number; samples: number }>;
    underLoad: Record<string, { maxMb: number; meanMb: number; samples: number }>;
    load: { concurrency: number; transitionsPerSecond: number; operations: number; seconds: number };
  } | null;
}

const LOAD_CONCURRENCY = 32;

/** Is the demo-year generator wired into the built API? (libs/demo is being built by another engineer.) */
export function demoYearAvailable(): boolean {
  const apiDir = path.join(DIST_ROOT, 'apps', 'api', 'src');
  const scan = (dir: string): boolean =>
    existsSync(dir) &&
    readdirSync(dir, { withFileTypes: true }).some((e) =>
      e.isDirectory() ? scan(path.join(dir, e.name)) : e.name.endsWith('.js') && /libs\/demo\/src|@tiaojie\/demo/.test(readFileSync(path.join(dir, e.name), 'utf8')),
    );
  return scan(apiDir);
}

class Launch {
  readonly lines: { at: number; line: string }[] = [];
  readonly proc: Child;
  readonly startedAt = Date.now();
  healthyAt: number | null = null;

  constructor(
    readonly dataDir: string,
    readonly port: number,
    env: NodeJS.ProcessEnv,
  ) {
    this.proc = spawnNode(LAUNCHER_MAIN, env, (line) => this.lines.push({ at: Date.now(), line }), path.resolve(DIST_ROOT, '..'));
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async waitHealthy(timeoutMs: number): Promise<number | null> {
    const client = new JsonClient(this.url, 1);
    try {
      const ok = await pollFor(async () => {
        if (!this.proc.isRunning()) throw new Error('exited');
        return (await client.send('GET', '/api/health')).status === 200;
      }, timeoutMs, 100);
      if (!ok) return null;
      this.healthyAt = Date.now();
      return (this.healthyAt - this.startedAt) / 1000;
    } finally {
      client.close();
    }
  }

  /** API and worker pids from the launcher's run-state file. */
  pids(): Record<string, number> {
    try {
      const state = JSON.parse(readFileSync(path.join(this.dataDir, 'run', 'launcher.json'), 'utf8')) as { processes: { name: string; pid: number }[] };
      return Object.fromEntries(state.processes.filter((p) => p.name === 'api' || p.name === 'worker').map((p) => [p.name, p.pid]));
    } catch {
      return {};
    }
  }

  figure(label: string, demoData: string, seconds: number | null): StartFigure {
    const before = this.lines.filter((l) => this.healthyAt === null || l.at <= this.healthyAt).map((l) => l.line.replace(/\x1b\[[0-9;]*m/g, ''));
    const phases: Record<string, number> = {};
    for (const [name, re] of MILESTONES) {
      const hit = this.lines.find((l) => re.test(l.line));
      if (hit) phases[name] = (hit.at - this.startedAt) / 1000;
    }
    return { label, demoData, secondsToHealthy: seconds, progressLines: before.length, lastLinesBeforeHealthy: before.slice(-4).map((l) => l.slice(0, 200)), phases };
  }

  /** Ctrl+C: the launcher stops the API, the worker, then PostgreSQL. */
  async stop(): Promise<void> {
    const pids = this.pids();
    await this.proc.stop('SIGINT', 90_000);
    for (const pid of Object.values(pids)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* already gone, as it should be */
      }
    }
  }
}

export async function footprintPart(s: BenchSettings, log: (m: string) => void): Promise<PartOutcome<FootprintData>> {
  const t0 = Date.now();
  const redisUrl = redisDbUrl(s.redisUrl, REDIS_DB.footprint);
  await flushBenchRedis(redisUrl);
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'tiaojie-bench-start-'));
  // As root the embedded PostgreSQL runs as "postgres", which must be able to enter the folder.
  chmodSync(tmp, 0o755);
  const pgPort = await freePort();
  const baseEnv = (dataDir: string, port: number, demo: string): NodeJS.ProcessEnv => ({
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? tmp,
    LANG: process.env.LANG ?? 'C.UTF-8',
    TIAOJIE_DATA_DIR: dataDir,
    EMBEDDED_PG_PORT: String(pgPort),
    PORT: String(port),
    REDIS_URL: redisUrl,
    DEMO_DATA: demo,
    START_TIMEOUT_SECONDS: '900',
    NO_COLOR: '1',
  });
  const starts: StartFigure[] = [];
  let rss: FootprintData['rss'] = null;
  let launch: Launch | undefined;
  let demoYear = 'not measured';
  try {
    const dataDir = path.join(tmp, 'data');
    // First start: empty data folder (initdb, migrations, demo accounts).
    let port = await freePort();
    launch = new Launch(dataDir, port, baseEnv(dataDir, port, 'accounts'));
    const first = await launch.waitHealthy(300_000);
    starts.push(launch.figure('first start (empty data folder)', 'accounts', first));
    log(`  first start to healthy: ${f(first, 1)} s`);
    if (first === null) throw new Error(`the launcher did not become healthy:\n${launch.proc.output().slice(-3000)}`);

    // At rest: the worker up, nothing to do.
    const pids = (await pollFor(async () => {
      const p = launch!.pids();
      return p.api && p.worker ? p : null;
    }, 60_000, 200)) ?? launch.pids();
    await sleep(5_000);
    const rest = new RssSampler(pids).start(250);
    await sleep(3_000);
    const atRest = rest.stop();

    // Under load: part 1's HTTP transitions against this API.
    const http = await HttpPath.connect(launch.url);
    try {
      const firstCases = await http.openActiveCases(LOAD_CONCURRENCY);
      const sampler = new RssSampler(pids).start(250);
      // Each slot stays on its case (no ASSIGN_MEDIATOR under load: with concurrency above the API's default pool of 10,
      // concurrent ASSIGNs can starve its connection pool — see the report).
      const load = await runClosedLoop(firstCases.map((c) => http.slot(c, 0)), s.warmupMs, Math.max(s.measureMs, 5_000));
      const underLoad = sampler.stop();
      rss = { atRest, underLoad, load: { concurrency: LOAD_CONCURRENCY, transitionsPerSecond: load.perSecond, operations: load.operations, seconds: load.seconds } };
      log(`  RSS at rest api ${f(atRest.api?.maxMb, 0)} / worker ${f(atRest.worker?.maxMb, 0)} MiB; under load api ${f(underLoad.api?.maxMb, 0)} / worker ${f(underLoad.worker?.maxMb, 0)} MiB`);
    } finally {
      http.close();
    }
    await launch.stop();
    launch = undefined;

    // A later start on the same folder.
    port = await freePort();
    launch = new Launch(dataDir, port, baseEnv(dataDir, port, 'accounts'));
    const later = await launch.waitHealthy(300_000);
    starts.push(launch.figure('later start (existing data folder)', 'accounts', later));
    log(`  later start to healthy: ${f(later, 1)} s`);
    await launch.stop();
    launch = undefined;

    // First start with the demo year, if the generator is wired in.
    if (demoYearAvailable()) {
      const yearDir = path.join(tmp, 'data-year');
      await flushBenchRedis(redisUrl);
      port = await freePort();
      launch = new Launch(yearDir, port, baseEnv(yearDir, port, 'year'));
      const year = await launch.waitHealthy(900_000);
      starts.push(launch.figure('first start with the demo year', 'year', year));
      log(`  first start with the demo year to healthy: ${f(year, 1)} s`);
      await launch.stop();
      launch = undefined;
      demoYear = 'measured';
    } else {
      demoYear = 'not yet: the built API does not load libs/demo (DEMO_DATA=year seeds the accounts only), so the first start with the demo year was not measured';
      log(`  demo year: ${demoYear}`);
    }
  } finally {
    await launch?.stop().catch(() => undefined);
    rmSync(tmp, { recursive: true, force: true });
    await flushBenchRedis(redisUrl).catch(() => undefined);
  }

  const later = starts.find((x) => x.label.startsWith('later'))?.secondsToHealthy ?? null;
  const year = starts.find((x) => x.demoData === 'year')?.secondsToHealthy ?? null;
  const apiUnderLoad = rss?.underLoad.api?.maxMb ?? null;
  const targets = [
    checkTarget('footprint', 'start to healthy on an existing data folder', later, 's', '≤', 15, 1),
    checkTarget('footprint', 'first start with the demo year', year, 's', '≤', 120, 1),
    checkTarget('footprint', 'API resident memory under load (max)', apiUnderLoad, 'MiB', '≤', 300, 0),
  ];
  const startTable = markdownTable(
    ['start', 'DEMO_DATA', 'to /api/health 200', 'lines shown before', ...MILESTONES.map(([m]) => `${m} at`)],
    starts.map((x) => [
      x.label,
      x.demoData,
      x.secondsToHealthy === null ? 'never' : `${f(x.secondsToHealthy, 1)} s`,
      String(x.progressLines),
      ...MILESTONES.map(([m]) => (x.phases[m] === undefined ? '—' : `${f(x.phases[m], 1)} s`)),
    ]),
  );
  const memTable = rss
    ? markdownTable(
        ['process', 'at rest MiB (max)', `under load MiB (max / mean)`],
        ['api', 'worker'].map((p) => [p, f(rss!.atRest[p]?.maxMb, 0), `${f(rss!.underLoad[p]?.maxMb, 0)} / ${f(rss!.underLoad[p]?.meanMb, 0)}`]),
      )
    : '(not measured)';
  const markdown = `\`node dist/scripts/start.js\` (what \`npm start\` runs after \`npm run build\`; the build is not counted) with
\`TIAOJIE_DATA_DIR\` in a temporary directory: embedded PostgreSQL on a free port, Redis DB ${REDIS_DB.footprint} through \`REDIS_URL\`. Time from
spawning the launcher to \`GET /api/health\` answering 200 (the launcher starts the worker after that).

${startTable}

Demo year: ${demoYear}.

Resident memory (VmRSS from /proc, sampled every 250 ms) of the launcher's API and worker processes: at rest (5 s after the
worker started, 3 s of samples) and under part 1's HTTP load (SCHEDULE_SESSION / RECORD_SESSION, concurrency ${LOAD_CONCURRENCY}${rss ? `, ${f(rss.load.transitionsPerSecond, 0)} transitions/s over ${f(rss.load.seconds, 0)} s` : ''}).

${memTable}
`;
  return {
    part: 'footprint',
    title: 'Part 6 — footprint: start-up time and memory',
    markdown,
    console: `${startTable}\n\n${memTable}`,
    targets,
    data: { starts, demoYear, rss },
    seconds: (Date.now() - t0) / 1000,
  };
}

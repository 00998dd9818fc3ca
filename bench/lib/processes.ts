import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';

/** The compiled tree this bench runs from (`dist/`, or a private outDir): apps and scripts sit beside `bench/`. */
export const DIST_ROOT = path.resolve(__dirname, '..', '..');
export const API_MAIN = path.join(DIST_ROOT, 'apps', 'api', 'src', 'main.js');
export const WORKER_MAIN = path.join(DIST_ROOT, 'apps', 'worker', 'src', 'main.js');
export const LAUNCHER_MAIN = path.join(DIST_ROOT, 'scripts', 'start.js');

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** A Node child process the bench started: its output is kept (last 400 lines) and it is stopped by pid only. */
export interface Child {
  readonly pid: number;
  readonly child: ChildProcess;
  output(): string;
  lines(): string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  isRunning(): boolean;
  /** SIGTERM (or `signal`), then SIGKILL after `graceMs`. */
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<void>;
}

export function spawnNode(file: string, env: NodeJS.ProcessEnv, onLine?: (line: string) => void, cwd = process.cwd(), nodeArgs: string[] = []): Child {
  const child = spawn(process.execPath, [...nodeArgs, file], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const kept: string[] = [];
  let partial = '';
  const take = (d: Buffer) => {
    const text = partial + d.toString();
    const parts = text.split('\n');
    partial = parts.pop() ?? '';
    for (const line of parts) {
      kept.push(line);
      if (kept.length > 400) kept.shift();
      onLine?.(line);
    }
  };
  child.stdout!.on('data', take);
  child.stderr!.on('data', take);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const isRunning = () => child.exitCode === null && child.signalCode === null;
  return {
    pid: child.pid!,
    child,
    output: () => [...kept, partial].join('\n'),
    lines: () => [...kept],
    exited,
    isRunning,
    async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = 30_000) {
      if (!isRunning()) return;
      child.kill(signal);
      const done = await Promise.race([exited.then(() => true), sleep(graceMs).then(() => false)]);
      if (!done && isRunning()) {
        child.kill('SIGKILL');
        await Promise.race([exited, sleep(5_000)]);
      }
    },
  };
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** Resident set size of a process in MiB (VmRSS from /proc), or null if it is gone. */
export function rssMb(pid: number): number | null {
  try {
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** Samples the RSS of some processes every `everyMs` until stopped: max and mean per process. */
export class RssSampler {
  private readonly samples = new Map<string, number[]>();
  private timer?: NodeJS.Timeout;

  constructor(private readonly pids: Record<string, number>) {}

  start(everyMs = 250): this {
    const take = () => {
      for (const [name, pid] of Object.entries(this.pids)) {
        const v = rssMb(pid);
        if (v === null) continue;
        const list = this.samples.get(name) ?? [];
        list.push(v);
        this.samples.set(name, list);
      }
    };
    take();
    this.timer = setInterval(take, everyMs);
    return this;
  }

  stop(): Record<string, { maxMb: number; meanMb: number; samples: number }> {
    if (this.timer) clearInterval(this.timer);
    const out: Record<string, { maxMb: number; meanMb: number; samples: number }> = {};
    for (const [name, list] of this.samples) {
      out[name] = { maxMb: Math.max(...list), meanMb: list.reduce((a, b) => a + b, 0) / list.length, samples: list.length };
    }
    return out;
  }
}

/** Polls `probe` until it returns truthy or `timeoutMs` passes (then null). */
export async function pollFor<T>(probe: () => Promise<T | null | undefined | false>, timeoutMs: number, everyMs = 100): Promise<T | null> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe().catch(() => null);
    if (v) return v;
    if (Date.now() > end) return null;
    await sleep(everyMs);
  }
}

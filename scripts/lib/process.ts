/**
 * Child processes of the launcher: spawned in their own process group (so that a Ctrl+C in the
 * terminal reaches only the launcher, which then stops them in order), with their output read
 * line by line, the last lines kept for error reports, and a stop that escalates signals.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { accessSync, constants, readFileSync, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { createInterface } from 'node:readline';

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Set when the process could not be started at all (e.g. ENOENT). */
  error?: Error;
}

export interface StopStep {
  signal: NodeJS.Signals;
  /** How long to wait for the exit after sending the signal before the next step. */
  waitMs: number;
}

export interface ManagedProcess {
  readonly name: string;
  readonly pid: number | undefined;
  readonly child: ChildProcess;
  /** Resolves (never rejects) once the process has exited. */
  readonly exited: Promise<ExitInfo>;
  hasExited(): boolean;
  /** The last lines the process printed (stdout and stderr interleaved). */
  recentOutput(): string[];
  /** Sends each step's signal in turn until the process exits; resolves with how it exited. */
  stop(steps: readonly StopStep[]): Promise<ExitInfo & { forced: boolean }>;
}

export interface SpawnOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  uid?: number;
  gid?: number;
  /** Called for every complete output line. */
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
  /** How many lines to keep for recentOutput(). */
  keepLines?: number;
}

export function spawnManaged(name: string, command: string, args: readonly string[], options: SpawnOptions = {}): ManagedProcess {
  const keep = options.keepLines ?? 60;
  const recent: string[] = [];
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env,
    uid: options.uid,
    gid: options.gid,
    stdio: ['ignore', 'pipe', 'pipe'],
    // Own process group: the terminal's SIGINT must not reach the children directly.
    detached: true,
  });

  let exitInfo: ExitInfo | undefined;
  const exited = new Promise<ExitInfo>((resolve) => {
    child.once('error', (error) => {
      // 'error' without a pid means the process never started; with a pid, 'exit' follows.
      if (child.pid === undefined) {
        exitInfo = { code: null, signal: null, error };
        resolve(exitInfo);
      }
    });
    child.once('exit', (code, signal) => {
      exitInfo = { code, signal };
      resolve(exitInfo);
    });
  });

  for (const stream of ['stdout', 'stderr'] as const) {
    const input = child[stream];
    if (!input) continue;
    const lines = createInterface({ input, crlfDelay: Infinity });
    lines.on('line', (line) => {
      recent.push(line);
      if (recent.length > keep) recent.shift();
      options.onLine?.(line, stream);
    });
  }

  const hasExited = (): boolean => exitInfo !== undefined;

  return {
    name,
    pid: child.pid,
    child,
    exited,
    hasExited,
    recentOutput: () => [...recent],
    async stop(steps) {
      let forced = false;
      for (const [index, step] of steps.entries()) {
        if (hasExited()) break;
        if (index > 0) forced = true;
        try {
          child.kill(step.signal);
        } catch {
          // already gone
        }
        const info = await Promise.race([exited, delay(step.waitMs).then(() => undefined)]);
        if (info) break;
      }
      const info = await Promise.race([exited, delay(2000).then(() => undefined)]);
      return { ...(info ?? { code: null, signal: null }), forced };
    },
  };
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Whether a process with this pid exists (also when it belongs to another user). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The command line of a running process, or undefined if it is gone or unreadable. */
export function commandLineOf(pid: number): string | undefined {
  try {
    const raw = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    if (raw) return raw.replace(/\0+$/, '').split('\0').join(' ');
  } catch {
    // no /proc (macOS) or no such process: ask ps
  }
  try {
    const out = execFileSync('ps', ['-o', 'command=', '-p', String(pid)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return out.trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Sends signals to a process that is not our child, waiting for it to go away. */
export async function terminatePid(pid: number, steps: readonly StopStep[]): Promise<boolean> {
  for (const step of steps) {
    if (!isAlive(pid)) return true;
    try {
      process.kill(pid, step.signal);
    } catch {
      return !isAlive(pid);
    }
    const deadline = Date.now() + step.waitMs;
    while (Date.now() < deadline) {
      if (!isAlive(pid)) return true;
      await delay(100);
    }
  }
  return !isAlive(pid);
}

/** Looks a program up on PATH, as a shell would. */
export function findOnPath(program: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, program);
    try {
      accessSync(candidate, constants.X_OK);
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

export function describeExit(info: ExitInfo): string {
  if (info.error) return `could not be started (${info.error.message})`;
  if (info.signal) return `was killed by ${info.signal}`;
  return `exited with code ${info.code}`;
}

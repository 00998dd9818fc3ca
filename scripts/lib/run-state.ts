/**
 * `.data/run/launcher.json` records the launcher's pid and the pids of what it spawned. A second
 * launcher on the same `.data` is refused while the first runs; processes left behind by a
 * launcher that was killed (kill -9, a closed terminal) are stopped before anything new starts.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LauncherError, log } from './log';
import { commandLineOf, isAlive, terminatePid, type StopStep } from './process';

interface RecordedProcess {
  name: string;
  pid: number;
  /** A substring of the process's command line that identifies it as the one we started. */
  match: string;
  /** The signal that stops it cleanly (SIGINT for PostgreSQL's fast shutdown). */
  signal: NodeJS.Signals;
}

interface RunStateFile {
  launcherPid: number;
  startedAt: string;
  processes: RecordedProcess[];
}

export class RunState {
  private state: RunStateFile;

  private constructor(private readonly file: string) {
    this.state = { launcherPid: process.pid, startedAt: new Date().toISOString(), processes: [] };
  }

  /**
   * Refuses to run beside a live launcher on the same data directory, stops leftovers of a dead
   * one, and records this launcher.
   */
  static async claim(dataDir: string, launcherMatch: string): Promise<RunState> {
    const dir = join(dataDir, 'run');
    mkdirSync(dir, { recursive: true });
    const runState = new RunState(join(dir, 'launcher.json'));
    const previous = runState.read();
    if (previous) {
      const { launcherPid } = previous;
      if (launcherPid !== process.pid && isAlive(launcherPid) && (commandLineOf(launcherPid) ?? '').includes(launcherMatch)) {
        throw new LauncherError(
          `Tiaojie is already running from this directory (launcher pid ${launcherPid}).`,
          `Stop it first (Ctrl+C in its terminal, or: kill ${launcherPid}).`,
        );
      }
      // Newest first: the apps before Redis and PostgreSQL.
      for (const leftover of [...previous.processes].reverse()) {
        if (!isAlive(leftover.pid) || !(commandLineOf(leftover.pid) ?? '').includes(leftover.match)) continue;
        log.warn(`stopping ${leftover.name} (pid ${leftover.pid}) left running by an earlier start`);
        const steps: StopStep[] = [
          { signal: leftover.signal, waitMs: 20_000 },
          { signal: 'SIGKILL', waitMs: 5_000 },
        ];
        if (!(await terminatePid(leftover.pid, steps))) {
          throw new LauncherError(`Could not stop ${leftover.name} (pid ${leftover.pid}) left by an earlier start.`, `Stop it by hand: kill -9 ${leftover.pid}`);
        }
      }
    }
    runState.write();
    return runState;
  }

  record(name: string, pid: number | undefined, match: string, signal: NodeJS.Signals = 'SIGTERM'): void {
    if (pid === undefined) return;
    this.state.processes.push({ name, pid, match, signal });
    this.write();
  }

  forget(pid: number | undefined): void {
    this.state.processes = this.state.processes.filter((p) => p.pid !== pid);
    this.write();
  }

  /** The pids still recorded, for a forced exit. */
  pids(): number[] {
    return this.state.processes.map((p) => p.pid);
  }

  release(): void {
    rmSync(this.file, { force: true });
  }

  private read(): RunStateFile | undefined {
    try {
      const parsed = JSON.parse(readFileSync(this.file, 'utf8')) as RunStateFile;
      if (typeof parsed.launcherPid !== 'number' || !Array.isArray(parsed.processes)) return undefined;
      return parsed;
    } catch {
      return undefined;
    }
  }

  private write(): void {
    try {
      writeFileSync(this.file, JSON.stringify(this.state, null, 2) + '\n');
    } catch {
      // Best effort: the record only helps a later start clean up after a crash.
    }
  }
}

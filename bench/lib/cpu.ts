import { readFileSync } from 'node:fs';
import { Client } from 'pg';

export interface CpuSample {
  /** CPU time this Node process used (user + system), ms. */
  nodeMs: number;
  /** CPU time the bench database's PostgreSQL backends used, ms (Linux /proc; NaN elsewhere). */
  postgresMs: number;
  /** CPU time of the other processes being measured (the API process under HTTP load), ms; undefined when none. */
  extraMs?: number;
}

const CLOCK_TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** utime + stime of a process in ms, or null if it is gone or /proc is not there. */
export function processCpuMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/**
 * Measures CPU used between `start()` and `stop()`: this process, and every backend connected to the
 * bench database at `start()` (the pools keep their connections while under load).
 */
export class CpuMeter {
  private pids: number[] = [];
  private node0 = process.cpuUsage();
  private pg0 = new Map<number, number>();
  private extra0 = new Map<number, number>();
  /** Other processes whose CPU to count (e.g. the API child process); set before a window starts. */
  extraPids: number[] = [];

  private constructor(private readonly client: Client) {}

  static async connect(url: string): Promise<CpuMeter> {
    const client = new Client({ connectionString: url, application_name: 'tiaojie-bench-meter' });
    await client.connect();
    return new CpuMeter(client);
  }

  async start(): Promise<void> {
    const { rows } = await this.client.query<{ pid: number }>(
      'SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
    );
    this.pids = rows.map((r) => r.pid);
    this.node0 = process.cpuUsage();
    this.pg0 = new Map(this.pids.map((p) => [p, processCpuMs(p) ?? NaN]));
    this.extra0 = new Map(this.extraPids.map((p) => [p, processCpuMs(p) ?? NaN]));
  }

  stop(): CpuSample {
    const node = process.cpuUsage(this.node0);
    let postgresMs = 0;
    for (const pid of this.pids) {
      const now = processCpuMs(pid);
      if (now !== null) postgresMs += now - (this.pg0.get(pid) ?? NaN);
    }
    let extraMs: number | undefined;
    for (const [pid, before] of this.extra0) extraMs = (extraMs ?? 0) + ((processCpuMs(pid) ?? NaN) - before);
    return { nodeMs: (node.user + node.system) / 1000, postgresMs, extraMs };
  }

  close(): Promise<void> {
    return this.client.end();
  }
}

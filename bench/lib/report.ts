import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { SqlProfile } from '../modes/sql-profile';
import type { LoadResult } from './load';
import type { BenchSettings, MachineInfo } from './settings';

export type Mode = 'command bus' | 'bare pg' | 'pgbench';

export interface Row extends LoadResult {
  mode: Mode;
  /** Command path transitions/s ÷ bare pg transitions/s at the same concurrency (command bus rows only). */
  ratioToBarePg: number | null;
}

export interface BenchReport {
  startedAt: string;
  finishedAt: string;
  machine: MachineInfo;
  loadAverageAtEnd: number[];
  settings: Omit<BenchSettings, 'databaseUrl' | 'redisUrl'> & { database: string };
  rows: Row[];
  baselineSnapshotBytes: number;
  /** Per command-path level: cases the slots worked on, and their snapshot sizes at the end. */
  levels: Record<number, { casesUsed: number; avgBytes: number; maxBytes: number }>;
  sqlProfile: { commandBus: SqlProfile; barePg: SqlProfile };
  pgbench: { command: string; note: string } | { skipped: string };
}

const f = (n: number, digits = 2) => (Number.isFinite(n) ? n.toFixed(digits) : '—');

export function withRatios(rows: Omit<Row, 'ratioToBarePg'>[]): Row[] {
  return rows.map((r) => {
    const bare = rows.find((b) => b.mode === 'bare pg' && b.concurrency === r.concurrency);
    return { ...r, ratioToBarePg: r.mode === 'command bus' && bare ? r.perSecond / bare.perSecond : null };
  });
}

export function resultsTable(rows: Row[]): string {
  const header = ['mode', 'concurrency', 'transitions/s', 'p50 ms', 'p99 ms', 'cmd ÷ bare pg', 'ops', 'Node CPU ms/op', 'PG CPU ms/op'];
  const body = rows.map((r) => [
    r.mode,
    String(r.concurrency),
    f(r.perSecond, 0),
    f(r.p50Ms),
    f(r.p99Ms),
    r.ratioToBarePg === null ? '' : `${f(r.ratioToBarePg)}×`,
    String(r.operations),
    r.nodeCpuMsPerOp === null ? '' : f(r.nodeCpuMsPerOp),
    r.postgresCpuMsPerOp === null ? '' : f(r.postgresCpuMsPerOp),
  ]);
  return markdownTable(header, body);
}

export function profileTable(p: SqlProfile): string {
  const rows = p.statements.map((s) => [s.statement, f(s.perOp), f(s.avgMs, 3), f(s.perOp * s.avgMs, 3)]);
  return markdownTable(['statement', 'per op', 'avg ms', 'ms per op'], rows);
}

function markdownTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

export function machineLines(m: MachineInfo): string {
  return [
    `- Node ${m.node} on ${m.platform}`,
    `- ${m.cpus} CPU(s): ${m.cpuModel}; ${m.memoryGb} GiB RAM; load average at start ${m.loadAverage.join(' / ')}`,
    `- ${m.postgres}`,
    `- ${m.pgbench ?? 'pgbench: not on PATH'}`,
  ].join('\n');
}

function profileSummary(name: string, p: SqlProfile): string {
  return (
    `**${name}** — ${p.operations} sequential operations: ${f(p.statementsPerOp, 1)} statements per operation; ` +
    `${f(p.dbMsPerOp, 3)} ms of ${f(p.totalMsPerOp, 3)} ms per operation inside \`pg\` queries ` +
    `(${f((100 * p.dbMsPerOp) / p.totalMsPerOp, 0)}%: the round trip, PostgreSQL's work and the driver's own ` +
    `send/parse work), the rest in the code around them.\n\n${profileTable(p)}`
  );
}

export function markdownReport(r: BenchReport): string {
  const levels = Object.entries(r.levels)
    .map(([c, l]) => `c=${c}: ${l.casesUsed} cases, snapshots avg ${l.avgBytes} B / max ${l.maxBytes} B`)
    .join('; ');
  const perCase = r.settings.transitionsPerCase
    ? `after ${r.settings.transitionsPerCase} transitions a slot moves to a freshly opened case (open + ACCEPT + ASSIGN, untimed; ` +
      'throughput is divided by the window minus each slot\'s average time spent opening)'
    : 'slots never change case, so snapshots grow all run long';
  return `# State-transition throughput: command bus vs bare pg

Started ${r.startedAt}, finished ${r.finishedAt} (load average then ${r.loadAverageAtEnd.join(' / ')}).
Figures from a shared machine move with whatever else runs on it (CPU and the same PostgreSQL's WAL fsyncs).

${machineLines(r.machine)}

Settings: database \`${r.settings.database}\`, pool size ${r.settings.poolSize} (command path and bare pg alike),
warm-up ${r.settings.warmupMs / 1000} s then ${r.settings.measureMs / 1000} s measured per level; closed loop, one case per slot.

${resultsTable(r.rows)}

- **command bus**: \`CommandBus.execute(new SendCaseEventCommand(...))\` alternating SCHEDULE_SESSION / RECORD_SESSION,
  the full one-transaction command path (no HTTP, no auth, no Redis wake-up).
- **bare pg**: \`pg.Pool\`, per operation BEGIN; INSERT bench_events; UPDATE bench_cases … WHERE version = $2 RETURNING; COMMIT,
  with a fixed ${r.baselineSnapshotBytes}-byte snapshot (a real bench case's, halfway through its life).
- **pgbench**: ${'command' in r.pgbench ? `\`${r.pgbench.command}\`; ${r.pgbench.note}` : r.pgbench.skipped}

CPU columns: this Node process, and the bench database's PostgreSQL backends (from /proc), over the measured window ÷ operations.

Every scheduled session stays in a case's snapshot, so ${perCase}. ${levels}.

## Where a transition's time goes

${profileSummary('command bus', r.sqlProfile.commandBus)}

${profileSummary('bare pg', r.sqlProfile.barePg)}
`;
}

/** Writes `transitions-<timestamp>.json` and `.md`, and `latest.md`, into `dir`. */
export async function writeResults(dir: string, r: BenchReport): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const stamp = r.startedAt.replace(/\.\d+Z$/, 'Z').replace(/:/g, '-');
  const md = markdownReport(r);
  const files = [
    [path.join(dir, `transitions-${stamp}.json`), JSON.stringify(r, null, 2) + '\n'],
    [path.join(dir, `transitions-${stamp}.md`), md],
    [path.join(dir, 'latest.md'), md],
  ];
  for (const [file, text] of files) await writeFile(file, text);
  return files.map(([file]) => file);
}

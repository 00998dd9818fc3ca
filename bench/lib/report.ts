import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { SqlProfile } from '../modes/sql-profile';
import type { LoadResult } from './load';
import type { BenchSettings, MachineInfo, PartName } from './settings';

export type Mode = 'command bus' | 'http' | 'bare pg' | 'pgbench';

export interface Row extends LoadResult {
  mode: Mode;
  /**
   * Transitions/s ÷ bare pg transitions/s at the same concurrency (command bus and http rows): with
   * rounds, the median of each round's ratio (its windows ran back to back, so they share the machine's mood).
   */
  ratioToBarePg: number | null;
  /** With several rounds: each round's transitions/s and ratio to bare pg; the row itself is the median round's window. */
  rounds?: { perSecond: number[]; ratios?: number[] };
}

/** The median of some numbers (the mean of the middle two for an even count). */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** One target of issue 8, checked against a figure of this run. */
export interface TargetCheck {
  part: PartName;
  /** What is measured, e.g. "timer lateness p99". */
  what: string;
  /** The figure, in `unit`; null when it could not be measured. */
  value: number | null;
  unit: string;
  /** Human form of the target, e.g. "≤ 150 ms". */
  target: string;
  met: boolean | null;
  /** "timer lateness p99 92 ms (target ≤ 150 ms) ✓", or with how far it misses. */
  text: string;
}

/** What a part hands back to the orchestrator. */
export interface PartOutcome<T = unknown> {
  part: PartName;
  title: string;
  /** Markdown section (tables and notes) for the results file. */
  markdown: string;
  /** Plain-text table for the console. */
  console: string;
  targets: TargetCheck[];
  /** Figures for the JSON results file (kept small). */
  data: T;
  seconds: number;
}

export interface BenchReport {
  startedAt: string;
  finishedAt: string;
  command: string;
  machine: MachineInfo;
  loadAverageAtEnd: number[];
  settings: Omit<BenchSettings, 'databaseUrl' | 'redisUrl'>;
  parts: PartOutcome[];
  skipped: { part: PartName; reason: string }[];
  failed: { part: PartName; error: string }[];
}

export const f = (n: number | null | undefined, digits = 2) => (n !== null && n !== undefined && Number.isFinite(n) ? n.toFixed(digits) : '—');

/** A target line: "<what> <value> <unit> (target <target>) ✓" or "✗ misses by …". */
export function checkTarget(
  part: PartName,
  what: string,
  value: number | null,
  unit: string,
  op: '≤' | '≥' | '>' | '=',
  limit: number,
  digits = 0,
): TargetCheck {
  const target = `${op} ${fmt(limit, digits)}${unit && unit !== '×' ? ` ${unit}` : unit}`;
  if (value === null || !Number.isFinite(value)) {
    return { part, what, value: null, unit, target, met: null, text: `${what}: not measured (target ${target})` };
  }
  const met = op === '≤' ? value <= limit : op === '≥' ? value >= limit : op === '>' ? value > limit : value === limit;
  let miss = '';
  if (!met) {
    if (op === '=') miss = ` — ${fmt(value, digits)} instead of ${fmt(limit, digits)}`;
    else if (op === '≤') miss = ` — misses by ${fmt(value - limit, digits)}${unit === '×' ? '' : ` ${unit}`} (${fmt(value / limit, 1)}× the limit)`;
    else miss = ` — misses by ${fmt(limit - value, digits)}${unit === '×' ? '' : ` ${unit}`} (${fmt(limit > 0 ? value / limit : 0, 2)} of the target)`;
  }
  const shown = `${fmt(value, digits)}${unit && unit !== '×' ? ` ${unit}` : unit}`;
  return { part, what, value, unit, target, met, text: `${what} ${shown} (target ${target}) ${met ? '✓' : '✗'}${miss}` };
}

function fmt(n: number, digits: number): string {
  return n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function withRatios(rows: Omit<Row, 'ratioToBarePg'>[]): Row[] {
  return rows.map((r) => {
    const bare = rows.find((b) => b.mode === 'bare pg' && b.concurrency === r.concurrency);
    if (!(r.mode === 'command bus' || r.mode === 'http') || !bare) return { ...r, ratioToBarePg: null };
    const own = r.rounds?.perSecond;
    const bares = bare.rounds?.perSecond;
    if (own && bares && own.length === bares.length && own.length > 1) {
      const ratios = own.map((x, i) => x / bares[i]);
      return { ...r, ratioToBarePg: median(ratios), rounds: { perSecond: own, ratios } };
    }
    return { ...r, ratioToBarePg: r.perSecond / bare.perSecond };
  });
}

export function resultsTable(rows: Row[]): string {
  const rounds = rows.some((r) => (r.rounds?.perSecond.length ?? 0) > 1);
  const header = ['mode', 'concurrency', 'transitions/s', ...(rounds ? ['rounds: transitions/s (÷ bare pg)'] : []), 'p50 ms', 'p99 ms', '÷ bare pg', 'ops', 'bench CPU ms/op', 'API CPU ms/op', 'PG CPU ms/op'];
  const perRound = (r: Row) =>
    (r.rounds?.perSecond ?? []).map((x, i) => `${f(x, 0)}${r.rounds?.ratios ? ` (${f(r.rounds.ratios[i])}×)` : ''}`).join(' · ');
  const body = rows.map((r) => [
    r.mode,
    String(r.concurrency),
    f(r.perSecond, 0),
    ...(rounds ? [perRound(r)] : []),
    f(r.p50Ms),
    f(r.p99Ms),
    r.ratioToBarePg === null ? '' : `${f(r.ratioToBarePg)}×`,
    String(r.operations),
    r.nodeCpuMsPerOp === null ? '' : f(r.nodeCpuMsPerOp),
    r.apiCpuMsPerOp === null || r.apiCpuMsPerOp === undefined ? '' : f(r.apiCpuMsPerOp),
    r.postgresCpuMsPerOp === null ? '' : f(r.postgresCpuMsPerOp),
  ]);
  return markdownTable(header, body);
}

export function profileTable(p: SqlProfile): string {
  const rows = p.statements.map((s) => [s.statement, f(s.perOp), f(s.avgMs, 3), f(s.perOp * s.avgMs, 3)]);
  return markdownTable(['statement', 'per op', 'avg ms', 'ms per op'], rows);
}

export function profileSummary(name: string, p: SqlProfile): string {
  return (
    `**${name}** — ${p.operations} sequential operations: ${f(p.statementsPerOp, 1)} statements per operation, ` +
    `sent in ${f(p.waitsPerOp, 1)} waits (statements pipelined together share one); ` +
    `${f(p.dbMsPerOp, 3)} ms of ${f(p.totalMsPerOp, 3)} ms per operation with a \`pg\` query outstanding ` +
    `(${f((100 * p.dbMsPerOp) / p.totalMsPerOp, 0)}%: round trips, PostgreSQL's work and the driver's own ` +
    `send/parse work), the rest in the code around them. Per statement, from sending it to its answer ` +
    `(pipelined statements overlap, so these add up to more than the time waited):\n\n${profileTable(p)}`
  );
}

/** A Markdown table with the first column left-aligned and the others right-aligned. */
export function markdownTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i === 0 ? (c ?? '').padEnd(widths[i]) : (c ?? '').padStart(widths[i]))).join(' | ')} |`;
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

export function targetsTable(targets: TargetCheck[]): string {
  return markdownTable(
    ['part', 'target', 'figure', 'verdict'],
    targets.map((t) => [
      t.part,
      `${t.what} ${t.target}`,
      t.value === null ? 'not measured' : `${f(t.value, t.unit === '×' ? 2 : t.unit === 'ms' || t.unit === 's' ? 1 : 0)}${t.unit === '×' ? '×' : ` ${t.unit}`}`,
      t.met === null ? '—' : t.met ? '✓ met' : `✗ ${t.text.split(' — ')[1] ?? 'missed'}`,
    ]),
  );
}

export function markdownReport(r: BenchReport): string {
  const targets = r.parts.flatMap((p) => p.targets);
  const skipped = r.skipped.map((s) => `- **${s.part}** skipped: ${s.reason}`).join('\n');
  const failed = r.failed.map((s) => `- **${s.part}** FAILED: ${s.error.split('\n')[0]}`).join('\n');
  return `# Tiaojie benchmark (issue 8)

\`${r.command}\` — started ${r.startedAt}, finished ${r.finishedAt} (load average then ${r.loadAverageAtEnd.join(' / ')}).
Figures from a shared 2-core machine move with whatever else runs on it; the ratios (same run, same machine) are what
count. Tests never assert times; this file reports them.

${machineLines(r.machine)}

## Targets

${targets.length ? targetsTable(targets) : '(no part with a target ran)'}
${skipped ? `\n${skipped}\n` : ''}${failed ? `\n${failed}\n` : ''}
${r.parts.map((p) => `## ${p.title}\n\n_${f(p.seconds, 0)} s._\n\n${p.markdown.trim().replace(`## ${p.title}\n`, '').trim()}\n`).join('\n')}`;
}

/** Writes `<timestamp>.json` and `.md`, and `latest.md`, into `dir`. */
export async function writeResults(dir: string, r: BenchReport): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const stamp = r.startedAt.replace(/\.\d+Z$/, 'Z').replace(/:/g, '-');
  const md = markdownReport(r);
  const json = { ...r, parts: r.parts.map(({ markdown: _m, console: _c, ...rest }) => rest) };
  const files = [
    [path.join(dir, `${stamp}.json`), JSON.stringify(json, null, 1) + '\n'],
    [path.join(dir, `${stamp}.md`), md],
    [path.join(dir, 'latest.md'), md],
  ];
  for (const [file, text] of files) await writeFile(file, text);
  return files.map(([file]) => file);
}

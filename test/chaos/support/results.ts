import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * What each chaos scenario measured, written as JSON under test/artifacts/chaos-results/ and turned
 * into one summary table by the chaos project's global teardown (test/artifacts/chaos-summary.md).
 * (Relative imports and node built-ins only: the global teardown loads this outside Jest's mapper.)
 */
export const ARTIFACTS_DIR = join(__dirname, '..', '..', 'artifacts');
export const RESULTS_DIR = join(ARTIFACTS_DIR, 'chaos-results');
export const SUMMARY_FILE = join(ARTIFACTS_DIR, 'chaos-summary.md');

export interface ScenarioRecord {
  /** Sort key and short name, e.g. "1+6 load, 2 APIs + 2 workers". */
  id: string;
  title: string;
  profile: string;
  /** What load was held, in words ("20 mediators × 180 s, 2 APIs + 2 workers: 5,312 acknowledged commands"). */
  load: string;
  /** Faults injected and survived ("20 × kill -9"). */
  faults: string;
  /** Bad inputs tried (property runs, malformed requests). */
  badInputs: number;
  lost: number;
  duplicated: number;
  /** Measured figures (recovery, drain, re-arm times…), printed, never asserted as wall-clock. */
  measured: Record<string, string | number>;
  /** Every assertion of the scenario passed. */
  passed: boolean;
  finishedAt: string;
}

export class ScenarioResult {
  load = '';
  faults = '—';
  badInputs = 0;
  lost = 0;
  duplicated = 0;
  passed = false;
  readonly measured: Record<string, string | number> = {};

  constructor(
    readonly id: string,
    readonly title: string,
    readonly profile: string,
  ) {}

  measure(name: string, value: string | number): void {
    this.measured[name] = value;
  }

  write(): void {
    mkdirSync(RESULTS_DIR, { recursive: true });
    const record: ScenarioRecord = {
      id: this.id,
      title: this.title,
      profile: this.profile,
      load: this.load,
      faults: this.faults,
      badInputs: this.badInputs,
      lost: this.lost,
      duplicated: this.duplicated,
      measured: this.measured,
      passed: this.passed,
      finishedAt: new Date().toISOString(),
    };
    writeFileSync(join(RESULTS_DIR, `${this.id.replace(/[^a-z0-9]+/gi, '-')}.json`), JSON.stringify(record, null, 2));
  }
}

export function clearResults(): void {
  rmSync(RESULTS_DIR, { recursive: true, force: true });
}

export function readResults(): ScenarioRecord[] {
  let files: string[] = [];
  try {
    files = readdirSync(RESULTS_DIR).filter((f) => f.endsWith('.json'));
  } catch {
    return [];
  }
  return files
    .map((f) => JSON.parse(readFileSync(join(RESULTS_DIR, f), 'utf8')) as ScenarioRecord)
    .sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }));
}

const fmt = (n: number) => n.toLocaleString('en-US');

/** The summary as a Markdown table plus the measured figures per scenario. */
export function renderSummary(records: ScenarioRecord[]): string {
  if (records.length === 0) return '';
  const profile = [...new Set(records.map((r) => r.profile))].join(', ');
  const lines = [
    `# Chaos summary (${profile} profile)`,
    '',
    '| # | scenario | load held | faults survived | bad inputs tried | lost | duplicated | result |',
    '|---|---|---|---|---:|---:|---:|---|',
  ];
  for (const r of records) {
    lines.push(
      `| ${r.id} | ${r.title} | ${r.load || '—'} | ${r.faults} | ${r.badInputs ? fmt(r.badInputs) : '—'} | ${fmt(r.lost)} | ${fmt(r.duplicated)} | ${r.passed ? 'PASS' : 'FAIL'} |`,
    );
  }
  const totals = records.reduce(
    (t, r) => ({ badInputs: t.badInputs + r.badInputs, lost: t.lost + r.lost, duplicated: t.duplicated + r.duplicated }),
    { badInputs: 0, lost: 0, duplicated: 0 },
  );
  lines.push(`| | **total** | | | **${fmt(totals.badInputs)}** | **${fmt(totals.lost)}** | **${fmt(totals.duplicated)}** | ${records.every((r) => r.passed) ? '**PASS**' : '**FAIL**'} |`);
  lines.push('', '## Measured (reported, not asserted as wall-clock)', '');
  for (const r of records) {
    const entries = Object.entries(r.measured);
    if (entries.length === 0) continue;
    lines.push(`- **${r.id} ${r.title}**: ${entries.map(([k, v]) => `${k}: ${typeof v === 'number' ? fmt(v) : v}`).join('; ')}`);
  }
  return `${lines.join('\n')}\n`;
}

export function writeSummary(): string {
  const text = renderSummary(readResults());
  if (!text) return '';
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  writeFileSync(SUMMARY_FILE, text);
  return text;
}

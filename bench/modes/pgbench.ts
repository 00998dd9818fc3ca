import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { percentile } from '../lib/load';
import { SESSION_SUMMARY } from './bare-pg';

export interface PgbenchResult {
  clients: number;
  seconds: number;
  transactions: number;
  tps: number;
  avgLatencyMs: number;
  p50Ms: number;
  p99Ms: number;
  command: string;
}

/**
 * The same transaction as the bare-pg baseline, driven by pgbench (C client, no Node at all).
 * pgbench cannot carry a version between transactions without an extra read, so the UPDATE comes
 * first (unconditional; each client owns its row) and hands the new version to the INSERT via \gset.
 * JSON goes in as variables (-D): pgbench would take `"online":true` in a literal for a variable.
 */
export const PGBENCH_SCRIPT = [
  '\\set id :first_id + :client_id',
  'BEGIN;',
  'UPDATE bench_cases SET version = version + 1, snapshot = :snapshot::jsonb, updated_at = now() WHERE id = :id RETURNING version AS v \\gset',
  "INSERT INTO bench_events (case_id, seq, type, at, payload) VALUES (:id, :v, 'RECORD_SESSION', now(), :payload::jsonb);",
  'COMMIT;',
  '',
].join('\n');

export function pgbenchVariables(firstId: number, snapshot: unknown): Record<string, string> {
  return { first_id: String(firstId), snapshot: JSON.stringify(snapshot), payload: JSON.stringify({ summary: SESSION_SUMMARY }) };
}

/** Runs pgbench with the script; resolves null if pgbench is not installed. */
export async function runPgbench(
  url: string,
  clients: number,
  seconds: number,
  variables: Record<string, string>,
): Promise<PgbenchResult | null> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tiaojie-pgbench-'));
  const file = path.join(dir, 'transition.sql');
  try {
    await writeFile(file, PGBENCH_SCRIPT);
    const options = ['-n', '-M', 'extended', '-c', String(clients), '-j', '2', '-T', String(seconds)];
    const defines = Object.entries(variables).flatMap(([k, v]) => ['-D', `${k}=${v}`]);
    const args = [...options, ...defines, '-l', `--log-prefix=${path.join(dir, 'log')}`, '-f', file, url];
    const out = await run('pgbench', args);
    if (out === null) return null;
    const num = (re: RegExp) => Number(re.exec(out)?.[1] ?? NaN);
    const latencies = await readLatencies(dir);
    return {
      clients,
      seconds,
      transactions: num(/number of transactions actually processed:\s*(\d+)/),
      tps: num(/tps = ([\d.]+)/),
      avgLatencyMs: num(/latency average = ([\d.]+) ms/),
      p50Ms: percentile(latencies, 0.5),
      p99Ms: percentile(latencies, 0.99),
      command: `pgbench ${options.join(' ')} -f transition.sql`,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function run(cmd: string, args: string[]): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', (e: NodeJS.ErrnoException) => (e.code === 'ENOENT' ? resolve(null) : reject(e)));
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`${cmd} exited ${code}:\n${out}`))));
  });
}

/** Per-transaction latencies from pgbench's -l logs (third field, microseconds), sorted, in ms. */
async function readLatencies(dir: string): Promise<number[]> {
  const files = (await readdir(dir)).filter((f) => f.startsWith('log.'));
  const ms: number[] = [];
  for (const f of files) {
    for (const line of (await readFile(path.join(dir, f), 'utf8')).split('\n')) {
      const us = Number(line.split(' ')[2]);
      if (line && Number.isFinite(us)) ms.push(us / 1000);
    }
  }
  return ms.sort((a, b) => a - b);
}

import type { CpuSample } from './cpu';

/** One worker slot of a closed loop. */
export interface Slot {
  /** One operation (one state transition): timed. */
  step(): Promise<void>;
  /** Untimed work before the next step, e.g. moving on to a fresh case. */
  between?(): Promise<void>;
}

export interface LoadResult {
  concurrency: number;
  operations: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Slot-seconds inside the window spent in `between` (not counted as time the slots had). */
  betweenSeconds: number;
  /** Operations completed in each second of the measured window (shows drift). */
  timeline: number[];
  /** CPU per measured operation, ms, when a meter was given. */
  nodeCpuMsPerOp: number | null;
  postgresCpuMsPerOp: number | null;
  /** CPU of the other measured processes (the API process under HTTP load) per operation, ms. */
  apiCpuMsPerOp?: number | null;
}

const NS = 1_000_000_000n;

/** Optional CPU accounting over the measured window. */
export interface WindowMeter {
  start(): Promise<void>;
  stop(): CpuSample;
}

/**
 * Closed loop: every slot runs its steps back to back. Operations during the warm-up are not
 * recorded; afterwards each step that starts and ends inside the window counts, with its latency.
 * Throughput is operations ÷ (window − the slots' average time in `between`).
 */
export async function runClosedLoop(
  slots: Slot[],
  warmupMs: number,
  measureMs: number,
  meter?: WindowMeter,
  /** 'inside': a step counts if it starts and ends in the window; 'end': if it ends in it (long steps, e.g. whole cases). */
  countBy: 'inside' | 'end' = 'inside',
): Promise<LoadResult> {
  const latenciesNs: bigint[] = [];
  const timeline = new Array<number>(Math.ceil(measureMs / 1000)).fill(0);
  const windowStart = process.hrtime.bigint() + BigInt(warmupMs) * 1_000_000n;
  const windowEnd = windowStart + BigInt(measureMs) * 1_000_000n;
  const inWindow = (from: bigint, to: bigint) => {
    const a = from > windowStart ? from : windowStart;
    const b = to < windowEnd ? to : windowEnd;
    return b > a ? b - a : 0n;
  };
  let betweenNs = 0n;
  let stop = false;
  let failure: unknown;

  const loops = slots.map(async (slot) => {
    try {
      while (!stop) {
        if (slot.between) {
          const b0 = process.hrtime.bigint();
          await slot.between();
          betweenNs += inWindow(b0, process.hrtime.bigint());
        }
        const t0 = process.hrtime.bigint();
        await slot.step();
        const t1 = process.hrtime.bigint();
        if ((countBy === 'end' ? t1 > windowStart : t0 >= windowStart) && t1 <= windowEnd) {
          latenciesNs.push(t1 - t0);
          timeline[Number((t1 - windowStart) / NS)] += 1;
        }
      }
    } catch (e) {
      // A failing slot stops the others and fails the run.
      failure ??= e;
      stop = true;
    }
  });
  let cpu: CpuSample | null = null;
  const metering = meter ? sleep(warmupMs).then(() => meter.start()) : Promise.resolve();
  const timer = setTimeout(() => {
    stop = true;
    if (meter) cpu = meter.stop();
  }, warmupMs + measureMs);
  await Promise.all(loops);
  await metering;
  clearTimeout(timer);
  if (failure) throw failure;

  const betweenSeconds = Number(betweenNs) / 1e9;
  const seconds = measureMs / 1000 - betweenSeconds / slots.length;
  const perOp = (ms: number | undefined) => (ms === undefined ? null : ms / Math.max(1, latenciesNs.length));
  const used = cpu as CpuSample | null;
  return {
    ...summarise(slots.length, latenciesNs, seconds),
    betweenSeconds,
    timeline,
    nodeCpuMsPerOp: perOp(used?.nodeMs),
    postgresCpuMsPerOp: perOp(used?.postgresMs),
    apiCpuMsPerOp: perOp(used?.extraMs),
  };
}

export function summarise(concurrency: number, latenciesNs: bigint[], seconds: number) {
  const ms = latenciesNs.map((n) => Number(n) / 1e6).sort((a, b) => a - b);
  return {
    concurrency,
    operations: ms.length,
    seconds,
    perSecond: ms.length / seconds,
    p50Ms: percentile(ms, 0.5),
    p99Ms: percentile(ms, 0.99),
    maxMs: ms.length ? ms[ms.length - 1] : NaN,
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

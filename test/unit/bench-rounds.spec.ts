import { median, resultsTable, withRatios, type Row } from '../../bench/lib/report';
import { loadSettings } from '../../bench/lib/settings';

/**
 * The transitions part reports same-run medians (issue 8): several rounds at each concurrency, each
 * round's ratio to bare pg taken from windows that ran back to back. These check the arithmetic on
 * given figures; no time is measured here.
 */
describe('bench rounds and medians', () => {
  const row = (mode: Row['mode'], perSecond: number, rounds?: number[]): Omit<Row, 'ratioToBarePg'> => ({
    mode,
    concurrency: 8,
    operations: 100,
    seconds: 10,
    perSecond,
    p50Ms: 1,
    p99Ms: 2,
    maxMs: 3,
    betweenSeconds: 0,
    timeline: [],
    nodeCpuMsPerOp: null,
    postgresCpuMsPerOp: null,
    apiCpuMsPerOp: null,
    ...(rounds ? { rounds: { perSecond: rounds } } : {}),
  });

  it('takes the middle value, or the mean of the middle two', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it("gives the ratio to bare pg as the median of each round's own ratio, not the ratio of the medians", () => {
    // A slow round slows both sides: per round 0.40, 0.40, 0.30 → 0.40.
    const rows = withRatios([row('command bus', 800, [800, 1000, 450]), row('bare pg', 2000, [2000, 2500, 1500])]);
    const cmd = rows.find((r) => r.mode === 'command bus')!;
    expect(cmd.rounds?.ratios).toEqual([0.4, 0.4, 0.3]);
    expect(cmd.ratioToBarePg).toBe(0.4);
    const skewed = withRatios([row('command bus', 800, [800, 1200, 400]), row('bare pg', 2000, [1000, 2000, 2000])]);
    expect(skewed[0].ratioToBarePg).toBe(0.6); // rounds 0.8, 0.6, 0.2; the rows' own ratio would say 0.4
    expect(resultsTable(skewed)).toContain('800 (0.80×) · 1200 (0.60×) · 400 (0.20×)');
  });

  it('keeps the single-window ratio when there is one round, and runs three rounds by default', () => {
    const rows = withRatios([row('command bus', 800), row('bare pg', 2000)]);
    expect(rows[0].ratioToBarePg).toBe(0.4);
    expect(resultsTable(rows)).not.toContain('rounds');
    expect(loadSettings({}, []).rounds).toBe(3);
    expect(loadSettings({ BENCH_ROUNDS: '5' }, []).rounds).toBe(5);
    expect(loadSettings({}, ['--quick']).rounds).toBe(1);
  });
});

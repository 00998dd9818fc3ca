import { ForegroundWork } from './foreground-work';

/** Settles pending promise callbacks and timers due by now (fake timers). */
const flush = async () => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

describe('ForegroundWork: background passes wait for the deadline sweeps, for a bounded time', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('lets background work through at once when no sweep runs', async () => {
    const fg = new ForegroundWork();
    let passed = false;
    void fg.yield().then(() => (passed = true));
    await flush();
    expect(passed).toBe(true);
    expect(fg.busy).toBe(false);
  });

  it('holds background work while sweeps run and releases it when the last one ends', async () => {
    const fg = new ForegroundWork();
    let endFirst!: () => void;
    let endSecond!: () => void;
    const first = fg.run(() => new Promise<string>((r) => (endFirst = () => r('first'))));
    const second = fg.run(() => new Promise<string>((r) => (endSecond = () => r('second'))));
    let passed = false;
    void fg.yield(10_000).then(() => (passed = true));
    await flush();
    expect(fg.busy).toBe(true);
    endFirst();
    await expect(first).resolves.toBe('first');
    await flush();
    expect(passed).toBe(false); // one sweep still runs
    endSecond();
    await expect(second).resolves.toBe('second');
    await flush();
    expect(passed).toBe(true);
    expect(fg.busy).toBe(false);
  });

  it('never holds background work longer than its limit, however long a sweep runs', async () => {
    const fg = new ForegroundWork();
    let end!: () => void;
    const sweep = fg.run(() => new Promise<void>((r) => (end = r)));
    let passed = false;
    void fg.yield(500).then(() => (passed = true));
    await flush();
    jest.advanceTimersByTime(499);
    await flush();
    expect(passed).toBe(false);
    jest.advanceTimersByTime(1);
    await flush();
    expect(passed).toBe(true);
    end();
    await sweep;
  });

  it('ends a sweep that fails like one that succeeds: the error goes to its caller, the background goes on', async () => {
    const fg = new ForegroundWork();
    const failing = fg.run(() => Promise.reject(new Error('batch failed')));
    await expect(failing).rejects.toThrow('batch failed');
    expect(fg.busy).toBe(false);
    let passed = false;
    void fg.yield().then(() => (passed = true));
    await flush();
    expect(passed).toBe(true);
  });
});

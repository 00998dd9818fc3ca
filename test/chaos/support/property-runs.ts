import fc from 'fast-check';
import { CHAOS_PROFILE } from './profile';
import { ScenarioResult } from './results';

/**
 * fast-check runs per property, from the chaos profile: thousands inside `npm test` (unit project),
 * ≥ 10,000 under `npm run test:chaos` (CHAOS_PROFILE=full). Counts every run for the summary table.
 */
export class PropertyTally {
  private runs = 0;
  private failures = 0;
  private properties = 0;
  private readonly perProperty: number[] = [];
  private readonly notes: Record<string, string | number> = {};

  constructor(
    private readonly id: string,
    private readonly title: string,
  ) {}

  get numRuns(): number {
    return CHAOS_PROFILE.propertyRuns;
  }

  /** fc.assert with the profile's number of runs (or `numRuns` when given). */
  assert<Ts>(property: fc.IRawProperty<Ts, boolean>, params: fc.Parameters<Ts> = {}): void {
    const numRuns = params.numRuns ?? CHAOS_PROFILE.propertyRuns;
    this.properties++;
    try {
      fc.assert(property, { ...params, numRuns });
    } catch (e) {
      this.failures++;
      throw e;
    } finally {
      this.runs += numRuns;
      this.perProperty.push(numRuns);
    }
  }

  /** Counts runs made outside `assert` (e.g. a hand-written loop of random sequences). */
  count(runs: number, failed = false): void {
    this.properties++;
    this.runs += runs;
    this.perProperty.push(runs);
    if (failed) this.failures++;
  }

  /** A figure for the summary (e.g. how many machine states the sequences reached). */
  note(name: string, value: string | number): void {
    this.notes[name] = value;
  }

  write(): void {
    const r = new ScenarioResult(this.id, this.title, CHAOS_PROFILE.name);
    r.load = `${this.properties} properties`;
    r.faults = 'random and malformed inputs';
    r.badInputs = this.runs;
    const [min, max] = [Math.min(...this.perProperty), Math.max(...this.perProperty)];
    if (this.perProperty.length) r.measure('runs per property', min === max ? min : `${min}–${max}`);
    for (const [k, v] of Object.entries(this.notes)) r.measure(k, v);
    r.passed = this.failures === 0 && this.properties > 0;
    r.write();
  }
}

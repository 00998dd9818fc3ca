import type { DayCalendar } from './day-calendar';
import type { PlannedStep, Slot, StepType } from './plan.types';
import type { Rng } from './prng';

interface Draft extends PlannedStep {
  seq: number;
}

export interface StepOptions {
  slot?: Slot;
  awaits?: boolean;
}

/**
 * The steps of one case as they are planned, track by track (the main line, confirmation, legal
 * aid …): each track keeps its own steps in order, never earlier than the step it follows; tracks run
 * side by side as the machine's parallel regions do. Read back, all steps come in time order.
 */
export class CaseTimeline {
  private readonly drafts: Draft[] = [];
  private seq = 0;

  constructor(
    readonly rng: Rng,
    readonly cal: DayCalendar,
  ) {}

  /** A new track that starts no earlier than `after` (a step of another track). */
  track(after?: PlannedStep): Track {
    return new Track(this, after);
  }

  /** A day between `from + min` and `from + max`, moved to a working day if one lies within the range. */
  pick(from: number, min: number, max: number): number {
    const d = from + this.rng.int(min, max);
    return this.cal.workdayBetween(d, from + max);
  }

  /** `from + min..max`, then on to a working day at most `slack` days later (for steps with no upper bound). */
  after(from: number, min: number, max: number, slack = 4): number {
    const d = from + this.rng.int(min, max);
    return this.cal.workdayBetween(d, d + slack);
  }

  /** @internal used by Track */
  push(step: PlannedStep): PlannedStep {
    const draft: Draft = { ...step, seq: this.seq++ };
    this.drafts.push(draft);
    return step;
  }

  /** The latest step planned on any track. */
  latest(): PlannedStep | undefined {
    return this.steps().at(-1);
  }

  /** The steps in the order they run: by day, slot, then the order they were planned in. */
  steps(): PlannedStep[] {
    return [...this.drafts].sort((a, b) => a.day - b.day || a.slot - b.slot || a.seq - b.seq).map(({ seq: _seq, ...s }) => s);
  }
}

export class Track {
  constructor(
    private readonly timeline: CaseTimeline,
    private prev?: PlannedStep,
  ) {}

  /** The day of the track's latest step. */
  get day(): number {
    return this.prev?.day ?? 0;
  }

  get lastStep(): PlannedStep | undefined {
    return this.prev;
  }

  add(day: number, actor: string, type: StepType, body: Record<string, unknown> = {}, opts: StepOptions = {}): PlannedStep {
    const rng = this.timeline.rng;
    const prev = this.prev;
    const at = prev && day < prev.day ? prev.day : day;
    let slot = opts.slot ?? (rng.int(1, 3) as Slot);
    if (prev && at === prev.day && slot < prev.slot) slot = prev.slot;
    const step: PlannedStep = { day: at, slot, actor, type, body, ...(opts.awaits ? { awaits: true as const } : {}) };
    this.timeline.push(step);
    this.prev = step;
    return step;
  }
}

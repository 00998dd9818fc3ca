import type { DayCalendar } from './day-calendar';
import type { EmployerPool } from './intake';
import type { PlannedOutreach } from './plan.types';
import type { Rng } from './prng';

/** What planning one case needs besides its setup. */
export interface PlanContext {
  rng: Rng;
  cal: DayCalendar;
  employers: EmployerPool;
  /** Mobile numbers used so far (each worker has their own). */
  phones: Set<string>;
  /** Yuan drawn → fen planned: the year's money factor. */
  factor: number;
  /** The year's outreach activities: some applications come from one held shortly before. */
  outreach: readonly PlannedOutreach[];
}

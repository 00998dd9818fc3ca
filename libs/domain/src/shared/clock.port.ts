/** The one source of "now" (DESIGN §5). Domain code never reads the wall clock; it is handed times. */
export interface Clock {
  now(): Date;
}
export const CLOCK = Symbol('Clock');

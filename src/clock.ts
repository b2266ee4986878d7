/**
 * The clock is injected everywhere time matters (jobs, SLAs, undo windows), so
 * tests and `cadence jobs run X --at <ISO>` can say what "now" is.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export function fixedClock(at: Date): Clock {
  return { now: () => new Date(at.getTime()) };
}

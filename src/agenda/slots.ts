/*
 * The agenda's capacity, as pure functions: who gets a slot, who waits, who
 * is promoted when a slot frees up, and when each item starts.
 */

/** What a presenter may ask for, in minutes. */
export const DURATIONS = [10, 20, 30] as const;
export type Duration = (typeof DURATIONS)[number];

export function isDuration(value: number): value is Duration {
  return (DURATIONS as readonly number[]).includes(value);
}

export interface Caps {
  /** At most this many items hold a slot. */
  maxPresenters: number;
  /** The slotted durations add up to at most this (the meeting's length). */
  meetingMinutes: number;
}

export interface Sized {
  duration: number;
}

/**
 * Rule 1: an item gets a slot when the slotted items are fewer than
 * `maxPresenters` and its duration still fits in the meeting; otherwise it
 * waits on the waitlist, in sign-up order.
 */
export function fits(slotted: readonly Sized[], duration: number, caps: Caps): boolean {
  const used = slotted.reduce((sum, i) => sum + i.duration, 0);
  return slotted.length < caps.maxPresenters && used + duration <= caps.meetingMinutes;
}

/**
 * Rule 2: when slots free up, the waitlist is walked in sign-up order and
 * every item that now fits is promoted. One that does not fit (a 30-minute
 * item when 20 minutes are left) keeps its place at the head of the
 * waitlist and a shorter item behind it may pass: the meeting's time is not
 * left empty for an item that cannot use it.
 */
export function promotions<T extends Sized>(slotted: readonly Sized[], waitlist: readonly T[], caps: Caps): T[] {
  const taken: Sized[] = [...slotted];
  const promoted: T[] = [];
  for (const item of waitlist) {
    if (taken.length >= caps.maxPresenters) break;
    if (fits(taken, item.duration, caps)) {
      taken.push(item);
      promoted.push(item);
    }
  }
  return promoted;
}

/** Start and end of each item, back to back from the meeting's start, in the given order. */
export function schedule<T extends Sized>(start: Date, items: readonly T[]): { item: T; startsAt: Date; endsAt: Date }[] {
  let at = start.getTime();
  return items.map((item) => {
    const startsAt = new Date(at);
    at += item.duration * 60_000;
    return { item, startsAt, endsAt: new Date(at) };
  });
}

export function minutesUsed(items: readonly Sized[]): number {
  return items.reduce((sum, i) => sum + i.duration, 0);
}

import { DateTime } from 'luxon';
import { BEFORE_START_ONLY, graceMinutesOf, type RitualConfig, type RitualStep } from './config.js';
import { nextOccurrences, occurrencesBetween, stepInstant, type Occurrence } from '../core/recurrence/index.js';

/*
 * The ritual calendar as pure functions over the config: which steps fall in
 * a window, which are due or too late at a given instant, and the operator's
 * view of what comes next. The scheduler (jobs.ts) claims and runs steps.
 */

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

export interface ScheduledStep {
  ritual: RitualConfig;
  occurrence: Occurrence;
  step: RitualStep;
  /** When the step is due. */
  at: Date;
  /** From this instant on, the step is too late to be useful and is skipped. */
  lateAt: Date;
  /** The unique claim: one row per (ritual, occurrence, step), ever. */
  claimKey: string;
}

/** Local dates on which a ritual does not happen: organisation holidays plus its one-off skips. */
export type SkipLookup = (ritualKey: string) => ReadonlySet<string>;

export const noSkips: SkipLookup = () => new Set();

export function claimKeyOf(ritualKey: string, occurrenceKey: string, stepKey: string): string {
  return `${ritualKey}|${occurrenceKey}|${stepKey}`;
}

/**
 * Rule 1: a step that prepares an occurrence (sign-ups, validation, reminders)
 * is never run once the occurrence has started: it would only add noise. It
 * still gets at least one minute, so a step configured at the very start
 * (`+0m`) can run.
 * Rule 2: otherwise a step may run up to its grace window after its time
 * (config `graceMinutes`, or the action's default).
 * Rule 3: the due minute itself is always allowed, so `graceMinutes: 0` means
 * "only on time", never "never" (issue 11 item 11).
 */
export function lateAtOf(step: RitualStep, at: Date, occurrenceStart: Date): Date {
  const graceEnd = at.getTime() + Math.max(graceMinutesOf(step), 1) * MINUTE;
  if (!BEFORE_START_ONLY.has(step.action)) return new Date(graceEnd);
  const startLimit = Math.max(occurrenceStart.getTime(), at.getTime() + MINUTE);
  return new Date(Math.min(graceEnd, startLimit));
}

function offsetSpanDays(step: RitualStep): number {
  const offset = step.at;
  if ('days' in offset) return Math.abs(offset.days) + 2;
  const minutes = 'hours' in offset ? offset.hours * 60 : offset.minutes;
  return Math.ceil(Math.abs(minutes) / (24 * 60)) + 2;
}

/** Every step of every enabled ritual whose time falls in [from, to), ordered by time then config order. */
export function stepsBetween(rituals: readonly RitualConfig[], zone: string, from: Date, to: Date, skips: SkipLookup = noSkips): ScheduledStep[] {
  const out: { s: ScheduledStep; order: number }[] = [];
  let order = 0;
  for (const ritual of rituals) {
    if (!ritual.enabled || ritual.steps.length === 0) {
      order += ritual.steps.length;
      continue;
    }
    // An occurrence's steps can lie days before or after it: widen the occurrence window accordingly.
    const span = Math.max(...ritual.steps.map(offsetSpanDays)) * DAY;
    const occurrences = occurrencesBetween(ritual.recurrence, zone, new Date(from.getTime() - span), new Date(to.getTime() + span), {
      skipDates: skips(ritual.key),
    });
    for (const occurrence of occurrences) {
      ritual.steps.forEach((step, i) => {
        const at = stepInstant(occurrence.start, zone, step.at);
        if (at < from || at >= to) return;
        out.push({
          s: {
            ritual,
            occurrence,
            step,
            at,
            lateAt: lateAtOf(step, at, occurrence.start),
            claimKey: claimKeyOf(ritual.key, occurrence.key, step.key),
          },
          order: order + i,
        });
      });
    }
    order += ritual.steps.length;
  }
  out.sort((a, b) => a.s.at.getTime() - b.s.at.getTime() || a.order - b.order);
  return out.map((x) => x.s);
}

export type StepState = 'future' | 'due' | 'too-late';

export function stepState(step: Pick<ScheduledStep, 'at' | 'lateAt'>, now: Date): StepState {
  if (now < step.at) return 'future';
  return now < step.lateAt ? 'due' : 'too-late';
}

/** How far back a run must look for steps it may still owe: the longest grace window configured. */
export function lookbackMs(rituals: readonly RitualConfig[]): number {
  let max = 0;
  for (const r of rituals) for (const s of r.steps) max = Math.max(max, graceMinutesOf(s));
  return max * MINUTE + MINUTE;
}

/** Steps a run at `now` must consider: due ones to run and too-late ones to record as skipped. */
export function stepsToSettle(rituals: readonly RitualConfig[], zone: string, now: Date, skips: SkipLookup = noSkips): ScheduledStep[] {
  return stepsBetween(rituals, zone, new Date(now.getTime() - lookbackMs(rituals)), new Date(now.getTime() + 1), skips);
}

export interface UpcomingOccurrence {
  ritual: RitualConfig;
  occurrence: Occurrence;
  end: Date;
  steps: { step: RitualStep; at: Date }[];
}

/** The next `count` occurrences across all enabled rituals, strictly after `now`, with their steps. */
export function upcoming(rituals: readonly RitualConfig[], zone: string, now: Date, count: number, skips: SkipLookup = noSkips): UpcomingOccurrence[] {
  const all: UpcomingOccurrence[] = [];
  for (const ritual of rituals) {
    if (!ritual.enabled) continue;
    for (const occurrence of nextOccurrences(ritual.recurrence, zone, now, count, { skipDates: skips(ritual.key) })) {
      all.push({
        ritual,
        occurrence,
        end: new Date(occurrence.start.getTime() + ritual.durationMinutes * MINUTE),
        steps: ritual.steps
          .map((step) => ({ step, at: stepInstant(occurrence.start, zone, step.at) }))
          .sort((a, b) => a.at.getTime() - b.at.getTime()),
      });
    }
  }
  all.sort((a, b) => a.occurrence.start.getTime() - b.occurrence.start.getTime() || a.ritual.key.localeCompare(b.ritual.key));
  return all.slice(0, count);
}

/** `cadence rituals next`: the way an operator checks a config, in local time. */
export function formatUpcoming(items: readonly UpcomingOccurrence[], zone: string, now: Date): string {
  if (items.length === 0) return 'No upcoming ritual occurrences (no rituals configured, or all disabled).\n';
  const local = (d: Date, fmt: string) => DateTime.fromJSDate(d, { zone }).toFormat(fmt);
  const lines = [`Upcoming rituals after ${local(now, 'ccc d LLL yyyy HH:mm ZZZZ')} (${zone}):`, ''];
  for (const item of items) {
    lines.push(
      `${local(item.occurrence.start, 'ccc d LLL yyyy HH:mm')}–${local(item.end, 'HH:mm')}  ${item.ritual.name} (${item.ritual.key}) in ${item.ritual.channel}`,
    );
    for (const { step, at } of item.steps) {
      const past = at <= now ? '  (already past)' : '';
      lines.push(`    ${local(at, 'ccc d LLL HH:mm')}  ${step.key.padEnd(20)} ${step.action}${past}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

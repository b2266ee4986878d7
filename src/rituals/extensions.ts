import type { AppContext } from '../context.js';
import type { Occurrence } from '../core/recurrence/index.js';
import type { OutboxMessage } from '../delivery/outbox.js';
import type { ReminderLinks } from './blocks.js';
import type { ScheduledStep } from './calendar.js';
import type { RitualConfig } from './config.js';

/*
 * What higher features add to the ritual engine, without the engine importing
 * them (issue 17): the composition root (src/features.ts) passes them to
 * `createRitualsFeature`, so the app and the CLI run the same engine and no
 * module holds a registry.
 */

/** What the engine lends a step handler: helpers other features provided. */
export interface StepTools {
  /** The link buttons a reminder of `ritual` carries (calendar feed, video call). */
  reminderLinks(ritual: RitualConfig, now: Date): ReminderLinks;
}

/**
 * What a step does, as outbox messages; `undefined` means "not mine", and the
 * next handler is asked. Runs INSIDE the transaction that claims the step
 * (src/rituals/jobs.ts): synchronous, and its database changes commit with
 * the claim or not at all.
 */
export type StepHandler = (ctx: AppContext, s: ScheduledStep, now: Date, tools: StepTools) => OutboxMessage[] | undefined;

/** Told when an admin skips one occurrence (`/cadence skip`), after the skip is stored; returns how many things it released. */
export type SkipHook = (ctx: AppContext, ritual: RitualConfig, occurrence: Occurrence, by: string, now: Date) => number;

/** Adds link buttons to a reminder; synchronous (runs inside the step's claim transaction). */
export type ReminderLinkProvider = (ctx: Pick<AppContext, 'db' | 'secrets'>, ritual: RitualConfig, now: Date) => ReminderLinks;

export interface RitualExtensions {
  /** Step handlers in order of precedence; the engine's own (remind, calls for topics and volunteers) come last. */
  steps?: readonly StepHandler[];
  onSkip?: readonly SkipHook[];
  reminderLinks?: readonly ReminderLinkProvider[];
}

export function stepTools(ctx: Pick<AppContext, 'db' | 'secrets'>, ext: RitualExtensions): StepTools {
  return {
    reminderLinks: (ritual, now) => {
      const links: ReminderLinks = {};
      for (const provide of ext.reminderLinks ?? []) Object.assign(links, provide(ctx, ritual, now));
      return links;
    },
  };
}

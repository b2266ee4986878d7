/*
 * The public door of `rituals`: what other features may use. Everything else in
 * this folder is private to it (checked by .dependency-cruiser.cjs).
 */
export { ACTION_ADD_TO_CALENDAR, ACTION_JOIN, occurrenceRef, parseOccurrenceRef, reminderMessage, slackDate } from './blocks.js';
export type { ReminderLinks } from './blocks.js';
export { claimKeyOf, stepsBetween, upcoming } from './calendar.js';
export type { ScheduledStep, SkipLookup, UpcomingOccurrence } from './calendar.js';
export { channelId, recurrenceSchema } from './config.js';
export type { RitualConfig, StepAction } from './config.js';
export { addSkip, skipLookup } from './store.js';
export type { ReminderLinkProvider, RitualExtensions, SkipHook, StepHandler, StepTools } from './extensions.js';
export { settleRitualSteps } from './jobs.js';
export type { RitualRunReport, StepEffects } from './jobs.js';

import { z } from 'zod';
import { parseRecurrence, parseStepOffset, type Recurrence, type StepOffset } from '../core/recurrence/index.js';

/*
 * The ritual calendar in the organisation config (`rituals:`). Each ritual has
 * a recurrence (an RFC 5545 RRULE subset, wall-clock in the org time zone), a
 * duration, a channel and steps at offsets from each occurrence. What a step
 * does is its `action`; the ritual's `kind` says which actions make sense.
 */

export const ritualKinds = ['alignment', 'decision', 'weekly', 'breakfast', 'lunch', 'party', 'sync', 'generic'] as const;
export type RitualKind = (typeof ritualKinds)[number];

export const stepActions = [
  'open_signups',
  'close_signups',
  'request_validation',
  'lock_agenda',
  'post_agenda',
  'remind',
  'collect_outcomes',
  'call_for_topics',
  'call_for_volunteers',
  // Issue 16: team health checks (src/health/) and PM ↔ customer-success pairing (src/pairing/).
  'health_check',
  'health_remind',
  'health_close',
  'pairing',
] as const;
export type StepAction = (typeof stepActions)[number];

/**
 * How long after its time a step is still worth doing, when the bot was down
 * (minutes). Rule 1: a step never runs after its occurrence has started
 * unless it is about what happened (collect_outcomes) — a "starts in 15
 * minutes" reminder after the start only adds noise. Rule 2: sign-ups and
 * calls are useful late (people still have days to answer), reminders are not.
 */
export const DEFAULT_GRACE_MINUTES: Readonly<Record<StepAction, number>> = {
  open_signups: 2 * 24 * 60,
  close_signups: 24 * 60,
  request_validation: 24 * 60,
  // Locking late is still better than never: the final agenda and the outcomes depend on it (capped at the start, Rule 1).
  lock_agenda: 2 * 24 * 60,
  post_agenda: 12 * 60,
  remind: 10,
  collect_outcomes: 2 * 24 * 60,
  call_for_topics: 2 * 24 * 60,
  call_for_volunteers: 7 * 24 * 60,
  // A survey opened or closed a day or two late is still worth it; a reminder after a day is not.
  health_check: 2 * 24 * 60,
  health_remind: 24 * 60,
  health_close: 2 * 24 * 60,
  pairing: 7 * 24 * 60,
};

/** Actions that only make sense before the occurrence starts (Rule 1 above). */
export const BEFORE_START_ONLY: ReadonlySet<StepAction> = new Set([
  'open_signups',
  'close_signups',
  'request_validation',
  'lock_agenda',
  'post_agenda',
  'remind',
  'call_for_topics',
]);

const key = z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'must be a short lower-case key (letters, digits, dashes), e.g. "pam"');
export const channelId = z
  .string()
  .regex(/^[CG][A-Z0-9]{6,}$/, 'must be a Slack channel ID such as C0123ABCD (not a #name: copy it from the channel details)');

const stepSchema = z.strictObject({
  key,
  /** `-3d@09:00` (3 days before, at 09:00 local), `-15m`, `+2h`. */
  at: z.string().transform((text, ctx): StepOffset => {
    const parsed = parseStepOffset(text);
    if (!parsed.ok) {
      ctx.addIssue({ code: 'custom', message: parsed.error, input: text });
      return z.NEVER;
    }
    return parsed.value;
  }),
  action: z.enum(stepActions),
  graceMinutes: z.number().int().min(0).max(60 * 24 * 30).optional(),
});

export const recurrenceSchema = z
  .strictObject({
    rrule: z.string().min(1),
    dtstart: z.string(),
    time: z.string(),
  })
  .transform((spec, ctx): Recurrence => {
    const parsed = parseRecurrence(spec);
    if (!parsed.ok) {
      ctx.addIssue({ code: 'custom', message: parsed.error, input: spec.rrule });
      return z.NEVER;
    }
    return parsed.value;
  });

export const ritualSchema = z
  .strictObject({
    key,
    name: z.string().min(1).max(80),
    kind: z.enum(ritualKinds).default('generic'),
    enabled: z.boolean().default(true),
    channel: channelId,
    recurrence: recurrenceSchema,
    durationMinutes: z.number().int().min(5).max(24 * 60),
    /** Party managers: how many volunteers complete the call. */
    volunteers: z.number().int().min(1).max(20).optional(),
    /** Sign-up rituals (alignment, decision): at most this many presenters; the rest wait on a waitlist. */
    maxPresenters: z.number().int().min(1).max(20).default(5),
    /** Alignment: what the lock does with items no approver approved by the deadline (declined ones are always dropped). */
    unapproved: z.enum(['drop', 'keep']).default('drop'),
    steps: z.array(stepSchema).default([]),
    /** Where it happens (a room, an address), shown in calendar feeds (issue 16). */
    location: z.string().min(1).max(200).optional(),
    /**
     * Who prepares it (a Slack user ID): gets the proposed topics by DM the day
     * before (rituals that call for topics). Default: the approvers, else the admins.
     */
    organiser: z
      .string()
      .regex(/^[UW][A-Z0-9]{2,}$/, 'must be a Slack user ID such as U0123ABCD (not a @name: copy it from the profile)')
      .optional(),
    /** The video call link: calendar feeds, and a "Join" button on reminders. */
    videoUrl: z.url({ protocol: /^https?$/, message: 'must be an http(s) link such as https://meet.example.com/abc-defg' }).max(500).optional(),
  })
  .superRefine((ritual, ctx) => {
    const seen = new Set<string>();
    ritual.steps.forEach((step, i) => {
      if (seen.has(step.key)) ctx.addIssue({ code: 'custom', path: ['steps', i, 'key'], message: `duplicate step key "${step.key}"` });
      seen.add(step.key);
    });
  });

export type RitualConfig = z.infer<typeof ritualSchema>;
export type RitualStep = RitualConfig['steps'][number];

export function graceMinutesOf(step: RitualStep): number {
  return step.graceMinutes ?? DEFAULT_GRACE_MINUTES[step.action];
}

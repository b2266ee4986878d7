import type { AppContext, JobDefinition } from '../context.js';
import { deliverPending, enqueue, type OutboxMessage } from '../delivery/outbox.js';
import { translator } from '../i18n/index.js';
import { occurrenceRef, reminderMessage, slackDate, topicsCallMessage, volunteersCallMessage } from './blocks.js';
import { stepState, stepsToSettle, type ScheduledStep } from './calendar.js';
import { skipLookup } from './store.js';

/**
 * What a step does, as outbox messages. `undefined` means this build has no
 * handler for the action (the agenda steps arrive with the agenda): the step
 * is left unclaimed, so it still runs when a build that knows it starts
 * within the step's grace window.
 */
export type StepEffects = (ctx: AppContext, s: ScheduledStep) => OutboxMessage[] | undefined;

export const defaultEffects: StepEffects = (ctx, s) => {
  const lang = ctx.org.organisation.language;
  const tr = translator(lang);
  const zone = ctx.org.organisation.timezone;
  const ref = occurrenceRef(s.ritual.key, s.occurrence.key);
  const when = slackDate(s.occurrence.start, zone, lang, tr);
  const post = (message: { text: string; blocks: unknown[] }): OutboxMessage => ({
    dedupeKey: `ritual:${s.claimKey}`,
    topic: `ritual:${ref}`,
    method: 'chat.postMessage',
    args: { channel: s.ritual.channel, text: message.text, blocks: message.blocks, unfurl_links: false },
    // A message that could not be sent before it stops being useful is dropped rather than posted late.
    expiresAt: s.lateAt,
  });
  switch (s.step.action) {
    case 'remind':
      return [post(reminderMessage(tr, { ritual: s.ritual, start: s.occurrence.start, at: s.at, when, ref }))];
    case 'call_for_topics':
      return [post(topicsCallMessage(tr, { ritual: s.ritual, when, ref }))];
    case 'call_for_volunteers':
      return [post(volunteersCallMessage(tr, { ritual: s.ritual, need: s.ritual.volunteers ?? 3, volunteers: [], ref }))];
    default:
      return undefined;
  }
};

export interface RitualRunReport {
  done: number;
  skipped: number;
  unsupported: number;
}

/**
 * Settles every step due or overdue at `now`, each exactly once:
 * Rule 1 - one atomic INSERT per (ritual, occurrence, step) claims it; the
 *   outbox rows are enqueued in the same transaction, so a claim never exists
 *   without its messages nor the reverse, and a second tick, a restart or a
 *   manual `--at` run finds the claim and does nothing.
 * Rule 2 - a step past its grace window is recorded as skipped (with a log
 *   line), never posted late.
 * Delivery happens after the claims commit, through the outbox (retries on
 * 429/5xx without ever sending twice).
 */
export function settleRitualSteps(ctx: AppContext, now: Date, effects: StepEffects = defaultEffects): RitualRunReport {
  const zone = ctx.org.organisation.timezone;
  const steps = stepsToSettle(ctx.org.rituals, zone, now, skipLookup(ctx.db, ctx.org.organisation.holidays));
  const claim = ctx.db.prepare(
    `INSERT INTO ritual_step_runs (ritual_key, occurrence_key, step_key, action, due_at, claimed_at, status, detail)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
  );
  const report: RitualRunReport = { done: 0, skipped: 0, unsupported: 0 };
  for (const s of steps) {
    const state = stepState(s, now);
    const args = [s.ritual.key, s.occurrence.key, s.step.key, s.step.action, s.at.toISOString(), now.toISOString()] as const;
    if (state === 'too-late') {
      const detail = `too late: due ${s.at.toISOString()}, useful until ${s.lateAt.toISOString()}`;
      if (claim.run(...args, 'skipped', detail).changes === 1) {
        report.skipped++;
        ctx.logger.warn(`ritual step ${s.claimKey} skipped: ${detail}`);
      }
      continue;
    }
    if (state !== 'due') continue;
    const messages = effects(ctx, s);
    if (!messages) {
      report.unsupported++;
      continue;
    }
    const settled = ctx.db.transaction(() => {
      if (claim.run(...args, 'done', `${messages.length} message(s)`).changes === 0) return false;
      for (const m of messages) enqueue(ctx.db, m, now);
      return true;
    })();
    if (settled) report.done++;
  }
  return report;
}

export const ritualsJob: JobDefinition = {
  name: 'rituals',
  description: 'runs ritual steps (sign-ups, reminders, calls) that are due, once each',
  schedule: '* * * * *',
  runAtStartup: true,
  async run(ctx, now) {
    const report = settleRitualSteps(ctx, now);
    const delivery = await deliverPending(ctx, now);
    return {
      summary:
        `${report.done} step(s) run, ${report.skipped} skipped as too late` +
        `${report.unsupported ? `, ${report.unsupported} waiting for a feature this build lacks` : ''}; ` +
        `delivered ${delivery.sent}, ${delivery.pending} pending, ${delivery.failed} failed`,
    };
  },
};

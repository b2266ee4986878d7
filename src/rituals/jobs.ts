import type { AppContext, JobDefinition } from '../context.js';
import { deliverPending, enqueue, type OutboxMessage } from '../delivery/outbox.js';
import { translator } from '../i18n/index.js';
import { occurrenceRef, reminderMessage, slackDate, topicsCallMessage, volunteersCallMessage } from './blocks.js';
import { stepState, stepsToSettle, type ScheduledStep } from './calendar.js';
import { skipLookup } from './store.js';
import { organiserDms, topicsBlocks, topicsOf } from './topics.js';
import { stepTools, type RitualExtensions, type StepTools } from './extensions.js';

/**
 * What a step does, as outbox messages. It runs INSIDE the transaction that
 * claims the step, so it must be synchronous (no awaits) and may change the
 * database (the agenda's lock drops items and moves opportunities): the claim,
 * those changes and the messages commit together or not at all.
 * `undefined` means this build has no handler for the action: nothing is
 * written, the step stays unclaimed and still runs when a build that knows it
 * starts within the step's grace window.
 */
export type StepEffects = (ctx: AppContext, s: ScheduledStep, now: Date) => OutboxMessage[] | undefined;

/**
 * The engine's effects with what other features registered (src/features.ts):
 * Rule - their handlers are asked first, in the order given (the agenda's for
 * an agenda ritual, then health, then pairing); the first answer wins; the
 * engine's own plain reminder and calls come last.
 */
export function composeEffects(ext: RitualExtensions = {}): StepEffects {
  return (ctx, s, now) => {
    const tools = stepTools(ctx, ext);
    for (const handler of ext.steps ?? []) {
      const messages = handler(ctx, s, now, tools);
      if (messages) return messages;
    }
    return plainEffects(ctx, s, now, tools);
  };
}

/** The engine alone: reminders (with no link buttons) and calls for topics and volunteers. */
export const defaultEffects: StepEffects = composeEffects();

function plainEffects(ctx: AppContext, s: ScheduledStep, now: Date, tools: StepTools): OutboxMessage[] | undefined {
  const lang = ctx.org.organisation.language;
  const tr = translator(lang);
  const zone = ctx.org.organisation.timezone;
  const ref = occurrenceRef(s.ritual.key, s.occurrence.key);
  const when = slackDate(s.occurrence.start, zone, lang);
  const post = (message: { text: string; blocks: unknown[] }): OutboxMessage => ({
    dedupeKey: `ritual:${s.claimKey}`,
    topic: `ritual:${ref}`,
    method: 'chat.postMessage',
    args: { channel: s.ritual.channel, text: message.text, blocks: message.blocks, unfurl_links: false },
    // A message that could not be sent before it stops being useful is dropped rather than posted late.
    expiresAt: s.lateAt,
  });
  switch (s.step.action) {
    case 'remind': {
      // Issue 14 item 15: the reminder lists the proposed topics; the organisers get them the day before (topics.ts).
      const reminder = reminderMessage(tr, { ritual: s.ritual, start: s.occurrence.start, at: s.at, when, ref, links: tools.reminderLinks(s.ritual, now) });
      const topics = topicsOf(ctx, s.ritual.key, s.occurrence.key);
      const [first, ...rest] = reminder.blocks;
      const blocks = first ? [first, ...topicsBlocks(tr, topics), ...rest] : reminder.blocks;
      return [post({ text: reminder.text, blocks }), ...organiserDms(ctx, s, topics)];
    }
    case 'call_for_topics':
      return [post(topicsCallMessage(tr, { ritual: s.ritual, when, ref }))];
    case 'call_for_volunteers':
      return [post(volunteersCallMessage(tr, { ritual: s.ritual, need: s.ritual.volunteers ?? 3, volunteers: [], ref }))];
    default:
      return undefined;
  }
}

export interface RitualRunReport {
  done: number;
  skipped: number;
  unsupported: number;
  /** Steps whose effects threw: rolled back, retried on the next run (one broken step never blocks the others). */
  failed: number;
}

/** Thrown inside a claim transaction to roll it back when no handler knows the step. */
class NoHandler extends Error {}

/**
 * Settles every step due or overdue at `now`, each exactly once:
 * Rule 1 - one atomic INSERT per (ritual, occurrence, step) claims it; the
 *   step's effects (database changes and outbox rows) run in the same
 *   transaction, so a claim never exists without its effects nor the
 *   reverse, and a second tick, a restart or a manual `--at` run finds the
 *   claim and does nothing.
 * Rule 2 - a step past its grace window is recorded as skipped (with a log
 *   line), never posted late.
 * Rule 3 - a step no handler knows is rolled back, claim included (see StepEffects).
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
  const detail = ctx.db.prepare('UPDATE ritual_step_runs SET detail = ? WHERE ritual_key = ? AND occurrence_key = ? AND step_key = ?');
  const report: RitualRunReport = { done: 0, skipped: 0, unsupported: 0, failed: 0 };
  for (const s of steps) {
    const state = stepState(s, now);
    const args = [s.ritual.key, s.occurrence.key, s.step.key, s.step.action, s.at.toISOString(), now.toISOString()] as const;
    if (state === 'too-late') {
      const why = `too late: due ${s.at.toISOString()}, useful until ${s.lateAt.toISOString()}`;
      if (claim.run(...args, 'skipped', why).changes === 1) {
        report.skipped++;
        ctx.logger.warn(`ritual step ${s.claimKey} skipped: ${why}`);
      }
      continue;
    }
    if (state !== 'due') continue;
    try {
      // IMMEDIATE: the write lock is taken before the claim is read, so a second process waits rather than failing mid-way.
      const settled = ctx.db
        .transaction((): boolean => {
          if (claim.run(...args, 'done', null).changes === 0) return false;
          const messages = effects(ctx, s, now);
          if (!messages) throw new NoHandler();
          for (const m of messages) enqueue(ctx.db, m, now);
          detail.run(`${messages.length} message(s)`, s.ritual.key, s.occurrence.key, s.step.key);
          return true;
        })
        .immediate();
      if (settled) report.done++;
    } catch (err) {
      if (err instanceof NoHandler) {
        report.unsupported++;
        continue;
      }
      report.failed++;
      ctx.logger.error(`ritual step ${s.claimKey} failed and was rolled back; the next run retries it:`, err);
    }
  }
  return report;
}

/** The `rituals` job, running `effects` (built by composeEffects from what the features registered). */
export function createRitualsJob(effects: StepEffects): JobDefinition {
  return {
    name: 'rituals',
    description: 'runs ritual steps (sign-ups, reminders, calls) that are due, once each',
    schedule: '* * * * *',
    runAtStartup: true,
    async run(ctx, now) {
      const report = settleRitualSteps(ctx, now, effects);
      const delivery = await deliverPending(ctx, now);
      return {
        summary:
          `${report.done} step(s) run, ${report.skipped} skipped as too late` +
          `${report.unsupported ? `, ${report.unsupported} waiting for a feature this build lacks` : ''}` +
          `${report.failed ? `, ${report.failed} failed (rolled back, retried next run)` : ''}; ` +
          `delivered ${delivery.sent}, ${delivery.pending} pending, ${delivery.failed} failed`,
      };
    },
  };
}

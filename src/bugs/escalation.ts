/**
 * The `bug-escalation` job: claim the escalation levels that are due and
 * enqueue their notices in one transaction, then deliver through the outbox.
 *
 * Exactly once per (bug, clock, level), whatever repeats:
 *  - the claim is the primary key of bug_notices, inserted in the same
 *    transaction as the outbox rows, so a level is either claimed with its
 *    messages queued, or not claimed at all;
 *  - a second run at the same time, an overlapping tick, a restart or a run
 *    by hand finds the level claimed (and next_notice_at moved on) and sends nothing;
 *  - delivery retries live in the outbox, which never sends a row twice.
 */
import type { AppContext, JobOutcome } from '../context.js';
import { deliverPending, enqueue, type DeliveryOptions } from '../delivery/outbox.js';
import { translator } from '../i18n/index.js';
import { noticeMessage } from './blocks.js';
import {
  ladderFingerprint,
  ladderOf,
  nextNoticeAt,
  noticeHoursOf,
  noticeTimingFingerprint,
  onePerPerson,
  recipientId,
  recipientsFor,
  sendTimeOf,
  type LadderLevel,
} from './ladder.js';
import { inNoticeHours, nextNoticeMoment } from './notice-hours.js';
import { topicOf } from './service.js';
import { planNotices } from './sla.js';
import { bugStore, type Bug } from './store.js';

export interface SweepResult {
  /** Bugs whose due levels were decided in this sweep. */
  bugs: number;
  /** Outbox rows enqueued (one per recipient per level). */
  enqueued: number;
  superseded: number;
  noRecipient: number;
}

/** Bugs decided per transaction: keeps each write short when thousands are due at once. */
const BATCH = 2000;
const LADDER_KEY = 'ladder_fingerprint';

export function noticeDedupeKey(bug: Pick<Bug, 'key' | 'clockId'>, level: number, to: string): string {
  return `${topicOf(bug.key)}:clock:${bug.clockId}:level:${level}:to:${to}`;
}

/**
 * When the configured ladder's timing changed since next_notice_at was
 * computed, recompute it for every open bug (claimed levels stay claimed).
 * A no-op read of one row otherwise.
 */
export function syncLadder(ctx: Pick<AppContext, 'db' | 'org'>, ladder: readonly LadderLevel[]): number {
  const store = bugStore(ctx.db);
  const fingerprint = ladderFingerprint(ladder, noticeTimingFingerprint(ctx.org));
  if (store.meta(LADDER_KEY) === fingerprint) return 0;
  return ctx.db
    .transaction(() => {
      let n = 0;
      for (const bug of [...store.open()]) {
        const sendTime = sendTimeOf(ctx.org, bug, store.acknowledgement(bug.key, bug.clockId) !== undefined);
        store.setNextNotice(bug.key, nextNoticeAt(bug.deadline, ladder, store.claimedLevels(bug.key, bug.clockId), sendTime));
        n++;
      }
      store.setMeta(LADDER_KEY, fingerprint);
      return n;
    })
    .immediate();
}

/**
 * The claim-and-enqueue half of the job: decides every level due at `now`
 * (Rule 7 of sla.ts for catch-up), writes the ledger and the outbox, and moves
 * each bug's next_notice_at to its next unclaimed level. Synchronous: nothing
 * here waits on Slack.
 */
export function claimDueNotices(ctx: Pick<AppContext, 'db' | 'org' | 'languageOf'>, now: Date): SweepResult {
  const store = bugStore(ctx.db);
  const ladder = ladderOf(ctx.org);
  syncLadder(ctx, ladder);
  const byLevel = new Map(ladder.map((l) => [l.level, l]));
  const channelTr = translator(ctx.org.organisation.language);
  const hours = noticeHoursOf(ctx.org);
  const result: SweepResult = { bugs: 0, enqueued: 0, superseded: 0, noRecipient: 0 };

  const sweepBatch = ctx.db.transaction((): number => {
    const due = store.dueForNotice(now, BATCH);
    for (const bug of due) {
      result.bugs++;
      if (bug.resolvedAt) {
        store.setNextNotice(bug.key, null);
        continue;
      }
      // Outside working hours (catch-up after downtime, or a clock started
      // since): nothing is claimed, the bug waits for the next working moment.
      if (hours && !inNoticeHours(now, hours)) {
        store.setNextNotice(bug.key, nextNoticeMoment(now, hours));
        continue;
      }
      const claimed = store.claimedLevels(bug.key, bug.clockId);
      const sendTime = sendTimeOf(ctx.org, bug, store.acknowledgement(bug.key, bug.clockId) !== undefined);
      const plan = planNotices(bug.deadline, now, ladder, claimed, sendTime);
      for (const level of plan.superseded) {
        if (store.claimLevel(bug.key, bug.clockId, level.level, level.name, 'superseded', [], now)) result.superseded++;
        claimed.add(level.level);
      }
      for (const planned of plan.send) {
        const level = byLevel.get(planned.level);
        if (!level) continue;
        const { recipients, mentioned } = onePerPerson(recipientsFor(level, bug, ctx.org), ctx.org);
        const ids = recipients.map(recipientId);
        const won = store.claimLevel(bug.key, bug.clockId, level.level, level.name, ids.length > 0 ? 'enqueued' : 'no_recipient', ids, now);
        claimed.add(level.level);
        if (!won) continue;
        if (ids.length === 0) {
          result.noRecipient++;
          continue;
        }
        // One message per language, not per recipient: level 2 often reaches three.
        const byLanguage = new Map<string, ReturnType<typeof noticeMessage>>();
        for (const r of recipients) {
          const lang = r.kind === 'dm' ? ctx.languageOf(r.user) : ctx.org.organisation.language;
          let msg = byLanguage.get(lang);
          if (!msg) {
            msg = noticeMessage(lang === ctx.org.organisation.language ? channelTr : translator(lang), bug, level, ctx.org, { lang, now, mentioned });
            byLanguage.set(lang, msg);
          }
          const to = recipientId(r);
          if (
            enqueue(
              ctx.db,
              {
                dedupeKey: noticeDedupeKey(bug, level.level, to),
                topic: topicOf(bug.key),
                method: 'chat.postMessage',
                args: { channel: to, text: msg.text, blocks: msg.blocks, unfurl_links: false, unfurl_media: false },
              },
              now,
            )
          ) {
            result.enqueued++;
          }
        }
      }
      store.setNextNotice(bug.key, nextNoticeAt(bug.deadline, ladder, claimed, sendTime));
    }
    return due.length;
  });

  // Each batch moves every bug it reads past `now`, so the loop ends.
  while (sweepBatch.immediate() === BATCH);
  return result;
}

/**
 * Owners the tracker named by e-mail that Slack did not know when the bug
 * arrived (or Slack was unreachable): try again, a few per run.
 */
export async function matchOwnerEmails(ctx: Pick<AppContext, 'db' | 'client' | 'logger'>, now: Date, limit = 20): Promise<number> {
  const store = bugStore(ctx.db);
  let matched = 0;
  for (const bug of store.ownersToMatch(limit)) {
    if (!bug.ownerEmail) continue;
    try {
      const res = await ctx.client.users.lookupByEmail({ email: bug.ownerEmail });
      const id = res.user?.id;
      if (!id) continue;
      ctx.db.transaction(() => {
        const current = store.get(bug.key);
        if (!current || current.owner !== null || current.ownerEmail !== bug.ownerEmail) return;
        store.save({ ...current, owner: id, updatedAt: now });
        store.addEvent(bug.key, now, 'assigned', null, { to: id, email: bug.ownerEmail });
        matched++;
      })();
    } catch (err) {
      ctx.logger.debug(`bugs: owner e-mail of ${bug.key} still unknown to Slack:`, err instanceof Error ? err.message : String(err));
    }
  }
  return matched;
}

export async function runBugEscalation(ctx: AppContext, now: Date, delivery: DeliveryOptions = {}): Promise<JobOutcome> {
  const matched = await matchOwnerEmails(ctx, now);
  const sweep = claimDueNotices(ctx, now);
  const sent = await deliverPending(ctx, now, delivery);
  const parts = [
    `${sweep.bugs} bug(s) due`,
    `${sweep.enqueued} notice(s) queued`,
    `${sent.sent} sent`,
    `${sent.failed} failed`,
    `${sent.pending} pending`,
  ];
  if (sweep.superseded) parts.push(`${sweep.superseded} superseded`);
  if (sweep.noRecipient) parts.push(`${sweep.noRecipient} level(s) with nobody to tell`);
  if (matched) parts.push(`${matched} owner(s) matched by e-mail`);
  if (sent.stoppedBecause) parts.push(`delivery paused: ${sent.stoppedBecause}`);
  return { summary: parts.join(', ') };
}

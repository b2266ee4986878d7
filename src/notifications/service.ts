import type { AppContext, JobDefinition } from '../context.js';
import { onDomainEvent } from '../core/events.js';
import type { Db } from '../db/open.js';
import { deliverPending, enqueue } from '../delivery/outbox.js';
import { loopDm } from './blocks.js';
import {
  dueBatches,
  evidenceIds,
  insertNotice,
  levelOf,
  noticesOf,
  opportunityRef,
  opportunityStatus,
  peopleOf,
  pitchedBefore,
  settleNotices,
  type NoticeKind,
  type NotifyLevel,
} from './store.js';

/*
 * Closing the loop (docs/decisions/0018-closing-the-loop.md).
 *
 * Rule 1: the people told are an insight's reporter and its voice (when the
 *         voice is someone else), never the person who made the change.
 * Rule 2: a notice is recorded by a domain-event listener inside the change's
 *         own transaction (src/core/events.ts), so it cannot be lost or
 *         recorded for a change that did not happen.
 * Rule 3: notices wait `SETTLE_MS` after the last one of their batch (person,
 *         kind, opportunity): linking five insights of one CSM one by one
 *         makes one DM naming the five customers.
 * Rule 4: a batch is claimed (waiting → queued) and its DM enqueued in the
 *         delivery outbox in one transaction, under a key naming the batch:
 *         one DM, exactly once, across restarts.
 * Rule 5: the person's preference is read when the batch goes out: `off`
 *         mutes everything, `shipped` everything but shipping.
 * Rule 6: a link notice whose insight was unlinked before its batch went out
 *         is dropped (it is no longer true).
 */

/** Quiet time after the last notice of a batch before its DM goes. */
export const SETTLE_MS = 2 * 60_000;
/** Notices older than this are not sent (the bot was down for a week): muted as stale. */
export const STALE_MS = 7 * 86_400_000;
/** Statuses whose move is news for the people behind the evidence. */
const MOVE_KINDS: ReadonlySet<string> = new Set(['go', 'rework', 'no_go', 'in_roadmap', 'shipped']);

function record(db: Db, kind: NoticeKind, opportunityId: number | null, insightIds: readonly number[], actor: string, at: string, note: string | null): void {
  for (const insightId of insightIds) {
    for (const recipient of peopleOf(db, insightId)) {
      if (recipient === actor) continue; // Rule 1
      insertNotice(db, { recipient, kind, opportunityId, insightId, actor, note, at });
    }
  }
}

const subscribed = new WeakSet<Db>();

/** Subscribes the loop to the insights and opportunities events of this database (once, however many apps share it). */
export function subscribeLoop(db: Db): () => void {
  if (subscribed.has(db)) return () => undefined;
  subscribed.add(db);
  const offs = [
    onDomainEvent(db, 'insight.triaged', (e) => record(db, 'triaged', null, [e.insightId], e.by, e.at, null)),
    onDomainEvent(db, 'evidence.linked', (e) => {
      // A draft is private to its owner: its evidence is news when it is pitched (below).
      if (opportunityStatus(db, e.opportunityId) === 'draft') return;
      record(db, 'linked', e.opportunityId, e.insightIds, e.by, e.at, null);
    }),
    onDomainEvent(db, 'opportunity.moved', (e) => {
      // A first pitch makes its evidence public; a re-pitch after a withdrawal is not news again.
      if (e.from === 'draft' && e.to === 'pitched') {
        if (!pitchedBefore(db, e.opportunityId)) record(db, 'linked', e.opportunityId, evidenceIds(db, e.opportunityId), e.by, e.at, null);
      }
      else if (MOVE_KINDS.has(e.to)) record(db, e.to as NoticeKind, e.opportunityId, evidenceIds(db, e.opportunityId), e.by, e.at, e.note);
    }),
  ];
  return () => {
    offs.forEach((off) => off());
    subscribed.delete(db);
  };
}

function wanted(level: NotifyLevel, kind: NoticeKind): boolean {
  return level === 'all' || (level === 'shipped' && kind === 'shipped');
}

export interface LoopReport {
  queued: number;
  muted: number;
  dropped: number;
}

type LoopContext = Pick<AppContext, 'db' | 'org' | 'client' | 'logger' | 'languageOf' | 'tr'>;

/** The opportunity card's permalink, when Slack gives one (the DM's link); undefined otherwise. */
async function permalinkOf(ctx: LoopContext, channel: string | null, ts: string | null): Promise<string | undefined> {
  if (!channel || !ts) return undefined;
  try {
    const res = await ctx.client.chat.getPermalink({ channel, message_ts: ts });
    return typeof res.permalink === 'string' ? res.permalink : undefined;
  } catch (err) {
    ctx.logger.warn(`notifications: no permalink for ${channel}/${ts}; the DM goes without the link:`, err);
    return undefined;
  }
}

/** Groups the settled notices into DMs and enqueues them (Rules 3–6). Call `deliverPending` afterwards. */
export async function queueLoopDms(ctx: LoopContext, now: Date, limit = 200): Promise<LoopReport> {
  const report: LoopReport = { queued: 0, muted: 0, dropped: 0 };
  const links = new Map<number, string | undefined>();
  for (const batch of dueBatches(ctx.db, now, SETTLE_MS, limit)) {
    const opportunity = batch.opportunityId === null ? undefined : opportunityRef(ctx.db, batch.opportunityId);
    // The only await of a batch happens before its claim transaction.
    if (opportunity && !links.has(opportunity.id)) links.set(opportunity.id, await permalinkOf(ctx, opportunity.cardChannel, opportunity.cardTs));
    const link = opportunity ? links.get(opportunity.id) : undefined;
    const outcome = ctx.db.transaction((): 'queued' | 'muted' | 'dropped' | 'lost' => {
      const notices = noticesOf(ctx.db, batch);
      const stale = notices.filter((n) => Date.parse(n.at) < now.getTime() - STALE_MS);
      const gone = notices.filter((n) => !n.stillLinked);
      if (gone.length) settleNotices(ctx.db, gone.map((n) => n.id), 'dropped', null, now); // Rule 6
      const live = notices.filter((n) => n.stillLinked && !stale.includes(n));
      if (stale.length) settleNotices(ctx.db, stale.filter((n) => n.stillLinked).map((n) => n.id), 'muted', null, now);
      if (live.length === 0) return 'dropped';
      if (!wanted(levelOf(ctx.db, batch.recipient), batch.kind)) {
        settleNotices(ctx.db, live.map((n) => n.id), 'muted', null, now); // Rule 5
        return 'muted';
      }
      const key = `loop:${batch.recipient}:${batch.kind}:${batch.opportunityId ?? '-'}:${live[0]?.id ?? batch.firstId}`;
      if (!settleNotices(ctx.db, live.map((n) => n.id), 'queued', key, now)) throw new LostRace();
      const lang = ctx.languageOf(batch.recipient);
      const dm = loopDm(ctx.tr(batch.recipient), lang, ctx.org, { kind: batch.kind, notices: live, opportunity, link });
      enqueue(
        ctx.db,
        { dedupeKey: key, topic: `loop:${batch.recipient}`, method: 'chat.postMessage', args: { channel: batch.recipient, text: dm.text, blocks: dm.blocks, unfurl_links: false, unfurl_media: false } },
        now,
      );
      return 'queued';
    });
    try {
      const done = outcome.immediate();
      if (done !== 'lost') report[done]++;
    } catch (err) {
      if (!(err instanceof LostRace)) throw err;
    }
  }
  return report;
}

/** Another run claimed part of the batch first: roll back, it sends the DM. */
class LostRace extends Error {}

export const loopJob: JobDefinition = {
  name: 'notifications',
  description: 'tells the people who logged insights what became of them (one DM per person per change, batched)',
  schedule: '* * * * *',
  runAtStartup: true,
  async run(ctx, now) {
    const report = await queueLoopDms(ctx, now);
    const delivery = await deliverPending(ctx, now);
    return {
      summary:
        `${report.queued} loop DM(s) queued, ${report.muted} muted, ${report.dropped} dropped; ` +
        `delivered ${delivery.sent}, ${delivery.pending} pending, ${delivery.failed} failed`,
    };
  },
};

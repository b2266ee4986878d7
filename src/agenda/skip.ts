import type { AppContext } from '../context.js';
import { escapeTextCapped } from '../slack/cap.js';
import { enqueue, outboxEntry } from '../delivery/outbox.js';
import { claimKeyOf } from '../rituals/index.js';
import type { RitualConfig } from '../rituals/index.js';
import type { Occurrence } from '../core/recurrence/index.js';
import { itemTitle, live, nextStep, slackWhen } from './blocks.js';
import { dmTo, localeFor, orgLocale, skipsOf } from './service.js';
import { itemsOf } from './store.js';
import { agendaOccurrence, followingOccurrence, isAgendaRitual } from './window.js';

/**
 * What skipping one occurrence of an agenda ritual does to its agenda (issue 11
 * item 12, and the skip half of issue 19 item 12), in one transaction:
 *  Rule 1. every live item (slotted or waitlisted) is released: status
 *          'dropped', ended by the admin who skipped, end_reason NULL (the
 *          skip itself is recorded in ritual_skips) — no longer slotted, no
 *          longer in App Home, nothing left to withdraw;
 *  Rule 2. each presenter is told by DM, once per item (outbox);
 *  Rule 3. the sign-up call, when it was posted, loses its buttons and says
 *          "cancelled" (outbox, so a Slack failure is retried, not lost).
 * Returns how many items were released.
 */
export function releaseSkippedOccurrence(
  ctx: Pick<AppContext, 'db' | 'org' | 'languageOf'>,
  ritual: RitualConfig,
  occurrence: Occurrence,
  by: string,
  now: Date,
): number {
  if (!isAgendaRitual(ritual)) return 0;
  const l = orgLocale(ctx);
  const when = slackWhen(occurrence.start, l);
  const o = agendaOccurrence(ritual, occurrence, ctx.org.organisation.timezone);
  const next = followingOccurrence(ctx.org, o, skipsOf(ctx));
  return ctx.db
    .transaction((): number => {
      const items = live(itemsOf(ctx.db, ritual.key, occurrence.key));
      const released = [...items.slotted, ...items.waitlisted];
      const end = ctx.db.prepare(
        `UPDATE agenda_items SET status = 'dropped', ended_at = ?, ended_by = ?, end_reason = NULL
         WHERE id = ? AND status IN ('slotted', 'waitlisted')`,
      );
      let count = 0;
      for (const item of released) {
        if (end.run(now.toISOString(), by, item.id).changes === 0) continue;
        count++;
        const pl = localeFor(ctx, item.presenterId);
        const text = pl.tr('agenda.skipped.dm', { name: ritual.name, when: slackWhen(occurrence.start, pl), title: escapeTextCapped(itemTitle(item), 150) });
        // Bad news carries its next step (issue 14 item 10): when the next sign-ups open, Edit / Request a slot.
        const step = nextStep(pl, o, item, next);
        const blocks = [{ type: 'section' as const, text: { type: 'mrkdwn' as const, text } }, { type: 'context' as const, elements: [{ type: 'mrkdwn' as const, text: step.line }] }, ...step.blocks];
        enqueue(ctx.db, dmTo(item.presenterId, `agenda:item:${item.id}:skipped`, { text, blocks }), now);
      }
      const step = ritual.steps.find((s) => s.action === 'open_signups');
      const call = step ? outboxEntry(ctx.db, `ritual:${claimKeyOf(ritual.key, occurrence.key, step.key)}`) : undefined;
      if (call?.sentChannel && call.sentTs) {
        const text = l.tr('agenda.call.cancelled', { name: ritual.name, when });
        enqueue(
          ctx.db,
          {
            dedupeKey: `agenda:${ritual.key}|${occurrence.key}:cancelled`,
            topic: `ritual:${ritual.key}|${occurrence.key}`,
            method: 'chat.update',
            args: { channel: call.sentChannel, ts: call.sentTs, text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] },
          },
          now,
        );
      }
      return count;
    })
    .immediate();
}

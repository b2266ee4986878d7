import type { KnownBlock } from '@slack/types';
import type { AppContext } from '../context.js';
import { ACTIONS, approvalLine, button, decisionsOpen, factsLine, itemLine, live, slackWhen, type Locale } from './blocks.js';
import { factsOf, isApprover, localeFor, lockedAt, resolveRef, skipsOf } from './service.js';
import { itemsOf } from './store.js';
import { agendaRituals, needsApproval, nextAgendaOccurrence, type AgendaOccurrence } from './window.js';

/*
 * The approvers' App Home sections (issue 14 item 7), built here and spread
 * into the Home by src/home/build.ts through the agenda's door:
 *  - "To validate before <lock> (n)": the next alignment meeting's items, while
 *    decisions are open and at least one awaits a decision, with the
 *    validation DM's facts and its Approve / Decline… buttons;
 *  - "Outcomes to record (n)": items of final agendas whose meeting has
 *    started and whose outcome nobody recorded, with Go / Rework… / No-go.
 * Nothing for anyone else, and nothing when there is nothing to do. Every block
 * id starts with HOME_BLOCK_PREFIX, so a click in the Home redraws these
 * sections in place (listeners/home.ts) without the agenda knowing the rest of
 * the Home.
 */

export const HOME_BLOCK_PREFIX = 'agenda_home';
const OUTCOMES_SHOWN = 10;

const mrkdwn = (text: string) => ({ type: 'mrkdwn' as const, text });

function validateSection(ctx: Pick<AppContext, 'db'>, l: Locale, o: AgendaOccurrence, now: Date): KnownBlock[] {
  if (!decisionsOpen(o, lockedAt(ctx, o), now)) return [];
  const slotted = live(itemsOf(ctx.db, o.ritual.key, o.occurrence.key)).slotted;
  const pending = slotted.filter((i) => i.approval === null).length;
  if (pending === 0) return [];
  const facts = factsOf(ctx, slotted);
  const blocks: KnownBlock[] = [
    { type: 'divider', block_id: `${HOME_BLOCK_PREFIX}:validate:divider` },
    { type: 'section', block_id: `${HOME_BLOCK_PREFIX}:validate`, text: mrkdwn(l.tr('agenda.home.validate', { name: o.ritual.name, lock: slackWhen(o.lockAt ?? o.start, l), count: pending })) },
  ];
  for (const item of slotted) {
    const f = item.opportunityId !== null ? facts.get(item.opportunityId) : undefined;
    blocks.push({ type: 'section', block_id: `${HOME_BLOCK_PREFIX}:item:${item.id}`, text: mrkdwn(`${itemLine(l, item)}\n${approvalLine(l.tr, item)}`) });
    if (f) blocks.push({ type: 'context', block_id: `${HOME_BLOCK_PREFIX}:facts:${item.id}`, elements: [mrkdwn(factsLine(l, f))] });
    const elements = [];
    if (item.approval !== 'approved') elements.push(button(l.tr('agenda.button.approve'), ACTIONS.approve, String(item.id), 'primary'));
    if (item.approval !== 'declined') elements.push(button(l.tr('agenda.button.decline'), ACTIONS.decline, String(item.id), 'danger'));
    blocks.push({ type: 'actions', block_id: `${HOME_BLOCK_PREFIX}:decide:${item.id}`, elements });
  }
  return blocks;
}

function outcomesSection(ctx: Pick<AppContext, 'db' | 'org'>, l: Locale, now: Date): KnownBlock[] {
  const rows = ctx.db
    .prepare<[], { id: number; ritual_key: string; occurrence_key: string }>(
      `SELECT i.id, i.ritual_key, i.occurrence_key FROM agenda_items i
       JOIN agenda_locks k ON k.ritual_key = i.ritual_key AND k.occurrence_key = i.occurrence_key
       WHERE i.status = 'slotted' AND i.opportunity_id IS NOT NULL AND i.outcome IS NULL
       ORDER BY i.occurrence_key DESC, i.id LIMIT 100`,
    )
    .all();
  const due: { o: AgendaOccurrence; id: number }[] = [];
  for (const r of rows) {
    const o = resolveRef(ctx, `${r.ritual_key}|${r.occurrence_key}`);
    if (o && needsApproval(o.ritual) && now >= o.start) due.push({ o, id: r.id });
  }
  if (due.length === 0) return [];
  const blocks: KnownBlock[] = [
    { type: 'divider', block_id: `${HOME_BLOCK_PREFIX}:outcomes:divider` },
    { type: 'section', block_id: `${HOME_BLOCK_PREFIX}:outcomes`, text: mrkdwn(l.tr('agenda.home.outcomes', { count: due.length })) },
  ];
  for (const { o, id } of due.slice(0, OUTCOMES_SHOWN)) {
    const item = itemsOf(ctx.db, o.ritual.key, o.occurrence.key).find((i) => i.id === id);
    if (!item) continue;
    const value = String(item.id);
    blocks.push(
      { type: 'section', block_id: `${HOME_BLOCK_PREFIX}:outcome:${item.id}`, text: mrkdwn(`${itemLine(l, item)}\n${l.tr('agenda.home.meeting', { name: o.ritual.name, when: slackWhen(o.start, l) })}`) },
      {
        type: 'actions',
        block_id: `${HOME_BLOCK_PREFIX}:record:${item.id}`,
        elements: [
          button(l.tr('agenda.button.go'), ACTIONS.go, value, 'primary'),
          button(l.tr('agenda.button.rework'), ACTIONS.rework, value),
          button(l.tr('agenda.button.noGo'), ACTIONS.noGo, value, 'danger'),
        ],
      },
    );
  }
  if (due.length > OUTCOMES_SHOWN) blocks.push({ type: 'context', block_id: `${HOME_BLOCK_PREFIX}:outcomes:more`, elements: [mrkdwn(l.tr('agenda.more', { count: due.length - OUTCOMES_SHOWN }))] });
  return blocks;
}

/** The approver's Home sections; [] for everyone else. */
export function agendaHomeBlocks(ctx: Pick<AppContext, 'db' | 'org' | 'languageOf'>, userId: string, now: Date): KnownBlock[] {
  if (!isApprover(ctx.org, userId)) return [];
  const l = localeFor(ctx, userId);
  const validate = agendaRituals(ctx.org)
    .filter((r) => needsApproval(r))
    .flatMap((r) => {
      const o = nextAgendaOccurrence(ctx.org, r, now, skipsOf(ctx));
      return o ? validateSection(ctx, l, o, now) : [];
    });
  return [...validate, ...outcomesSection(ctx, l, now)];
}

/** The Home as Slack sent it with a click, with the agenda's sections redrawn (or appended when new). */
export function redrawnHome<B extends { block_id?: string }>(blocks: readonly B[], fresh: readonly KnownBlock[]): (B | KnownBlock)[] {
  const mine = (b: { block_id?: string }) => b.block_id?.startsWith(`${HOME_BLOCK_PREFIX}:`) === true;
  const first = blocks.findIndex(mine);
  if (first === -1) return [...blocks, ...fresh];
  const rest = blocks.filter((b) => !mine(b));
  return [...rest.slice(0, first), ...fresh, ...rest.slice(first)];
}

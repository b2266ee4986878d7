import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { AppContext } from '../../../context.js';
import type { Translate } from '../../../i18n/index.js';
import { inertText, plainOf, truncate } from '../../../slack/text.js';
import { ACTIONS, resultsMessage, type Message } from '../../blocks.js';
import { afterPendingAcks } from '../../service.js';
import { deleteInsight, getInsight, searchInsights } from '../../store.js';

/*
 * "Search instead" (issue 14 item 4, decision 0030): `/insight search is slow
 * on tablets` is logged, because a sentence may start with "search"; the
 * confirmation offers this button for the person who meant a search.
 *
 * Rule 1: the search runs for anyone who clicks (it only reads).
 * Rule 2: the insight logged by mistake is removed on the way, under Undo's
 *         rules (its reporter, within the undo window); otherwise it stays
 *         and the answer says so.
 */

/** The `/insight ? words` answer: results, or "none", with the way to log the words instead. */
export function searchAnswer(ctx: Pick<AppContext, 'db' | 'org'>, tr: Translate, words: string, teamDomain: string | undefined, lead?: string): Message {
  const page = searchInsights(ctx.db, words);
  const notes = page.matchedAll ? [] : [tr('insight.search.anyWord')];
  const hint = tr('insight.search.logHint', { text: inertText(truncate(plainOf(words), 80)) });
  const message = resultsMessage(tr, ctx.org, {
    title: tr('insight.search.title', { words: truncate(words, 80) }),
    items: page.items,
    total: page.total,
    totalCapped: page.totalCapped,
    emptyText: tr('insight.search.none', { words: truncate(words, 80) }),
    notes: [...(lead ? [lead] : []), ...(page.items.length ? [...notes, hint] : [hint])],
    teamDomain,
  });
  // With results, the notification text lists them only: say what happened to the insight there too.
  return lead && page.items.length ? { ...message, text: `${lead}\n${message.text}` } : message;
}

/** "12:is slow on tablets" → [12, "is slow on tablets"]. */
export function readSearchInstead(value: string | undefined): { id: number; words: string } | undefined {
  const m = value === undefined ? null : /^(\d{1,15}):([\s\S]+)$/.exec(value);
  return m?.[1] && m[2]?.trim() ? { id: Number(m[1]), words: m[2].trim() } : undefined;
}

export function registerSearchInstead(app: App, ctx: AppContext): void {
  app.action<BlockAction<ButtonAction>>(ACTIONS.searchInstead, async ({ ack, body, action, respond }) => {
    await ack();
    await afterPendingAcks();
    const user = body.user.id;
    const tr = ctx.tr(user);
    const read = readSearchInstead(action.value);
    if (!read) {
      await respond({ response_type: 'ephemeral', replace_original: false, text: tr('insight.search.usage') });
      return;
    }
    const insight = getInsight(ctx.db, read.id);
    let lead: string | undefined;
    const withinUndo = insight !== undefined && ctx.clock.now().getTime() - new Date(insight.createdAt).getTime() <= ctx.org.insights.undoMinutes * 60_000;
    if (insight && insight.reporterId === user && withinUndo) {
      deleteInsight(ctx.db, insight.id);
      lead = tr('lang.insight.searchInstead.removed', { id: insight.id, words: inertText(truncate(read.words, 80)) });
      if (insight.triageChannel && insight.triageTs) await ctx.client.chat.delete({ channel: insight.triageChannel, ts: insight.triageTs });
    } else if (insight) {
      lead = tr('lang.insight.searchInstead.kept', { id: insight.id });
    }
    // The confirmation is replaced by the search: the insight it confirmed is gone (or said to stay).
    await respond({ response_type: 'ephemeral', replace_original: true, ...searchAnswer(ctx, tr, read.words, body.team?.domain, lead) });
  });
}

import type { AllMiddlewareArgs, SlackOptionsMiddlewareArgs } from '@slack/bolt';
import type { AppContext } from '../../context.js';
import { listInsights, searchInsights } from '../../insights/index.js';
import { insightOption, opportunityOption } from '../blocks.js';
import { searchByTitle } from '../store.js';

export type OptionsArgs = SlackOptionsMiddlewareArgs<'block_suggestion'> & AllMiddlewareArgs;

/** Options Slack shows for an external select: at most 100; fewer keep the menu readable. */
export const OPTIONS_LIMIT = 50;

/** The evidence external select (pitch modal, Add evidence): insights, newest first or by relevance. */
export async function onEvidenceOptions(ctx: AppContext, { ack, options }: OptionsArgs): Promise<void> {
  const query = (options.value ?? '').trim();
  // An empty query (min_query_length 0) offers the newest insights; words search them by relevance.
  const items = query === '' ? listInsights(ctx.db, { tags: [], untriaged: false, archived: false }, OPTIONS_LIMIT).items : searchInsights(ctx.db, query, OPTIONS_LIMIT).items;
  await ack({ options: items.slice(0, OPTIONS_LIMIT).map(insightOption) });
}

/** The opportunity external select on the insight link modal: by title or number, the ones this person may see. */
export async function onOpportunityOptions(ctx: AppContext, { ack, options, body }: OptionsArgs): Promise<void> {
  const lang = ctx.languageOf(body.user.id);
  const rows = searchByTitle(ctx.db, options.value ?? '', body.user.id, OPTIONS_LIMIT);
  await ack({ options: rows.map((o) => opportunityOption(ctx.tr(body.user.id), lang, o)) });
}

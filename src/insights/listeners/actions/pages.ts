import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { ActionsBlock, Button } from '@slack/types';
import { z } from 'zod';
import type { OrgConfig } from '../../../config/org.js';
import type { AppContext } from '../../../context.js';
import type { Translate } from '../../../i18n/index.js';
import { escapeMrkdwn, inertText, plainOf, truncate } from '../../../slack/text.js';
import { ACTIONS, resultsMessage, type Message } from '../../blocks.js';
import type { ListFilters } from '../../parse.js';
import { afterPendingAcks, canTriage } from '../../service.js';
import { listInsights, searchInsights, type Insight } from '../../store.js';

/*
 * `/insight list` and `/insight ? words` page (issue 14 item 17), like
 * `/pitch list`: Previous / Next carry the query and the page; the list echoes
 * its filters; each row offers "Details #13" to whoever may open that insight
 * (its reporter and its triagers: the rule the Details handler applies).
 */

export const PAGE_SIZE = 10;
export const ACTION_PAGE = 'insight_page';
/** A button value is at most 2,000 characters: longer search words get no page buttons. */
const MAX_VALUE = 2000;

const filtersValue = z.object({
  t: z.string().max(40).optional(),
  g: z.array(z.string().max(60)).max(20).default([]),
  c: z.string().max(200).optional(),
  u: z.literal(1).optional(),
  a: z.literal(1).optional(),
  m: z.literal(1).optional(),
});
const pageValue = z.union([
  z.object({ k: z.literal('l'), p: z.number().int().min(0).max(100_000), f: filtersValue }),
  z.object({ k: z.literal('s'), p: z.number().int().min(0).max(100_000), w: z.string().min(1).max(1500) }),
]);
type PageValue = z.infer<typeof pageValue>;

function encodeFilters(f: ListFilters): z.infer<typeof filtersValue> {
  return {
    ...(f.tribe ? { t: f.tribe } : {}),
    g: f.tags,
    ...(f.customer ? { c: f.customer } : {}),
    ...(f.untriaged ? { u: 1 as const } : {}),
    ...(f.archived ? { a: 1 as const } : {}),
    ...(f.reporter ? { m: 1 as const } : {}),
  };
}

function decodeFilters(org: OrgConfig, v: z.infer<typeof filtersValue>): ListFilters {
  return {
    ...(v.t && org.tribes.some((t) => t.key === v.t) ? { tribe: v.t } : {}),
    tags: v.g,
    ...(v.c ? { customer: v.c } : {}),
    untriaged: v.u === 1,
    archived: v.a === 1,
    ...(v.m ? { reporter: 'me' } : {}),
  };
}

/** "Payments · #checkout · customer Acme · untriaged · mine": what the list shows, as asked. */
export function filterEcho(tr: Translate, org: OrgConfig, f: ListFilters): string {
  const parts: string[] = [];
  if (f.tribe) parts.push(escapeMrkdwn(org.tribes.find((t) => t.key === f.tribe)?.name ?? f.tribe));
  for (const tag of f.tags) parts.push(`#${escapeMrkdwn(tag)}`);
  if (f.customer) parts.push(tr('insight.list.echo.customer', { customer: escapeMrkdwn(truncate(f.customer, 60)) }));
  if (f.archived) parts.push(tr('insight.status.archived'));
  else if (f.untriaged) parts.push(tr('insight.status.new'));
  if (f.reporter) parts.push(tr('insight.list.echo.mine'));
  return parts.length ? parts.join(' · ') : tr('insight.list.echo.everything');
}

function nav(tr: Translate, value: (page: number) => PageValue, page: number, total: number): ActionsBlock | undefined {
  const pages = Math.ceil(total / PAGE_SIZE);
  const elements: Button[] = [];
  const add = (to: number, which: 'prev' | 'next') => {
    const v = JSON.stringify(value(to));
    if (v.length > MAX_VALUE) return;
    const label = which === 'prev' ? tr('insight.list.prev') : tr('insight.list.next');
    elements.push({ type: 'button', action_id: `${ACTION_PAGE}:${which}`, text: { type: 'plain_text', text: label }, value: v });
  };
  if (page > 0) add(page - 1, 'prev');
  if (page + 1 < pages) add(page + 1, 'next');
  return elements.length ? { type: 'actions', block_id: 'insight_list_nav', elements } : undefined;
}

function rowButton(tr: Translate, org: OrgConfig, viewer: string): (i: Insight) => Button | undefined {
  return (i) =>
    i.reporterId === viewer || canTriage(org, viewer, i.tribe)
      ? { type: 'button', action_id: ACTIONS.details, text: { type: 'plain_text', text: tr('insight.button.detailsOf', { id: i.id }) }, value: String(i.id) }
      : undefined;
}

function pageLine(tr: Translate, page: number, total: number): string {
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  return pages > 1 ? tr('insight.list.page', { page: page + 1, pages }) : '';
}

/** One page of `/insight list` for this viewer. */
export function listPage(ctx: Pick<AppContext, 'db' | 'org' | 'tr'>, viewer: string, filters: ListFilters, page: number, teamDomain: string | undefined): Message {
  const tr = ctx.tr(viewer);
  const result = listInsights(ctx.db, { ...filters, reporter: filters.reporter === 'me' ? viewer : undefined }, PAGE_SIZE, page * PAGE_SIZE);
  const echo = [filterEcho(tr, ctx.org, filters), pageLine(tr, page, result.total)].filter(Boolean).join(' · ');
  return resultsMessage(tr, ctx.org, {
    title: tr('insight.list.title'),
    items: result.items,
    total: result.total,
    totalCapped: result.totalCapped,
    emptyText: page > 0 ? tr('insight.list.pastEnd') : `${tr('insight.list.none')} (${echo})`,
    teamDomain,
    echo,
    offset: page * PAGE_SIZE,
    nav: nav(tr, (p) => ({ k: 'l', p, f: encodeFilters(filters) }), page, result.total),
    rowButton: rowButton(tr, ctx.org, viewer),
  });
}

/** One page of `/insight ? words` for this viewer. */
export function searchPage(ctx: Pick<AppContext, 'db' | 'org' | 'tr'>, viewer: string, words: string, page: number, teamDomain: string | undefined): Message {
  const tr = ctx.tr(viewer);
  const result = searchInsights(ctx.db, words, PAGE_SIZE, page * PAGE_SIZE);
  const notes = result.matchedAll ? [] : [tr('insight.search.anyWord')];
  // "Search is slow on tablets" reads like an insight too: always show the way to log it.
  const hint = tr('insight.search.logHint', { text: inertText(truncate(plainOf(words), 80)) });
  const line = pageLine(tr, page, result.total);
  return resultsMessage(tr, ctx.org, {
    title: tr('insight.search.title', { words: truncate(words, 80) }),
    items: result.items,
    total: result.total,
    totalCapped: result.totalCapped,
    emptyText: page > 0 ? tr('insight.list.pastEnd') : tr('insight.search.none', { words: truncate(words, 80) }),
    notes: result.items.length ? [...notes, hint] : [hint],
    teamDomain,
    ...(line ? { echo: line } : {}),
    offset: page * PAGE_SIZE,
    nav: nav(tr, (p) => ({ k: 's', p, w: words }), page, result.total),
    rowButton: rowButton(tr, ctx.org, viewer),
  });
}

/** Previous / Next: the button carries the query; a value that does not parse gets the usage, nothing else. */
export function registerInsightPages(app: App, ctx: AppContext): void {
  app.action<BlockAction<ButtonAction>>(new RegExp(`^${ACTION_PAGE}:`), async ({ ack, body, action, respond }) => {
    await ack();
    await afterPendingAcks();
    const user = body.user.id;
    let value: PageValue | undefined;
    try {
      const parsed = pageValue.safeParse(JSON.parse(action.value ?? ''));
      value = parsed.success ? parsed.data : undefined;
    } catch {
      value = undefined;
    }
    if (!value) {
      await respond({ response_type: 'ephemeral', replace_original: false, text: ctx.tr(user)('insight.usage') });
      return;
    }
    const message = value.k === 'l' ? listPage(ctx, user, decodeFilters(ctx.org, value.f), value.p, body.team?.domain) : searchPage(ctx, user, value.w, value.p, body.team?.domain);
    await respond({ response_type: 'ephemeral', replace_original: true, ...message });
  });
}

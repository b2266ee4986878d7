import type { KnownBlock, StaticSelect } from '@slack/types';
import type { Language, OrgConfig } from '../config/org.js';
import type { Translate } from '../i18n/index.js';
import { statusLabel } from '../opportunities/index.js';
import { isStatus } from '../opportunities/index.js';
import { escapeMrkdwn, escapeText, truncate } from '../slack/text.js';
import type { BatchNotice, MyInsight, NoticeKind, NotifyLevel, OpportunityRef } from './store.js';

export const ACTION_NOTIFY_LEVEL = 'loop_notify_level';
/** Insights named in one DM; the rest is counted ("…and N more" comes from the count). */
const MAX_NAMED = 10;

export interface LoopDm {
  text: string;
  blocks: KnownBlock[];
}

/** "#12 Acme (Payments)": a customer is something a person typed, never markup. */
function insightRef(org: OrgConfig, n: BatchNotice, withTribe: boolean): string {
  const customer = n.customer ? ` ${truncate(escapeText(n.customer), 60)}` : '';
  const tribe = withTribe && n.tribe ? ` (${escapeText(org.tribes.find((t) => t.key === n.tribe)?.name ?? n.tribe)})` : '';
  return `#${n.insightId}${customer}${tribe}`;
}

function opportunityRef(lang: Language, o: OpportunityRef): string {
  const title = truncate(escapeText(o.title.replace(/\s+/g, ' ')), 100);
  return lang === 'fr' ? `#${o.id} «\u202f${title}\u202f»` : `#${o.id} “${title}”`;
}

/** Distinct customers, as typed (case-insensitively distinct), escaped. */
export function customersOf(notices: readonly BatchNotice[]): string[] {
  const seen = new Map<string, string>();
  for (const n of notices) if (n.customer && !seen.has(n.customer.toLowerCase())) seen.set(n.customer.toLowerCase(), truncate(escapeText(n.customer), 60));
  return [...seen.values()];
}

/**
 * One DM for one batch: a person's insights that one change touched.
 * Pure; `link` is the opportunity card's permalink when Slack gave one.
 */
export function loopDm(
  tr: Translate,
  lang: Language,
  org: OrgConfig,
  batch: { kind: NoticeKind; notices: readonly BatchNotice[]; opportunity: OpportunityRef | undefined; link: string | undefined },
): LoopDm {
  const { kind, notices, opportunity } = batch;
  const count = notices.length;
  const named = notices.slice(0, MAX_NAMED).map((n) => insightRef(org, n, kind === 'triaged'));
  if (count > MAX_NAMED) named.push(`+${count - MAX_NAMED}`);
  const insights = named.join(', ');
  const opp = opportunity ? opportunityRef(lang, opportunity) : '';
  let main: string;
  switch (kind) {
    case 'triaged':
      main = tr('loop.triaged', { count, insights });
      break;
    case 'linked':
      main = tr('loop.linked', { count, insights, opportunity: opp });
      break;
    default:
      main = tr(`loop.${kind}`, { insights, opportunity: opp });
  }
  const lines = [main];
  const note = notices.find((n) => n.note)?.note;
  if (note && (kind === 'rework' || kind === 'no_go')) lines.push(tr('loop.note', { note: truncate(escapeMrkdwn(note.replace(/\s+/g, ' ')), 600) }));
  const customers = customersOf(notices);
  if (kind === 'shipped' && customers.length) lines.push(tr('loop.shipped.tell', { customers: customers.join(', ') }));
  const actor = notices[notices.length - 1]?.actor;
  const context: string[] = [];
  if (actor && /^[UW][A-Z0-9]+$/.test(actor)) context.push(tr('loop.by', { user: actor }));
  context.push(tr('loop.footer'));

  const blocks: KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text: truncate(lines.join('\n'), 3000) } }];
  if (opportunity && batch.link) {
    blocks.push({
      type: 'actions',
      block_id: 'loop_actions',
      elements: [{ type: 'button', action_id: 'loop_open_opportunity', text: { type: 'plain_text', text: tr('loop.open') }, url: batch.link, value: String(opportunity.id) }],
    });
  }
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: truncate(context.join(' '), 3000) }] });
  const text = truncate([...lines, ...(batch.link ? [batch.link] : [])].join('\n'), 3000);
  return { text, blocks };
}

// ---------------------------------------------------------------------------
// App Home: My insights and the setting
// ---------------------------------------------------------------------------

function stateOf(tr: Translate, i: MyInsight): string {
  const o = i.opportunity;
  if (o && o.status === 'shipped') return tr('loop.home.state.shipped', { id: o.id });
  if (o) return tr('loop.home.state.linked', { id: o.id, status: isStatus(o.status) ? statusLabel(tr, o.status) : o.status });
  return tr(i.status === 'new' ? 'loop.home.state.new' : i.status === 'triaged' ? 'loop.home.state.triaged' : 'loop.home.state.archived');
}

function levelOption(tr: Translate, level: NotifyLevel) {
  return { text: { type: 'plain_text' as const, text: tr(`loop.level.${level}`) }, value: level };
}

/** The Home section: the person's insights with where each one stands, and their notification setting. */
export function myInsightsBlocks(tr: Translate, mine: { total: number; items: readonly MyInsight[] }, level: NotifyLevel, more: (count: number) => string): KnownBlock[] {
  const items = mine.items.map((i) =>
    `• ${tr('loop.home.item', {
      id: i.id,
      customer: i.customer ? `${truncate(escapeText(i.customer), 40)} · ` : '',
      text: truncate(escapeMrkdwn(i.text.replace(/\s+/g, ' ')), 100),
      state: stateOf(tr, i),
    })}`,
  );
  if (mine.total > mine.items.length) items.push(more(mine.total - mine.items.length));
  const select: StaticSelect = {
    type: 'static_select',
    action_id: ACTION_NOTIFY_LEVEL,
    options: (['all', 'shipped', 'off'] as const).map((l) => levelOption(tr, l)),
    initial_option: levelOption(tr, level),
  };
  return [
    { type: 'section', text: { type: 'mrkdwn', text: truncate(`${tr('loop.home.heading')}\n${items.length ? items.join('\n') : tr('loop.home.none')}`, 3000) } },
    { type: 'section', block_id: 'loop_settings', text: { type: 'mrkdwn', text: `*${tr('loop.home.settings')}*\n${tr('loop.home.settingsHint')}` }, accessory: select },
  ];
}

import { createHash } from 'node:crypto';
import { escapeMrkdwnCapped } from '../slack/cap.js';
import type { ActionsBlock, Button, KnownBlock, ModalView, PlainTextOption, SectionBlock, StaticSelect } from '@slack/types';
import type { OrgConfig } from '../config/org.js';
import type { MessageKey, Translate } from '../i18n/index.js';
import type { InsightDraft } from './parse.js';
import type { Insight } from './store.js';
import { INSIGHT_SOURCES, MAX_TEXT_LENGTH, type InsightSource } from './text.js';
import type { Language } from '../config/org.js';
import { formatMoney } from '../i18n/numbers.js';
import { dateToken, languageOf } from '../i18n/dates.js';
import { escapeMrkdwn, escapeText, inertText, messageLink, plainOf, truncate } from '../slack/text.js';

/*
 * Pure Block Kit builders for insights. Every message comes with a plain
 * `text` fallback; every string that can grow is truncated to Slack's limits.
 */

export const ACTIONS = {
  undo: 'insight_undo',
  details: 'insight_details',
  sameAs: 'insight_same_as',
  assignTeam: 'insight_assign_team',
  routeTribe: 'insight_route_tribe',
  addTags: 'insight_add_tags',
  link: 'insight_link_opportunity',
  archive: 'insight_archive',
  restore: 'insight_restore',
  /** On the confirmation of "search …" logged as an insight (decision 0030): handler in search-instead.ts. */
  searchInstead: 'insight_search_instead',
  /** On a held duplicate hint: not a duplicate, post the card now (issue 14 item 12). */
  notSame: 'insight_not_same',
} as const;

export const VIEWS = { insight: 'insight_modal', tags: 'insight_tags_modal' } as const;

/** Modal block ids: the keys `response_action: errors` points at. */
export const FIELDS = {
  text: 'text',
  source: 'source',
  customer: 'customer',
  arr: 'arr',
  segment: 'segment',
  tribe: 'tribe',
  tags: 'tags',
} as const;
export const VALUE = 'value';

export interface Message {
  text: string;
  blocks: KnownBlock[];
}

const plain = (text: string, max = 75) => ({ type: 'plain_text' as const, text: truncate(text, max) });
const mrkdwn = (text: string) => ({ type: 'mrkdwn' as const, text: truncate(text, 3000) });

export function sourceLabel(tr: Translate, source: InsightSource): string {
  return tr(`insight.source.${source}` as MessageKey);
}

/** An account's ARR the reader's way: "€120k" / "120 k€" (src/i18n/money.ts). */
export function formatArr(arr: number, lang: Language): string {
  return formatMoney(arr, lang);
}

/** A day Slack renders in each reader's own zone and language, with a localised fallback (src/i18n/dates.ts). */
function slackDate(iso: string, tr: Translate, org: OrgConfig): string {
  return dateToken(new Date(iso), { lang: languageOf(tr), zone: org.organisation.timezone }, 'shortDate');
}

function tribeName(tr: Translate, org: OrgConfig, key: string | null): string {
  if (key === null) return tr('insight.inbox');
  return org.tribes.find((t) => t.key === key)?.name ?? key;
}

function teamName(org: OrgConfig, tribe: string | null, team: string): string {
  return org.tribes.find((t) => t.key === tribe)?.impactTeams.find((x) => x.key === team)?.name ?? team;
}

/** "Acme Corp (ARR 120k, enterprise) · #checkout #mobile · Payments · Customer call". */
function metaLine(tr: Translate, org: OrgConfig, insight: Insight, parts: { tribe: boolean; source: boolean }): string {
  const out: string[] = [];
  const weight = [insight.arr !== null ? tr('insight.meta.arr', { arr: insight.arr }) : '', insight.segment ?? ''].filter(Boolean).join(', ');
  if (insight.customer) out.push(`*${escapeMrkdwnCapped(insight.customer, 80)}*${weight ? ` (${weight})` : ''}`);
  else if (weight) out.push(tr('insight.meta.weight', { weight }));
  if (insight.tags.length) out.push(insight.tags.map((t) => `#${t}`).join(' '));
  if (parts.tribe) out.push(escapeMrkdwn(tribeName(tr, org, insight.tribe)));
  // Labelled: a bare "Other" on its own line says nothing (issue 14, item 18).
  if (parts.source) out.push(tr('insight.meta.source', { source: sourceLabel(tr, insight.source) }));
  return out.join(' · ');
}

// ---------------------------------------------------------------------------
// The ephemeral confirmation after logging
// ---------------------------------------------------------------------------

export interface ConfirmationOptions {
  duplicates: readonly Insight[];
  undoMinutes: number;
  teamDomain?: string | undefined;
  /** The words to search for when the text began with a search word: adds *Search instead*. */
  searchInstead?: string | undefined;
  /** The card waits for the answer to the duplicate hint: say so, and offer "No, it is new". */
  held?: boolean;
}

export function confirmationMessage(tr: Translate, org: OrgConfig, insight: Insight, opts: ConfirmationOptions): Message {
  const tribe = org.tribes.find((t) => t.key === insight.tribe);
  const inbox = org.channels.insightsInbox;
  const where = tribe
    ? tr('insight.logged.tribe', { tribe: escapeMrkdwn(tribe.name), channel: tribe.channel })
    : inbox
      ? tr('insight.logged.inbox', { channel: inbox })
      : tr('insight.logged.nowhere');
  const meta = metaLine(tr, org, insight, { tribe: false, source: true });
  const blocks: KnownBlock[] = [
    { type: 'section', text: mrkdwn(`${tr('insight.logged', { id: insight.id })}\n>${escapeMrkdwnCapped(insight.text, 600).replace(/\n/g, '\n>')}`) },
    { type: 'context', elements: [mrkdwn(meta || sourceLabel(tr, insight.source))] },
    { type: 'context', elements: [mrkdwn(`${where} ${tr('insight.logged.undoHint', { minutes: opts.undoMinutes })}`)] },
  ];
  const searchWords = opts.searchInstead === undefined ? '' : truncate(opts.searchInstead.replace(/\s+/g, ' ').trim(), 500);
  if (searchWords !== '') blocks.push({ type: 'context', elements: [mrkdwn(tr('lang.insight.ambiguous', { words: escapeMrkdwnCapped(searchWords.replace(/`/g, "'"), 200) }))] });
  blocks.push(...duplicateBlocks(tr, org, insight, opts.duplicates, opts.teamDomain, opts.held ?? false));
  blocks.push({
    type: 'actions',
    block_id: `insight_confirm:${insight.id}`,
    elements: [
      { type: 'button', action_id: ACTIONS.details, text: plain(tr('insight.button.details')), value: String(insight.id), style: 'primary' },
      { type: 'button', action_id: ACTIONS.undo, text: plain(tr('insight.button.undo')), value: String(insight.id) },
      ...(searchWords !== ''
        ? [{ type: 'button' as const, action_id: ACTIONS.searchInstead, text: plain(tr('lang.insight.searchInstead')), value: `${insight.id}:${searchWords}` }]
        : []),
    ],
  });
  const text = [tr('insight.logged', { id: insight.id }).replace(/\*/g, ''), inertText(truncate(insight.text, 200))].join(' ');
  return { text, blocks };
}

/** "This reads like…": up to 3 look-alikes with links, each with a "Same as #N" button. */
function duplicateBlocks(tr: Translate, org: OrgConfig, insight: Insight, duplicates: readonly Insight[], teamDomain: string | undefined, held: boolean): KnownBlock[] {
  if (duplicates.length === 0) return [];
  const blocks: KnownBlock[] = [{ type: 'section', text: mrkdwn(held ? `${tr('insight.dup.intro')}\n${tr('insight.dup.held')}` : tr('insight.dup.intro')) }];
  for (const dup of duplicates.slice(0, 3)) {
    const section: SectionBlock = {
      type: 'section',
      text: mrkdwn(resultLine(tr, org, dup, teamDomain)),
      accessory: {
        type: 'button',
        action_id: ACTIONS.sameAs,
        text: plain(tr('insight.button.sameAs', { id: dup.id })),
        value: `${insight.id}:${dup.id}`,
      },
    };
    blocks.push(section);
  }
  if (held) {
    blocks.push({
      type: 'actions',
      block_id: `insight_dup:${insight.id}`,
      elements: [{ type: 'button', action_id: ACTIONS.notSame, text: plain(tr('insight.button.notSame')), value: String(insight.id) }],
    });
  }
  return blocks;
}

/**
 * The duplicate hint on its own, sent after `/insight`'s acknowledgement (which
 * carries the confirmation) as a second ephemeral message; undefined when
 * nothing reads alike. Slack does not let a slash command's response_url
 * replace the acknowledgement's message, hence a message of its own (decision 0015).
 */
export function duplicateHintMessage(
  tr: Translate,
  org: OrgConfig,
  insight: Insight,
  duplicates: readonly Insight[],
  teamDomain?: string | undefined,
  held = false,
): Message | undefined {
  const shown = duplicates.slice(0, 3);
  if (shown.length === 0) return undefined;
  const text = tr('insight.dup.text', { id: insight.id, ids: shown.map((d) => `#${d.id}`).join(', ') });
  // Which insight it is about, for when several were logged in a row.
  const about: KnownBlock = { type: 'context', elements: [mrkdwn(`${tr('insight.logged', { id: insight.id })} ${escapeMrkdwnCapped(plainOf(insight.text), 120)}`)] };
  const lead = held ? `${text} ${tr('insight.dup.held')}` : text;
  return { text: lead, blocks: [...duplicateBlocks(tr, org, insight, shown, teamDomain, held), about] };
}

// ---------------------------------------------------------------------------
// The insight modal (create, edit, from a message)
// ---------------------------------------------------------------------------

export interface ModalMetadata {
  /** Set when editing an existing insight. */
  id?: number;
  /** Where to confirm (the channel the command or shortcut came from). */
  channel?: string;
  voice?: string;
  messageChannel?: string;
  messageTs?: string;
  permalink?: string;
  /** "Add details": what the form showed, so only what the person changed is written (issue 19, item 4). */
  before?: FormSnapshot;
}

/** The tags shown, and a short fingerprint of every other field shown (the text may be 3,000 characters). */
export interface FormSnapshot {
  tags: string[];
  h: Record<'text' | 'source' | 'customer' | 'arr' | 'segment' | 'tribe', string>;
}

export function fingerprint(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value ?? null)).digest('base64url').slice(0, 12);
}

export function snapshotOf(d: Pick<InsightDraft, 'text' | 'source' | 'customer' | 'arr' | 'segment' | 'tribe' | 'tags'>): FormSnapshot {
  return {
    tags: [...d.tags],
    h: { text: fingerprint(d.text), source: fingerprint(d.source), customer: fingerprint(d.customer), arr: fingerprint(d.arr), segment: fingerprint(d.segment), tribe: fingerprint(d.tribe) },
  };
}

export interface InsightModalOptions {
  prefill?: Partial<InsightDraft>;
  metadata: ModalMetadata;
}

function option(text: string, value: string): PlainTextOption {
  return { text: plain(text), value };
}

export function insightModal(tr: Translate, org: OrgConfig, opts: InsightModalOptions): ModalView {
  const p = opts.prefill ?? {};
  const meta = opts.metadata;
  const blocks: KnownBlock[] = [];
  if (meta.voice || meta.permalink) {
    const parts: string[] = [];
    if (meta.voice) parts.push(tr('insight.modal.from', { user: meta.voice }));
    if (meta.permalink) parts.push(`<${meta.permalink}|${tr('insight.field.message')}>`);
    blocks.push({ type: 'context', block_id: 'origin', elements: [mrkdwn(parts.join(' · '))] });
  }
  blocks.push({
    type: 'input',
    block_id: FIELDS.text,
    label: plain(tr('insight.modal.text'), 2000),
    element: {
      type: 'plain_text_input',
      action_id: VALUE,
      multiline: true,
      max_length: MAX_TEXT_LENGTH,
      placeholder: plain(tr('insight.modal.textPlaceholder'), 150),
      ...(p.text ? { initial_value: truncate(p.text, MAX_TEXT_LENGTH) } : {}),
    },
  });
  const sources = INSIGHT_SOURCES.map((s) => option(sourceLabel(tr, s), s));
  const source: StaticSelect = { type: 'static_select', action_id: VALUE, options: sources };
  const initialSource = sources.find((o) => o.value === (p.source ?? 'other'));
  if (initialSource) source.initial_option = initialSource;
  blocks.push({ type: 'input', block_id: FIELDS.source, label: plain(tr('insight.modal.source'), 2000), element: source });
  blocks.push({
    type: 'input',
    block_id: FIELDS.customer,
    optional: true,
    label: plain(tr('insight.modal.customer'), 2000),
    element: {
      type: 'plain_text_input',
      action_id: VALUE,
      max_length: 120,
      placeholder: plain(tr('insight.modal.customerPlaceholder'), 150),
      ...(p.customer ? { initial_value: p.customer } : {}),
    },
  });
  blocks.push({
    type: 'input',
    block_id: FIELDS.arr,
    optional: true,
    label: plain(tr('insight.modal.arr'), 2000),
    hint: plain(tr('insight.modal.arrHint'), 2000),
    element: {
      type: 'number_input',
      action_id: VALUE,
      is_decimal_allowed: false,
      min_value: '0',
      ...(p.arr !== undefined && p.arr !== null ? { initial_value: String(p.arr) } : {}),
    },
  });
  const segments = org.insights.segments.map((s) => option(s, s));
  const segment: StaticSelect = { type: 'static_select', action_id: VALUE, options: segments };
  const initialSegment = segments.find((o) => o.value === p.segment);
  if (initialSegment) segment.initial_option = initialSegment;
  blocks.push({ type: 'input', block_id: FIELDS.segment, optional: true, label: plain(tr('insight.modal.segment'), 2000), element: segment });
  if (org.tribes.length > 0) {
    const tribes = org.tribes.slice(0, 100).map((t) => option(t.name, t.key));
    const tribe: StaticSelect = { type: 'static_select', action_id: VALUE, options: tribes };
    const initialTribe = tribes.find((o) => o.value === p.tribe);
    if (initialTribe) tribe.initial_option = initialTribe;
    blocks.push({
      type: 'input',
      block_id: FIELDS.tribe,
      optional: true,
      label: plain(tr('insight.modal.tribe'), 2000),
      hint: plain(tr('insight.modal.tribeHint'), 2000),
      element: tribe,
    });
  }
  blocks.push({
    type: 'input',
    block_id: FIELDS.tags,
    optional: true,
    label: plain(tr('insight.modal.tags'), 2000),
    hint: plain(tr('insight.modal.tagsHint'), 2000),
    element: {
      type: 'plain_text_input',
      action_id: VALUE,
      max_length: 500,
      placeholder: plain(tr('insight.modal.tagsPlaceholder'), 150),
      ...(p.tags && p.tags.length ? { initial_value: p.tags.join(', ') } : {}),
    },
  });
  return {
    type: 'modal',
    callback_id: VIEWS.insight,
    title: plain(meta.id !== undefined ? tr('insight.modal.editTitle', { id: meta.id }) : tr('insight.modal.title'), 24),
    submit: plain(tr('insight.modal.submit'), 24),
    close: plain(tr('insight.modal.close'), 24),
    private_metadata: JSON.stringify(meta),
    blocks,
  };
}

export function tagsModal(tr: Translate, insight: Insight, metadata: { id: number }): ModalView {
  return {
    type: 'modal',
    callback_id: VIEWS.tags,
    title: plain(tr('insight.tags.editTitle'), 24),
    submit: plain(tr('insight.modal.submit'), 24),
    close: plain(tr('insight.modal.close'), 24),
    private_metadata: JSON.stringify(metadata),
    blocks: [
      { type: 'section', text: mrkdwn(`>${escapeMrkdwnCapped(insight.text, 500).replace(/\n/g, '\n>')}`) },
      {
        type: 'input',
        block_id: FIELDS.tags,
        optional: true,
        label: plain(tr('insight.tags.label', { id: insight.id }), 2000),
        hint: plain(tr('insight.modal.tagsHint'), 2000),
        element: {
          type: 'plain_text_input',
          action_id: VALUE,
          max_length: 500,
          placeholder: plain(tr('insight.modal.tagsPlaceholder'), 150),
          ...(insight.tags.length ? { initial_value: insight.tags.join(', ') } : {}),
        },
      },
    ],
  };
}

// ---------------------------------------------------------------------------
// The triage card posted to the tribe channel (or the inbox)
// ---------------------------------------------------------------------------

export function triageCard(tr: Translate, org: OrgConfig, insight: Insight, extra: { movedTo?: { tribe: string; by: string } } = {}): Message {
  const head = `*${tr('insight.card.title', { id: insight.id })}* · ${sourceLabel(tr, insight.source)}`;
  const blocks: KnownBlock[] = [
    { type: 'section', text: mrkdwn(`${head}\n>${escapeMrkdwnCapped(insight.text, 1500).replace(/\n/g, '\n>')}`) },
  ];
  const context: string[] = [];
  const meta = metaLine(tr, org, insight, { tribe: false, source: false });
  if (meta) context.push(meta);
  context.push(`${tr('insight.field.by')} <@${insight.reporterId}>`);
  if (insight.voiceId && insight.voiceId !== insight.reporterId) context.push(`${tr('insight.field.voice')} <@${insight.voiceId}>`);
  if (insight.permalink) context.push(`<${insight.permalink}|${tr('insight.field.message')}>`);
  context.push(slackDate(insight.createdAt, tr, org));
  blocks.push({ type: 'context', elements: [mrkdwn(context.join(' · '))] });

  const status: string[] = [];
  if (insight.impactTeam && insight.triagedBy) {
    status.push(tr('insight.card.assigned', { team: escapeMrkdwn(teamName(org, insight.tribe, insight.impactTeam)), user: insight.triagedBy }));
  }
  const merged = insight.duplicateOf !== null;
  if (merged) status.push(tr('insight.card.merged', { of: insight.duplicateOf ?? '', user: insight.triagedBy ?? insight.reporterId }));
  if (insight.opportunityIds?.length) status.push(tr('insight.card.evidenceFor', { ids: insight.opportunityIds.slice(0, 10).map((id) => `#${id}`).join(', ') }));
  if (insight.status === 'archived' && insight.archivedBy) status.push(tr('insight.card.archived', { user: insight.archivedBy }));
  if (extra.movedTo) status.push(tr('insight.card.moved', { tribe: escapeMrkdwn(extra.movedTo.tribe), user: extra.movedTo.by }));
  if (status.length) blocks.push({ type: 'context', elements: [mrkdwn(status.join(' · '))] });

  // A merged card is closed: its triage happens on the original's.
  if (!extra.movedTo && !merged) blocks.push(triageActions(tr, org, insight));
  return { text: tr('insight.card.fallback', { id: insight.id, text: inertText(truncate(insight.text, 200)) }), blocks };
}

function triageActions(tr: Translate, org: OrgConfig, insight: Insight): ActionsBlock {
  const id = String(insight.id);
  const block: ActionsBlock = { type: 'actions', block_id: `insight_triage:${insight.id}`, elements: [] };
  if (insight.status === 'archived') {
    block.elements.push({ type: 'button', action_id: ACTIONS.restore, text: plain(tr('insight.button.restore')), value: id });
    return block;
  }
  const tribe = org.tribes.find((t) => t.key === insight.tribe);
  if (tribe && tribe.impactTeams.length > 0) {
    const options = tribe.impactTeams.slice(0, 100).map((team) => option(team.name, `${id}:${team.key}`));
    const select: StaticSelect = { type: 'static_select', action_id: ACTIONS.assignTeam, placeholder: plain(tr('insight.card.assignPlaceholder'), 150), options };
    const current = options.find((o) => o.value === `${id}:${insight.impactTeam ?? ''}`);
    if (current) select.initial_option = current;
    block.elements.push(select);
  } else if (insight.tribe === null && org.tribes.length > 0) {
    const options = org.tribes.slice(0, 100).map((t) => option(t.name, `${id}:${t.key}`));
    block.elements.push({ type: 'static_select', action_id: ACTIONS.routeTribe, placeholder: plain(tr('insight.card.routePlaceholder'), 150), options });
  }
  const buttons: Button[] = [
    // It edits the tags (the modal shows the current ones): "Edit tags", not "Add tags" (issue 14 item 13).
    { type: 'button', action_id: ACTIONS.addTags, text: plain(tr('insight.button.editTags')), value: id },
    { type: 'button', action_id: ACTIONS.link, text: plain(tr('insight.button.link')), value: id },
    { type: 'button', action_id: ACTIONS.archive, text: plain(tr('insight.button.archive')), value: id },
  ];
  block.elements.push(...buttons);
  return block;
}

// ---------------------------------------------------------------------------
// Search and list results
// ---------------------------------------------------------------------------

/** One insight as a result line: number, excerpt, then customer, tags, tribe, source, status, date, links. */
export function resultLine(tr: Translate, org: OrgConfig, insight: Insight, teamDomain: string | undefined): string {
  const links: string[] = [];
  const card = insight.triageChannel && insight.triageTs ? messageLink(teamDomain, insight.triageChannel, insight.triageTs) : undefined;
  if (card) links.push(`<${card}|${tr('insight.results.open')}>`);
  if (insight.permalink) links.push(`<${insight.permalink}|${tr('insight.results.source')}>`);
  const meta = metaLine(tr, org, insight, { tribe: true, source: true });
  const tail = [meta, tr(`insight.status.${insight.status}` as MessageKey), slackDate(insight.createdAt, tr, org), ...links].filter(Boolean).join(' · ');
  const excerpt = escapeMrkdwnCapped(insight.text.replace(/\s+/g, ' '), 280);
  return `*#${insight.id}* ${excerpt}\n${tail}`;
}

export interface ResultsOptions {
  title: string;
  items: readonly Insight[];
  total: number;
  totalCapped: boolean;
  emptyText: string;
  notes?: readonly string[];
  teamDomain?: string | undefined;
  /** The filters, echoed under the title ("Payments · #checkout · untriaged"). */
  echo?: string | undefined;
  /** Items before this page (paged lists, issue 14 item 17). */
  offset?: number;
  /** The Previous / Next buttons of a paged list. */
  nav?: KnownBlock | undefined;
  /** The one button a row offers this viewer ("Details #13"), if any. */
  rowButton?: ((insight: Insight) => Button | undefined) | undefined;
}

export function resultsMessage(tr: Translate, org: OrgConfig, opts: ResultsOptions): Message {
  if (opts.items.length === 0) {
    const text = [opts.emptyText, ...(opts.notes ?? [])].join('\n');
    return { text, blocks: [{ type: 'section', text: mrkdwn(text) }] };
  }
  const blocks: KnownBlock[] = [{ type: 'header', text: plain(opts.title, 150) }];
  if (opts.echo) blocks.push({ type: 'context', elements: [mrkdwn(opts.echo)] });
  for (const note of opts.notes ?? []) blocks.push({ type: 'context', elements: [mrkdwn(note)] });
  for (const item of opts.items.slice(0, 10)) {
    const button = opts.rowButton?.(item);
    blocks.push({ type: 'section', text: mrkdwn(resultLine(tr, org, item, opts.teamDomain)), ...(button ? { accessory: button } : {}) });
  }
  const rest = opts.total - (opts.offset ?? 0) - opts.items.length;
  if (opts.totalCapped) blocks.push({ type: 'context', elements: [mrkdwn(tr('insight.results.moreCapped', { count: opts.total }))] });
  else if (rest > 0) blocks.push({ type: 'context', elements: [mrkdwn(tr('insight.results.more', { count: rest }))] });
  if (opts.nav) blocks.push(opts.nav);
  const lines = opts.items.map((i) => `#${i.id} ${inertText(truncate(i.text.replace(/\s+/g, ' '), 120))}`);
  // The title may quote the search words: plain text in the header, inert in the notification text.
  return { text: [escapeText(opts.title), ...lines].join('\n'), blocks };
}

export function usageMessage(tr: Translate, lead?: string): Message {
  const text = lead ? `${lead}\n\n${tr('insight.usage')}` : tr('insight.usage');
  return { text, blocks: [{ type: 'section', text: mrkdwn(text) }] };
}

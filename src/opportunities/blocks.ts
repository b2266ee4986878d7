import { escapeMrkdwnCapped } from '../slack/cap.js';
import type { ActionsBlock, Button, KnownBlock, ModalView, Overflow, PlainTextOption, StaticSelect } from '@slack/types';
import type { Language, OrgConfig } from '../config/org.js';
import type { MessageKey, Translate } from '../i18n/index.js';
import { escapeMrkdwn, inertText, messageLink, plainOf, truncate } from '../slack/text.js';
import { dateToken, type DateStyle } from '../i18n/dates.js';
import { formatPercent } from '../i18n/numbers.js';
import type { BacklogHealth } from './health.js';
import { nextStatuses, type Status } from './lifecycle.js';
import { KINDS, LIMITS, ORIGINS, type ListFilters, type PitchDraft, type PitchField } from './parse.js';
import { CONFIDENCES, IMPACTS, IMPACT_NAMES, formatNumber, formatScore } from './rice.js';
import type { EvidenceItem, HistoryEntry, Opportunity, OpportunityRow, RankedPage } from './store.js';

/*
 * Pure Block Kit builders for opportunities. Every message has a plain `text`
 * fallback; every string that can grow is cut to Slack's limits.
 */

export const ACTIONS = {
  requestSlot: 'opp_request_slot',
  edit: 'opp_edit',
  addEvidence: 'opp_add_evidence',
  more: 'opp_more',
  page: 'opp_page',
  details: 'opp_details',
  pitch: 'opp_pitch_draft',
  /** The evidence external select (pitch modal, Add evidence): options come from the insight search. */
  evidenceSearch: 'opp_evidence_search',
  /** The opportunity external select on the insight link modal. */
  opportunitySearch: 'opp_search',
  /** The pitch form's "Save as a draft" checkbox: redraws the submit label (dispatch_action). */
  draftToggle: 'opp_pitch_draft_toggle',
} as const;

export const VIEWS = { pitch: 'opp_pitch_modal', evidence: 'opp_evidence_modal', link: 'opp_link_modal', transition: 'opp_transition_modal' } as const;
export const VALUE = 'value';
export const DRAFT_BLOCK = 'draft';
export const NOTE_BLOCK = 'note';
export const PICK_BLOCK = 'opportunity';

export interface Message {
  text: string;
  blocks: KnownBlock[];
}

const plain = (text: string, max = 75) => ({ type: 'plain_text' as const, text: truncate(text, max) });
const mrkdwn = (text: string) => ({ type: 'mrkdwn' as const, text: truncate(text, 3000) });

export function statusLabel(tr: Translate, status: Status): string {
  return tr(`opp.status.${status}` as MessageKey);
}

function kindLabel(tr: Translate, kind: string): string {
  return tr(kind === 'painkiller' ? 'opp.kind.painkiller' : 'opp.kind.vitamin');
}

function commitmentTitle(org: OrgConfig, key: string): string {
  return org.commitments.find((c) => c.key === key)?.title ?? key;
}

function tribeName(org: OrgConfig, key: string | null): string | undefined {
  if (key === null) return undefined;
  return org.tribes.find((t) => t.key === key)?.name ?? key;
}

/** A stored ISO date as a `<!date>` token with a localised fallback in the organisation's zone (src/i18n/dates.ts). */
export function slackDate(iso: string, org: OrgConfig, lang: Language, style: DateStyle = 'shortDate'): string {
  return dateToken(new Date(iso), { lang, zone: org.organisation.timezone }, style);
}

function option(text: string, value: string, description?: string): PlainTextOption {
  return description ? { text: plain(text), value, description: plain(description) } : { text: plain(text), value };
}

// ---------------------------------------------------------------------------
// Options for the external selects
// ---------------------------------------------------------------------------

/** "#12 Acme · Checkout times out on mobile" within Slack's 75 characters. */
export function insightOption(insight: { id: number; text: string; customer: string | null }): PlainTextOption {
  const who = insight.customer ? `${truncate(insight.customer, 20)} · ` : '';
  const text = plainOf(insight.text).replace(/\s+/g, ' ').trim();
  return { text: plain(`#${insight.id} ${who}${text}`, 75), value: String(insight.id) };
}

export function opportunityOption(tr: Translate, lang: Language, opp: OpportunityRow): PlainTextOption {
  return { text: plain(`#${opp.id} ${opp.title} (${formatScore(opp.score, lang)})`, 75), value: String(opp.id) };
}

// ---------------------------------------------------------------------------
// The pitch modal (new and edit)
// ---------------------------------------------------------------------------

export interface PitchModalMetadata {
  /** Set when editing. */
  id?: number;
  /** Where to confirm. */
  channel?: string;
  /** Evidence when the edit modal opened: the edit applies what was added and removed. */
  before?: number[];
  /** Which step of the two (issue 14 item 13); absent in a one-view form opened before the change. */
  step?: 1 | 2;
  /** Step 2: the view id step 1 was submitted from (its values are kept under it). */
  step1?: string;
  /** No "Save as draft" (opened from a place where a draft makes no sense). */
  noDraft?: boolean;
  /** A new pitch's tribe, prefilled in step 2. */
  tribe?: string;
}

export interface PitchPrefill extends Partial<Omit<PitchDraft, 'evidenceIds'>> {
  evidence?: { id: number; text: string; customer: string | null }[];
}

function textInput(
  block: PitchField,
  label: string,
  opts: { initial?: string | null | undefined; max: number; multiline?: boolean; placeholder?: string; hint?: string; optional?: boolean },
): KnownBlock {
  return {
    type: 'input',
    block_id: block,
    ...(opts.optional ? { optional: true } : {}),
    label: plain(label, 2000),
    ...(opts.hint ? { hint: plain(opts.hint, 2000) } : {}),
    element: {
      type: 'plain_text_input',
      action_id: VALUE,
      max_length: opts.max,
      ...(opts.multiline ? { multiline: true } : {}),
      ...(opts.placeholder ? { placeholder: plain(opts.placeholder, 150) } : {}),
      ...(opts.initial ? { initial_value: truncate(opts.initial, opts.max) } : {}),
    },
  };
}

function select(block: PitchField, label: string, options: PlainTextOption[], initial: string | undefined, hint?: string): KnownBlock {
  const element: StaticSelect = { type: 'static_select', action_id: VALUE, options: options.slice(0, 100) };
  const found = options.find((o) => o.value === initial);
  if (found) element.initial_option = found;
  return { type: 'input', block_id: block, label: plain(label, 2000), ...(hint ? { hint: plain(hint, 2000) } : {}), element };
}

function radios(block: PitchField, label: string, options: PlainTextOption[], initial: string | undefined): KnownBlock {
  const found = options.find((o) => o.value === initial);
  return {
    type: 'input',
    block_id: block,
    label: plain(label, 2000),
    element: { type: 'radio_buttons', action_id: VALUE, options, ...(found ? { initial_option: found } : {}) },
  };
}

function formatEffort(effort: number): string {
  return String(effort);
}

/** Which fields each step of the pitch form asks (issue 14 item 13, decision 0033). */
export const STEP1_FIELDS = ['title', 'problem', 'segment', 'evidence', 'metric', 'today', 'target', 'value', 'kind'] as const satisfies readonly PitchField[];
export const STEP2_FIELDS = ['commitment', 'tribe', 'initiatives', 'reach', 'impact', 'confidence', 'effort', 'origin'] as const satisfies readonly PitchField[];

/** Step 1: the problem and its value (title, problem, segment, evidence, metric, today, target, value, kind). */
function step1Blocks(tr: Translate, p: PitchPrefill): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  blocks.push({ type: 'context', elements: [mrkdwn(`${tr('opp.modal.intro')} ${tr('opp.form.step1')}`)] });
  blocks.push(textInput('title', tr('opp.field.title'), { initial: p.title, max: LIMITS.title, placeholder: tr('opp.modal.titlePlaceholder') }));
  blocks.push(textInput('problem', tr('opp.field.problem'), { initial: p.problem, max: LIMITS.problem, multiline: true, placeholder: tr('opp.modal.problemPlaceholder') }));
  blocks.push(textInput('segment', tr('opp.field.segment'), { initial: p.segment, max: LIMITS.segment, placeholder: tr('opp.modal.segmentPlaceholder') }));
  const evidence = (p.evidence ?? []).slice(0, LIMITS.evidence).map(insightOption);
  blocks.push({
    type: 'input',
    block_id: 'evidence',
    optional: true,
    label: plain(tr('opp.field.evidence'), 2000),
    hint: plain(tr('opp.modal.evidenceHint'), 2000),
    element: {
      type: 'multi_external_select',
      action_id: ACTIONS.evidenceSearch,
      min_query_length: 0,
      placeholder: plain(tr('opp.modal.evidencePlaceholder'), 150),
      ...(evidence.length ? { initial_options: evidence } : {}),
    },
  });
  blocks.push({ type: 'header', text: plain(tr('opp.modal.valueHeader'), 150) });
  blocks.push(textInput('metric', tr('opp.field.metric'), { initial: p.metric, max: LIMITS.metric, placeholder: tr('opp.modal.metricPlaceholder') }));
  blocks.push(textInput('today', tr('opp.field.today'), { initial: p.today, max: LIMITS.today, placeholder: '2.1 %', optional: true }));
  blocks.push(textInput('target', tr('opp.field.target'), { initial: p.target, max: LIMITS.target, placeholder: '3 %' }));
  blocks.push(
    textInput('value', tr('opp.field.value'), {
      initial: p.valuePerYear !== undefined ? String(p.valuePerYear) : undefined,
      max: 20,
      placeholder: '120k',
      hint: tr('opp.modal.valueHint'),
    }),
  );
  blocks.push(radios('kind', tr('opp.field.kind'), KINDS.map((k) => option(kindLabel(tr, k), k, tr(k === 'painkiller' ? 'opp.kind.painkiller.desc' : 'opp.kind.vitamin.desc'))), p.kind));
  return blocks;
}

/** Step 2: how to solve it and its RICE score (commitment, tribe, initiatives, reach, impact, confidence, effort, origin), and the draft choice. */
function step2Blocks(tr: Translate, org: OrgConfig, p: PitchPrefill, draft: { offered: boolean; ticked: boolean }): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  blocks.push({ type: 'context', elements: [mrkdwn(tr('opp.form.step2', { title: escapeMrkdwnCapped(p.title ?? '', 80) }))] });
  blocks.push(select('commitment', tr('opp.field.commitment'), org.commitments.map((c) => option(c.title, c.key)), p.commitment));
  if (org.tribes.length > 0) blocks.push(select('tribe', tr('opp.field.tribe'), org.tribes.map((t) => option(t.name, t.key)), p.tribe ?? undefined));
  blocks.push(
    textInput('initiatives', tr('opp.field.initiatives'), {
      initial: p.initiatives?.join('\n'),
      max: 3000,
      multiline: true,
      placeholder: tr('opp.modal.initiativesPlaceholder'),
      hint: tr('opp.modal.initiativesHint'),
    }),
  );
  blocks.push({ type: 'header', text: plain(tr('opp.modal.riceHeader'), 150) });
  blocks.push({
    type: 'input',
    block_id: 'reach',
    label: plain(tr('opp.field.reach'), 2000),
    hint: plain(tr('opp.modal.reachHint'), 2000),
    element: { type: 'number_input', action_id: VALUE, is_decimal_allowed: false, min_value: '0', ...(p.reach !== undefined ? { initial_value: String(p.reach) } : {}) },
  });
  blocks.push(
    select(
      'impact',
      tr('opp.field.impact'),
      IMPACTS.map((i) => option(`${i} – ${tr(`opp.impact.${IMPACT_NAMES[i]}` as MessageKey)}`, String(i))),
      p.impact !== undefined ? String(p.impact) : undefined,
    ),
  );
  blocks.push(select('confidence', tr('opp.field.confidence'), CONFIDENCES.map((c) => option(`${c} %`, String(c))), p.confidence !== undefined ? String(p.confidence) : undefined));
  blocks.push({
    type: 'input',
    block_id: 'effort',
    label: plain(tr('opp.field.effort'), 2000),
    hint: plain(tr('opp.modal.effortHint'), 2000),
    element: { type: 'number_input', action_id: VALUE, is_decimal_allowed: true, min_value: '0.5', ...(p.effort !== undefined ? { initial_value: formatEffort(p.effort) } : {}) },
  });
  blocks.push(
    radios(
      'origin',
      tr('opp.field.origin'),
      ORIGINS.map((o) => option(tr(o === 'top_down' ? 'opp.origin.top_down' : 'opp.origin.bottom_up'), o, tr(o === 'top_down' ? 'opp.origin.top_down.desc' : 'opp.origin.bottom_up.desc'))),
      p.topDown === undefined ? 'bottom_up' : p.topDown ? 'top_down' : 'bottom_up',
    ),
  );
  if (draft.offered) {
    // Ticking it tells the app at once (dispatch_action): the submit button is redrawn to say "Save draft".
    const draftOption: PlainTextOption = { text: plain(tr('opp.form.draftOption')), value: 'draft' };
    blocks.push({
      type: 'input',
      block_id: DRAFT_BLOCK,
      optional: true,
      dispatch_action: true,
      label: plain(tr('opp.modal.draftLabel'), 2000),
      hint: plain(tr('opp.form.draftHint'), 2000),
      element: { type: 'checkboxes', action_id: ACTIONS.draftToggle, options: [draftOption], ...(draft.ticked ? { initial_options: [draftOption] } : {}) },
    });
  }
  return blocks;
}

/**
 * The pitch form, step 1 (new and edit): the problem and its value. Its
 * submission is checked, kept, and answered with step 2 pushed on top
 * (`response_action: push`); "Back" in Slack returns to it as typed.
 */
export function pitchModal(tr: Translate, org: OrgConfig, opts: { prefill?: PitchPrefill; metadata: PitchModalMetadata; allowDraft?: boolean }): ModalView {
  const p = opts.prefill ?? {};
  const id = opts.metadata.id;
  // Step 2's fields prefilled from where the form was opened (the channel's tribe) travel with step 1.
  const metadata: PitchModalMetadata = {
    ...opts.metadata,
    step: 1,
    ...(opts.allowDraft === false ? { noDraft: true } : {}),
    ...(id === undefined && p.tribe ? { tribe: p.tribe } : {}),
  };
  return {
    type: 'modal',
    callback_id: VIEWS.pitch,
    title: plain(id !== undefined ? tr('opp.form.editTitle1', { id }) : tr('opp.form.title1'), 24),
    submit: plain(tr('opp.form.next'), 24),
    close: plain(tr('opp.modal.close'), 24),
    private_metadata: JSON.stringify(metadata),
    blocks: step1Blocks(tr, p),
  };
}

/**
 * Step 2: RICE and initiatives. The submit button says what it will do:
 * "Save" (an edit), "Save draft" (draft ticked) or "Pitch".
 */
export function pitchStep2Modal(
  tr: Translate,
  org: OrgConfig,
  opts: { prefill?: PitchPrefill; metadata: PitchModalMetadata & { step1: string }; asDraft?: boolean },
): ModalView {
  const p = opts.prefill ?? {};
  const id = opts.metadata.id;
  const editing = id !== undefined;
  const offered = !editing && opts.metadata.noDraft !== true;
  const ticked = offered && opts.asDraft === true;
  const metadata: PitchModalMetadata = { ...opts.metadata, step: 2 };
  return {
    type: 'modal',
    callback_id: VIEWS.pitch,
    title: plain(editing ? tr('opp.form.editTitle2', { id }) : tr('opp.form.title2'), 24),
    submit: plain(editing ? tr('opp.form.save') : ticked ? tr('opp.form.saveDraft') : tr('opp.form.pitch'), 24),
    close: plain(tr('opp.form.back'), 24),
    private_metadata: JSON.stringify(metadata),
    blocks: step2Blocks(tr, org, p, { offered, ticked }),
  };
}

// ---------------------------------------------------------------------------
// The compact card in the opportunities channel
// ---------------------------------------------------------------------------

function summaryLine(tr: Translate, org: OrgConfig, lang: Language, opp: OpportunityRow): string {
  const parts = [
    `*${kindLabel(tr, opp.kind)}*`,
    escapeMrkdwn(commitmentTitle(org, opp.commitment)),
    `RICE *${formatScore(opp.score, lang)}*`,
    tr('opp.card.evidence', { count: opp.evidenceCount }),
    `<@${opp.ownerId}>`,
  ];
  const tribe = tribeName(org, opp.tribe);
  if (tribe) parts.push(escapeMrkdwn(tribe));
  return parts.join(' · ');
}

export function opportunityCard(tr: Translate, org: OrgConfig, lang: Language, opp: OpportunityRow): Message {
  const id = String(opp.id);
  const blocks: KnownBlock[] = [
    { type: 'section', text: mrkdwn(`*#${opp.id} ${escapeMrkdwnCapped(opp.title, LIMITS.title)}*\n${summaryLine(tr, org, lang, opp)}`) },
    {
      type: 'context',
      elements: [
        mrkdwn(
          [
            tr('opp.line.status', { status: statusLabel(tr, opp.status), when: slackDate(opp.statusAt, org, lang) }),
            opp.topDown ? tr('opp.origin.top_down') : tr('opp.origin.bottom_up'),
          ].join(' · '),
        ),
      ],
    },
  ];
  const actions: ActionsBlock = { type: 'actions', block_id: `opp_card:${opp.id}`, elements: [] };
  if (opp.status === 'pitched' || opp.status === 'rework') {
    actions.elements.push({ type: 'button', action_id: ACTIONS.requestSlot, text: plain(tr('opp.button.requestSlot')), value: id, style: 'primary' });
  }
  actions.elements.push({ type: 'button', action_id: ACTIONS.edit, text: plain(tr('opp.button.edit')), value: id });
  actions.elements.push({ type: 'button', action_id: ACTIONS.addEvidence, text: plain(tr('opp.button.addEvidence')), value: id });
  actions.elements.push(moreMenu(tr, opp));
  blocks.push(actions);
  const text = tr('opp.card.fallback', { id: opp.id, title: inertText(truncate(opp.title, 150)), score: formatScore(opp.score, lang), status: statusLabel(tr, opp.status) });
  return { text, blocks };
}

/**
 * "Details" and the statuses reachable from here (who may move it is checked on
 * choice). At most 5 options; Slack wants at least 2 in an overflow, so with
 * nothing to move to (shipped, dropped) it is a plain Details button.
 */
function moreMenu(tr: Translate, opp: OpportunityRow): Overflow | Button {
  const moves = nextStatuses(opp.status).slice(0, 4);
  if (moves.length === 0) return { type: 'button', action_id: ACTIONS.details, text: plain(tr('opp.button.details')), value: String(opp.id) };
  const options: PlainTextOption[] = [{ text: plain(tr('opp.button.details')), value: `${opp.id}:details` }];
  for (const to of moves) options.push({ text: plain(tr('opp.button.moveTo', { status: statusLabel(tr, to) })), value: `${opp.id}:${to}` });
  return { type: 'overflow', action_id: ACTIONS.more, options };
}

// ---------------------------------------------------------------------------
// /pitch list: the ranked backlog
// ---------------------------------------------------------------------------

export interface PageState {
  page: number;
  filters: ListFilters;
}

export function encodePage(state: PageState): string {
  const f = state.filters;
  return JSON.stringify({ p: state.page, s: f.status, m: f.mine ? 1 : 0, ...(f.tribe ? { t: f.tribe } : {}), ...(f.commitment ? { c: f.commitment } : {}) });
}

function filterLine(tr: Translate, org: OrgConfig, f: ListFilters): string {
  const parts: string[] = [];
  parts.push(f.status === 'open' ? tr('opp.list.open') : f.status === 'all' ? tr('opp.list.all') : statusLabel(tr, f.status));
  if (f.tribe) parts.push(escapeMrkdwn(tribeName(org, f.tribe) ?? f.tribe));
  if (f.commitment) parts.push(escapeMrkdwn(commitmentTitle(org, f.commitment)));
  if (f.mine) parts.push(tr('opp.list.mine'));
  return parts.join(' · ');
}

export function listMessage(tr: Translate, org: OrgConfig, lang: Language, page: RankedPage, filters: ListFilters, teamDomain?: string): Message {
  const filterText = filterLine(tr, org, filters);
  if (page.items.length === 0) {
    const text = page.total === 0 ? tr('opp.list.none', { filters: filterText }) : tr('opp.list.pastEnd', { total: page.total });
    return { text, blocks: [{ type: 'section', text: mrkdwn(text) }] };
  }
  const pages = Math.max(1, Math.ceil(page.total / page.pageSize));
  const title = tr('opp.list.title');
  const blocks: KnownBlock[] = [
    { type: 'header', text: plain(title, 150) },
    { type: 'context', elements: [mrkdwn(`${filterText} · ${tr('opp.list.count', { total: page.total, page: page.page + 1, pages })}`)] },
  ];
  page.items.forEach((opp, i) => {
    const rank = page.page * page.pageSize + i + 1;
    const card = opp.cardChannel && opp.cardTs ? messageLink(teamDomain, opp.cardChannel, opp.cardTs) : undefined;
    const line = [
      `*${rank}. #${opp.id} ${escapeMrkdwnCapped(opp.title, 120)}*${card ? ` <${card}|${tr('opp.list.card')}>` : ''}`,
      `RICE *${formatScore(opp.score, lang)}* · ${statusLabel(tr, opp.status)} · ${kindLabel(tr, opp.kind)} · ${escapeMrkdwn(commitmentTitle(org, opp.commitment))} · ${tr('opp.card.evidence', { count: opp.evidenceCount })} · <@${opp.ownerId}>`,
    ].join('\n');
    blocks.push({
      type: 'section',
      text: mrkdwn(line),
      // Named after its object (issue 14 item 17): ten "Details" read alike to a screen reader.
      accessory: { type: 'button', action_id: ACTIONS.details, text: plain(tr('opp.button.detailsOf', { id: opp.id })), value: String(opp.id) },
    });
  });
  const nav: Button[] = [];
  if (page.page > 0) nav.push({ type: 'button', action_id: `${ACTIONS.page}:prev`, text: plain(tr('opp.list.prev')), value: encodePage({ page: page.page - 1, filters }) });
  if (page.page + 1 < pages) nav.push({ type: 'button', action_id: `${ACTIONS.page}:next`, text: plain(tr('opp.list.next')), value: encodePage({ page: page.page + 1, filters }) });
  if (nav.length) blocks.push({ type: 'actions', block_id: 'opp_list_nav', elements: nav });
  const lines = page.items.map((o, i) => `${page.page * page.pageSize + i + 1}. #${o.id} ${inertText(truncate(o.title, 80))} (${formatScore(o.score, lang)})`);
  return { text: [`${title} (${tr('opp.list.count', { total: page.total, page: page.page + 1, pages })})`, ...lines].join('\n'), blocks };
}

// ---------------------------------------------------------------------------
// /pitch show: everything about one opportunity
// ---------------------------------------------------------------------------

export function detailMessage(
  tr: Translate,
  org: OrgConfig,
  lang: Language,
  opp: Opportunity,
  extra: { evidence: readonly EvidenceItem[]; history: readonly HistoryEntry[]; teamDomain?: string | undefined; can?: { edit: boolean; addEvidence: boolean } },
): Message {
  const blocks: KnownBlock[] = [{ type: 'header', text: plain(`#${opp.id} ${opp.title}`, 150) }];
  blocks.push({ type: 'section', text: mrkdwn(summaryLine(tr, org, lang, opp)) });
  const card = opp.cardChannel && opp.cardTs ? messageLink(extra.teamDomain, opp.cardChannel, opp.cardTs) : undefined;
  blocks.push({
    type: 'context',
    elements: [
      mrkdwn(
        [
          tr('opp.line.statusNow', { status: statusLabel(tr, opp.status) }),
          opp.topDown ? tr('opp.origin.top_down') : tr('opp.origin.bottom_up'),
          tr('opp.detail.createdOn', { when: slackDate(opp.createdAt, org, lang) }),
          ...(card ? [`<${card}|${tr('opp.list.card')}>`] : []),
        ].join(' · '),
      ),
    ],
  });
  blocks.push({ type: 'section', text: mrkdwn(`*${tr('opp.field.problem')}*\n${escapeMrkdwnCapped(opp.problem, 2500)}`) });
  blocks.push({
    type: 'section',
    fields: [
      mrkdwn(`*${tr('opp.field.segment')}*\n${escapeMrkdwnCapped(opp.segment, 1900)}`),
      mrkdwn(
        `*${tr('opp.detail.value')}*\n${tr('opp.detail.metricLine', { metric: escapeMrkdwnCapped(opp.metric, 150), today: escapeMrkdwn(opp.today ?? '—'), target: escapeMrkdwn(opp.target) })}\n${tr('opp.detail.perYear', { value: formatNumber(opp.valuePerYear, lang, 0) })}`,
      ),
    ],
  });
  blocks.push({
    type: 'section',
    text: mrkdwn(
      `*RICE ${formatScore(opp.score, lang)}* = ${tr('opp.detail.rice', {
        reach: formatNumber(opp.reach, lang, 0),
        impact: formatNumber(opp.impact, lang),
        confidence: opp.confidence,
        effort: formatNumber(opp.effort, lang),
      })}`,
    ),
  });
  blocks.push({
    type: 'section',
    text: mrkdwn(`*${tr('opp.field.initiatives')}*\n${opp.initiatives.map((i) => `• ${escapeMrkdwn(i)}`).join('\n')}`),
  });
  const shown = extra.evidence.slice(0, 10);
  const evidenceLines = shown.map((e) => {
    const text = escapeMrkdwnCapped(e.text.replace(/\s+/g, ' '), 180);
    return `• *#${e.id}* ${e.customer ? tr('opp.detail.evidenceFrom', { customer: escapeMrkdwnCapped(e.customer, 40), text }) : text}`;
  });
  if (opp.evidenceCount > shown.length) evidenceLines.push(tr('opp.detail.moreEvidence', { count: opp.evidenceCount - shown.length }));
  blocks.push({
    type: 'section',
    text: mrkdwn(`*${tr('opp.field.evidence')} (${opp.evidenceCount})*\n${evidenceLines.length ? evidenceLines.join('\n') : tr('opp.detail.noEvidence')}`),
  });
  const history = extra.history.slice(-10);
  const historyLines = history.map((h) => {
    const move = h.from === null ? tr('opp.detail.createdAs', { status: statusLabel(tr, h.to) }) : `${statusLabel(tr, h.from)} → ${statusLabel(tr, h.to)}`;
    const line = { when: slackDate(h.at, org, lang, 'shortDateTime'), user: h.by, move };
    return `• ${h.note ? tr('opp.detail.historyNote', { ...line, note: escapeMrkdwnCapped(h.note.replace(/\s+/g, ' '), 300) }) : tr('opp.detail.historyLine', line)}`;
  });
  if (extra.history.length > history.length) historyLines.unshift(tr('opp.detail.olderHistory', { count: extra.history.length - history.length }));
  blocks.push({ type: 'section', text: mrkdwn(`*${tr('opp.detail.history')}*\n${historyLines.join('\n')}`) });
  const actions: ActionsBlock = {
    type: 'actions',
    block_id: `opp_detail:${opp.id}`,
    elements: [],
  };
  // Only what the viewer may do (issue 14 item 17); without `can`, every button (as before).
  const can = extra.can ?? { edit: true, addEvidence: true };
  if (opp.status === 'draft' && can.edit) actions.elements.push({ type: 'button', action_id: ACTIONS.pitch, text: plain(tr('opp.button.pitch')), value: String(opp.id), style: 'primary' });
  if (can.edit) actions.elements.push({ type: 'button', action_id: ACTIONS.edit, text: plain(tr('opp.button.edit')), value: String(opp.id) });
  if (can.addEvidence) actions.elements.push({ type: 'button', action_id: ACTIONS.addEvidence, text: plain(tr('opp.button.addEvidence')), value: String(opp.id) });
  if (actions.elements.length) blocks.push(actions);
  const text = tr('opp.card.fallback', { id: opp.id, title: inertText(truncate(opp.title, 150)), score: formatScore(opp.score, lang), status: statusLabel(tr, opp.status) });
  return { text, blocks };
}

// ---------------------------------------------------------------------------
// Confirmations, small modals, health, usage
// ---------------------------------------------------------------------------

export function createdMessage(tr: Translate, lang: Language, opp: OpportunityRow, where: { channel?: string | undefined }): Message {
  const lead =
    opp.status === 'draft'
      ? tr('opp.created.draft', { id: opp.id, title: escapeMrkdwnCapped(opp.title, 150) })
      : where.channel
        ? tr('opp.created.pitched', { id: opp.id, title: escapeMrkdwnCapped(opp.title, 150), channel: where.channel })
        : tr('opp.created.noChannel', { id: opp.id, title: escapeMrkdwnCapped(opp.title, 150) });
  const blocks: KnownBlock[] = [
    { type: 'section', text: mrkdwn(`${lead}\nRICE *${formatScore(opp.score, lang)}* · ${tr('opp.card.evidence', { count: opp.evidenceCount })}`) },
  ];
  const elements: Button[] = [];
  if (opp.status === 'draft') elements.push({ type: 'button', action_id: ACTIONS.pitch, text: plain(tr('opp.button.pitch')), value: String(opp.id), style: 'primary' });
  elements.push({ type: 'button', action_id: ACTIONS.details, text: plain(tr('opp.button.details')), value: String(opp.id) });
  blocks.push({ type: 'actions', block_id: `opp_created:${opp.id}`, elements });
  // `lead` is mrkdwn whose user text is already inert (escapeMrkdwn): only the bold marks go.
  return { text: lead.replace(/\*/g, ''), blocks };
}

export function evidenceModal(tr: Translate, opp: OpportunityRow, metadata: { id: number; channel?: string }): ModalView {
  return {
    type: 'modal',
    callback_id: VIEWS.evidence,
    title: plain(tr('opp.evidence.title'), 24),
    submit: plain(tr('opp.evidence.submit'), 24),
    close: plain(tr('opp.modal.close'), 24),
    private_metadata: JSON.stringify(metadata),
    blocks: [
      { type: 'section', text: mrkdwn(`*#${opp.id} ${escapeMrkdwnCapped(opp.title, 150)}* · ${tr('opp.card.evidence', { count: opp.evidenceCount })}`) },
      {
        type: 'input',
        block_id: 'evidence',
        label: plain(tr('opp.evidence.label'), 2000),
        hint: plain(tr('opp.modal.evidenceHint'), 2000),
        element: { type: 'multi_external_select', action_id: ACTIONS.evidenceSearch, min_query_length: 0, placeholder: plain(tr('opp.modal.evidencePlaceholder'), 150) },
      },
    ],
  };
}

export function linkModal(tr: Translate, insight: { id: number; text: string }, metadata: { insight: number; channel?: string }): ModalView {
  return {
    type: 'modal',
    callback_id: VIEWS.link,
    title: plain(tr('opp.link.title'), 24),
    submit: plain(tr('opp.link.submit'), 24),
    close: plain(tr('opp.modal.close'), 24),
    private_metadata: JSON.stringify(metadata),
    blocks: [
      { type: 'section', text: mrkdwn(`*${tr('opp.link.insight', { id: insight.id })}*\n>${escapeMrkdwnCapped(insight.text.replace(/\s+/g, ' '), 500)}`) },
      {
        type: 'input',
        block_id: PICK_BLOCK,
        label: plain(tr('opp.link.label'), 2000),
        hint: plain(tr('opp.link.hint'), 2000),
        element: { type: 'external_select', action_id: ACTIONS.opportunitySearch, min_query_length: 0, placeholder: plain(tr('opp.link.placeholder'), 150) },
      },
    ],
  };
}

export function transitionModal(tr: Translate, opp: OpportunityRow, to: Status, opts: { noteRequired: boolean; channel?: string }): ModalView {
  return {
    type: 'modal',
    callback_id: VIEWS.transition,
    title: plain(tr('opp.move.title', { id: opp.id }), 24),
    submit: plain(tr('opp.move.submit'), 24),
    close: plain(tr('opp.modal.close'), 24),
    private_metadata: JSON.stringify({ id: opp.id, from: opp.status, to, ...(opts.channel ? { channel: opts.channel } : {}) }),
    blocks: [
      {
        type: 'section',
        text: mrkdwn(tr('opp.move.confirm', { title: escapeMrkdwnCapped(opp.title, 150), from: statusLabel(tr, opp.status), to: statusLabel(tr, to) })),
      },
      {
        type: 'input',
        block_id: NOTE_BLOCK,
        ...(opts.noteRequired ? {} : { optional: true }),
        label: plain(opts.noteRequired ? tr('opp.move.feedback') : tr('opp.move.note'), 2000),
        element: { type: 'plain_text_input', action_id: VALUE, multiline: true, max_length: LIMITS.note },
      },
    ],
  };
}

/** The thread reply under the card when its status changes. */
export function transitionNote(tr: Translate, move: { id: number; from: Status; to: Status; by: string; note: string | null }): Message {
  const text = tr('opp.moved', { id: move.id, user: move.by, from: statusLabel(tr, move.from), to: statusLabel(tr, move.to) });
  const full = move.note ? `${text}\n>${escapeMrkdwnCapped(move.note, 2500).replace(/\n/g, '\n>')}` : text;
  return { text: full.replace(/\*/g, ''), blocks: [{ type: 'section', text: mrkdwn(full) }] };
}

const percent = formatPercent;

export function healthMessage(tr: Translate, org: OrgConfig, lang: Language, health: BacklogHealth, withoutEvidence: readonly OpportunityRow[], scope: string): Message {
  const title = tr('opp.health.title');
  const share = percent(health.topDownShare, lang);
  const goal = percent(health.topDownGoal, lang);
  const topDown = health.topDownOverGoal
    ? tr('opp.health.topDownOver', { share, goal, count: health.topDown, open: health.open })
    : tr('opp.health.topDownOk', { share, goal, count: health.topDown, open: health.open });
  const statuses = (Object.entries(health.byStatus) as [Status, number][]).map(([s, n]) => tr('opp.health.statusCount', { status: statusLabel(tr, s), count: n })).join(' · ');
  const commitments = health.byCommitment.map((c) => tr('opp.health.commitmentCount', { commitment: escapeMrkdwnCapped(commitmentTitle(org, c.commitment), 80), count: c.count })).join('\n');
  const gap = withoutEvidence.map((o) => `• #${o.id} ${escapeMrkdwnCapped(o.title, 100)} (RICE ${formatScore(o.score, lang)})`).join('\n');
  const blocks: KnownBlock[] = [
    { type: 'header', text: plain(title, 150) },
    { type: 'context', elements: [mrkdwn(`${scope} · ${tr('opp.health.totals', { total: health.total, open: health.open })}`)] },
    { type: 'section', text: mrkdwn(topDown) },
    { type: 'section', text: mrkdwn(`*${tr('opp.health.byStatus')}*\n${statuses}`) },
    { type: 'section', text: mrkdwn(`*${tr('opp.health.byCommitment')}*\n${commitments || '—'}`) },
    {
      type: 'section',
      text: mrkdwn(
        health.noEvidence === 0 ? tr('opp.health.allEvidenced') : `${tr('opp.health.noEvidence', { count: health.noEvidence })}${gap ? `\n${gap}` : ''}`,
      ),
    },
  ];
  return { text: tr('opp.health.text', { title, summary: topDown.replace(/\*/g, '') }), blocks };
}

export function usageMessage(tr: Translate, lead?: string): Message {
  const text = lead ? `${lead}\n\n${tr('opp.usage')}` : tr('opp.usage');
  return { text, blocks: [{ type: 'section', text: mrkdwn(text) }] };
}

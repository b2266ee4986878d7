import type { OrgConfig } from '../config/org.js';
import { dateToken } from '../i18n/dates.js';
import type { AppContext, ExportDefinition } from '../context.js';
import { onDomainEvent } from '../core/events.js';
import type { Db } from '../db/open.js';
import type { Translate } from '../i18n/index.js';
import { decodeEntities, escapeText } from '../slack/text.js';
import { formatNumber } from '../opportunities/index.js';
import { statusLabel } from '../opportunities/index.js';
import { isStatus } from '../opportunities/index.js';
import { cycle as cycleOf, parseCycle, positionAt } from './cycles.js';
import type { KnownBlock } from '@slack/types';
import { balanceLine, cycleLine, type Message, roadmapMessage, localDay } from './blocks.js';
import { balanceFrom, buildRoadmapModel, type Balance, type BalanceCounts } from './model.js';
import {
  exportRoadmapRows,
  indicatorHistory,
  isWorkKind,
  planCycle,
  plannedCycle,
  recordIndicator,
  roadmapBalanceCounts,
  roadmapItem,
  roadmapItems,
  setWorkKind,
  type WorkKind,
} from './store.js';

/*
 * /roadmap: what each command does, over the context; every refusal is a
 * message a person can act on, and writes nothing.
 */

type Ctx = Pick<AppContext, 'db' | 'org' | 'clock' | 'languageOf' | 'tr'>;

/** Typed text shown back in a message: never markup, never a broken code span. */
function shown(text: string): string {
  return escapeText(text.replace(/`/g, 'ʼ')).slice(0, 60);
}

/** A number as people type it: 42, -3.5, 3,5 (French), with an optional trailing %. */
export function parseNumber(text: string): number | undefined {
  const m = /^([-+]?\d{1,15})(?:[.,](\d{1,6}))?%?$/.exec(text.trim());
  if (!m) return undefined;
  const value = Number(`${m[1]}.${m[2] ?? '0'}`);
  return Number.isFinite(value) ? value : undefined;
}

function parseId(text: string | undefined): number | undefined {
  const m = /^#?(\d{1,9})$/.exec(text?.trim() ?? '');
  return m ? Number(m[1]) : undefined;
}

/** Rule: the owner, approvers and admins plan an opportunity and set its kind of work (as they move it to the roadmap). */
export function canPlan(org: Pick<OrgConfig, 'admins' | 'approvers'>, userId: string, ownerId: string): boolean {
  return userId === ownerId || org.approvers.includes(userId) || org.admins.includes(userId);
}

/** Rule: only admins record indicator values. */
export function canSetIndicators(org: Pick<OrgConfig, 'admins'>, userId: string): boolean {
  return org.admins.includes(userId);
}

function indicatorNamed(org: OrgConfig, commitment: string, words: string): string | undefined {
  const norm = (s: string) => s.toLowerCase().replace(/[-_]+/g, ' ').replace(/\s+/g, ' ').trim();
  return org.commitments.find((c) => c.key === commitment)?.indicators.find((i) => norm(i) === norm(words));
}

// ---------------------------------------------------------------------------
// Viewing
// ---------------------------------------------------------------------------

export interface RoadmapFilters {
  tribe?: string | undefined;
  commitment?: string | undefined;
}

export function parseFilters(org: OrgConfig, tr: Translate, words: readonly string[]): { filters: RoadmapFilters } | { error: string } {
  const filters: RoadmapFilters = {};
  for (const word of words) {
    const m = /^(tribe|commitment):(.*)$/i.exec(word);
    if (!m) return { error: tr('roadmap.usage') };
    const key = (m[1] ?? '').toLowerCase();
    const value = (m[2] ?? '').toLowerCase();
    if (key === 'tribe') {
      if (!org.tribes.some((t) => t.key === value)) return { error: tr('roadmap.error.unknownTribe', { given: shown(m[2] ?? ''), valid: org.tribes.map((t) => `\`${t.key}\``).join(', ') || '—' }) };
      filters.tribe = value;
    } else {
      if (!org.commitments.some((c) => c.key === value)) return { error: tr('roadmap.error.unknownCommitment', { given: shown(m[2] ?? ''), valid: org.commitments.map((c) => `\`${c.key}\``).join(', ') || '—' }) };
      filters.commitment = value;
    }
  }
  return { filters };
}

export function roadmapView(ctx: Pick<AppContext, 'db' | 'org'>, tr: Translate, lang: 'en' | 'fr', filters: RoadmapFilters, now: Date): Message {
  const zone = ctx.org.organisation.timezone;
  const position = positionAt(ctx.org.roadmap, zone, now);
  const items = roadmapItems(ctx.db, filters, position.semesterStart);
  const model = buildRoadmapModel(ctx.org, {
    items,
    position,
    now,
    filters,
    indicators: (c, i) => indicatorHistory(ctx.db, c, i, 2),
  });
  const labels = [filters.tribe ? `tribe:${filters.tribe}` : '', filters.commitment ? `commitment:${filters.commitment}` : ''].filter(Boolean);
  return roadmapMessage(tr, lang, ctx.org, model, labels);
}

/** The balance per tribe (those given, all by default) and for the whole organisation: for the Home section. */
export function roadmapBalance(ctx: Pick<AppContext, 'db' | 'org'>, tribes: readonly string[]): Balance[] {
  const counts = roadmapBalanceCounts(ctx.db);
  return tribes.map((t) => balanceFrom(t, counts.get(t) ?? NO_COUNTS, ctx.org));
}

const NO_COUNTS: BalanceCounts = { total: 0, tech: 0, topDown: 0 };

/** The balance section `/pitch health` shows (contributed through src/core/contributions.ts). */
export function healthBalanceBlocks(ctx: Pick<AppContext, 'db' | 'org' | 'tr' | 'languageOf'>, userId: string, filters: RoadmapFilters, now: Date): KnownBlock[] {
  const tr = ctx.tr(userId);
  const lang = ctx.languageOf(userId);
  const counts = roadmapBalanceCounts(ctx.db, filters.commitment);
  const tribes = ctx.org.tribes.filter((t) => !filters.tribe || t.key === filters.tribe);
  const lines = tribes.map((t) => balanceFrom(t.key, counts.get(t.key) ?? NO_COUNTS, ctx.org));
  if (tribes.length !== 1) {
    const all = [...counts.values()].reduce((sum, c) => ({ total: sum.total + c.total, tech: sum.tech + c.tech, topDown: sum.topDown + c.topDown }), NO_COUNTS);
    lines.push(balanceFrom(null, all, ctx.org));
  }
  return [{ type: 'section', text: { type: 'mrkdwn', text: `${tr('roadmap.balance.heading')}\n${lines.map((b) => `• ${balanceLine(tr, lang, ctx.org, b)}`).join('\n')}` } }];
}

// ---------------------------------------------------------------------------
// Changing: plan, kind, set
// ---------------------------------------------------------------------------

export type Answer = { ok: boolean; text: string };

export function planOpportunity(ctx: Ctx, userId: string, idText: string | undefined, cycleText: string | undefined): Answer {
  const tr = ctx.tr(userId);
  const lang = ctx.languageOf(userId);
  const id = parseId(idText);
  if (id === undefined || cycleText === undefined) return { ok: false, text: tr('roadmap.error.planUsage') };
  const item = roadmapItem(ctx.db, id);
  if (!item || (item.status === 'draft' && item.ownerId !== userId && !ctx.org.admins.includes(userId))) return { ok: false, text: tr('roadmap.error.unknownOpportunity', { id }) };
  if (!canPlan(ctx.org, userId, item.ownerId)) return { ok: false, text: tr('roadmap.error.notAllowed', { id, what: tr('roadmap.what.cycle') }) };
  if (item.status !== 'go' && item.status !== 'in_roadmap') return { ok: false, text: tr('roadmap.error.notInRoadmap', { id, status: isStatus(item.status) ? statusLabel(tr, item.status) : item.status }) };
  const now = ctx.clock.now();
  const zone = ctx.org.organisation.timezone;
  const parsed = parseCycle(ctx.org.roadmap, zone, cycleText, now);
  if ('problem' in parsed) {
    const pos = positionAt(ctx.org.roadmap, zone, now);
    const given = shown(cycleText);
    switch (parsed.problem) {
      case 'unknown':
        return { ok: false, text: tr('roadmap.error.cycle.unknown', { given }) };
      case 'past':
        return { ok: false, text: tr('roadmap.error.cycle.past', { given, current: pos.current ? `C${pos.current.number}` : `C${pos.next.number}` }) };
      case 'tooFar':
        return { ok: false, text: tr('roadmap.error.cycle.tooFar', { given }) };
      case 'noCurrent':
        return { ok: false, text: tr('roadmap.error.cycle.noCurrent', { next: pos.next.number }) };
    }
  }
  planCycle(ctx.db, id, parsed.cycle.number, userId, now);
  return { ok: true, text: tr('roadmap.planned', { id, cycle: parsed.cycle.number, ...cycleLine(tr, lang, parsed.cycle) }) };
}

export function setKind(ctx: Ctx, userId: string, idText: string | undefined, kindText: string | undefined): Answer {
  const tr = ctx.tr(userId);
  const id = parseId(idText);
  const word = kindText?.toLowerCase() === 'bug' ? 'maintenance' : (kindText?.toLowerCase() ?? '');
  if (id === undefined || !isWorkKind(word)) return { ok: false, text: tr('roadmap.error.kindUsage') };
  const item = roadmapItem(ctx.db, id);
  if (!item || (item.status === 'draft' && item.ownerId !== userId && !ctx.org.admins.includes(userId))) return { ok: false, text: tr('roadmap.error.unknownOpportunity', { id }) };
  if (!canPlan(ctx.org, userId, item.ownerId)) return { ok: false, text: tr('roadmap.error.notAllowed', { id, what: tr('roadmap.what.kind') }) };
  setWorkKind(ctx.db, id, word as WorkKind, userId, ctx.clock.now());
  return { ok: true, text: tr('roadmap.kindSet', { id, kind: tr(`roadmap.kind.${word as WorkKind}`) }) };
}

export function setIndicator(ctx: Ctx, userId: string, words: readonly string[]): Answer {
  const tr = ctx.tr(userId);
  const lang = ctx.languageOf(userId);
  if (!canSetIndicators(ctx.org, userId)) return { ok: false, text: tr('roadmap.error.notAdmin', { admins: ctx.org.admins.map((a) => `<@${a}>`).join(', ') || '—' }) };
  const targetWord = words.find((w) => /^target:/i.test(w));
  const rest = words.filter((w) => w !== targetWord);
  if (rest.length < 3) return { ok: false, text: tr('roadmap.error.setUsage') };
  const commitmentKey = (rest[0] ?? '').toLowerCase();
  const commitment = ctx.org.commitments.find((c) => c.key === commitmentKey);
  if (!commitment) return { ok: false, text: tr('roadmap.error.unknownCommitment', { given: shown(rest[0] ?? ''), valid: ctx.org.commitments.map((c) => `\`${c.key}\``).join(', ') || '—' }) };
  const valueText = rest[rest.length - 1] ?? '';
  const indicatorWords = rest.slice(1, -1).join(' ');
  const indicator = indicatorNamed(ctx.org, commitment.key, indicatorWords);
  if (!indicator) {
    return { ok: false, text: tr('roadmap.error.unknownIndicator', { commitment: commitment.key, given: shown(indicatorWords), valid: commitment.indicators.map((i) => `“${escapeText(i)}”`).join(', ') || '—' }) };
  }
  const value = parseNumber(valueText);
  if (value === undefined) return { ok: false, text: tr('roadmap.error.notNumber', { given: shown(valueText) }) };
  let target: number | undefined;
  if (targetWord !== undefined) {
    target = parseNumber(targetWord.slice('target:'.length));
    if (target === undefined) return { ok: false, text: tr('roadmap.error.notNumber', { given: shown(targetWord.slice('target:'.length)) }) };
  }
  const previous = indicatorHistory(ctx.db, commitment.key, indicator, 1)[0];
  const saved = recordIndicator(ctx.db, { commitment: commitment.key, indicator, value, target, by: userId }, ctx.clock.now());
  const targetText = saved.target !== null ? ` (${tr('roadmap.indicator.target', { target: formatNumber(saved.target, lang) })})` : '';
  const params = { commitment: escapeText(commitment.title), indicator: escapeText(indicator), value: formatNumber(value, lang), target: targetText };
  return {
    ok: true,
    text: previous ? tr('roadmap.indicatorSet', { ...params, previous: formatNumber(previous.value, lang) }) : tr('roadmap.indicatorSetFirst', params),
  };
}

export function indicatorHistoryText(ctx: Ctx, userId: string, words: readonly string[]): Answer {
  const tr = ctx.tr(userId);
  const lang = ctx.languageOf(userId);
  const commitment = ctx.org.commitments.find((c) => c.key === (words[0] ?? '').toLowerCase());
  if (!commitment) return { ok: false, text: tr('roadmap.error.unknownCommitment', { given: shown(words[0] ?? ''), valid: ctx.org.commitments.map((c) => `\`${c.key}\``).join(', ') || '—' }) };
  const given = words.slice(1).join(' ');
  const indicator = indicatorNamed(ctx.org, commitment.key, given);
  if (!indicator) {
    return { ok: false, text: tr('roadmap.error.unknownIndicator', { commitment: commitment.key, given: shown(given), valid: commitment.indicators.map((i) => `“${escapeText(i)}”`).join(', ') || '—' }) };
  }
  const values = indicatorHistory(ctx.db, commitment.key, indicator, 10);
  const names = { indicator: escapeText(indicator), commitment: commitment.key };
  if (values.length === 0) return { ok: true, text: tr('roadmap.history.none', names) };
  const lines = values.map((v) =>
    `• ${tr('roadmap.history.line', {
      when: dateToken(new Date(v.setAt), { lang, zone: ctx.org.organisation.timezone }, 'shortDate'),
      value: formatNumber(v.value, lang),
      target: v.target !== null ? ` (${tr('roadmap.indicator.target', { target: formatNumber(v.target, lang) })})` : '',
      user: v.setBy,
    })}`,
  );
  return { ok: true, text: `${tr('roadmap.history.heading', names)}\n${lines.join('\n')}` };
}

export function cyclesText(ctx: Ctx, userId: string): Answer {
  const tr = ctx.tr(userId);
  const lang = ctx.languageOf(userId);
  const cfg = ctx.org.roadmap;
  const zone = ctx.org.organisation.timezone;
  const pos = positionAt(cfg, zone, ctx.clock.now());
  const first = pos.current?.number ?? pos.next.number;
  const lines = Array.from({ length: 6 }, (_, i) => cycleOf(cfg, zone, first + i)).map((c) =>
    `• ${tr('roadmap.cycles.line', { cycle: c.number, from: localDay(c.firstDay, lang), to: localDay(c.lastDay, lang), current: pos.current?.number === c.number ? tr('roadmap.cycles.current') : '' })}`,
  );
  return { ok: true, text: `${tr('roadmap.cycles.heading', { weeks: cfg.cycleWeeks, perSemester: cfg.cyclesPerSemester, buffer: cfg.bufferWeeks })}\n${lines.join('\n')}` };
}

/** Splits command text as Slack sends it (entities decoded once, here). */
export function words(text: string): string[] {
  return decodeEntities(text).split(/\s+/).filter(Boolean);
}

// ---------------------------------------------------------------------------
// Entering the roadmap, and the export
// ---------------------------------------------------------------------------

const subscribed = new WeakSet<Db>();

/**
 * Rule: an opportunity that enters the roadmap without a plan is planned for
 * the next cycle (the firm commitment is for the next 6 weeks); its owner or
 * an approver re-plans it with `/roadmap plan`. Inside the move's transaction.
 */
export function subscribeRoadmap(db: Db, org: OrgConfig): void {
  if (subscribed.has(db)) return;
  subscribed.add(db);
  onDomainEvent(db, 'opportunity.moved', (e) => {
    if (e.to !== 'in_roadmap' || plannedCycle(db, e.opportunityId) !== undefined) return;
    const at = new Date(e.at);
    planCycle(db, e.opportunityId, positionAt(org.roadmap, org.organisation.timezone, at).next.number, e.by, at);
  });
}

export const ROADMAP_COLUMNS = [
  'id', 'title', 'status', 'commitment', 'commitment_title', 'tribe', 'cycle', 'cycle_start', 'cycle_end', 'kind_of_work', 'top_down', 'owner', 'rice', 'evidence_count', 'customers',
] as const;

export const roadmapExport: ExportDefinition = {
  kind: 'roadmap',
  columns: ROADMAP_COLUMNS,
  *rows(ctx) {
    const zone = ctx.org.organisation.timezone;
    for (const r of exportRoadmapRows(ctx.db)) {
      const c = r.cycle === null ? undefined : cycleOf(ctx.org.roadmap, zone, r.cycle);
      yield {
        id: r.id,
        title: r.title,
        status: r.status,
        commitment: r.commitment,
        commitment_title: ctx.org.commitments.find((x) => x.key === r.commitment)?.title ?? null,
        tribe: r.tribe,
        cycle: r.cycle,
        cycle_start: c?.firstDay ?? null,
        cycle_end: c?.lastDay ?? null,
        kind_of_work: r.kind,
        top_down: r.topDown,
        owner: r.ownerId,
        rice: r.score,
        evidence_count: r.evidenceCount,
        customers: r.customers,
      };
    }
  },
};

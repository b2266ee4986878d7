import type { KnownBlock } from '@slack/types';
import { DateTime } from 'luxon';
import type { Language, OrgConfig } from '../config/org.js';
import type { Translate } from '../i18n/index.js';
import { formatPercent } from '../i18n/numbers.js';
import { formatNumber, formatScore } from '../opportunities/index.js';
import { escapeText, truncate } from '../slack/text.js';
import type { Cycle } from './cycles.js';
import { HORIZONS, type Balance, type Horizons, type IndicatorLine, type RoadmapModel } from './model.js';
import type { RoadmapItem } from './store.js';

/*
 * /roadmap as Block Kit, pure. "At most one screen": each horizon lists a few
 * opportunities and counts the rest ("and N more"); the whole message stays
 * far under 50 blocks and 3,000 characters per section.
 */

/** Opportunities listed per horizon before "and N more". */
export const PER_HORIZON = 3;
const MAX_SECTION = 2900;

export interface Message {
  text: string;
  blocks: KnownBlock[];
}

function section(text: string): KnownBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: truncate(text, MAX_SECTION) } };
}

export function localDay(day: string, lang: Language): string {
  return DateTime.fromISO(day).setLocale(lang === 'fr' ? 'fr-FR' : 'en-GB').toFormat('d LLL');
}

/** ICU puts a no-break space before % in French; French typography uses the narrow one (src/i18n/numbers.ts). */
export const percent = formatPercent;

export function cycleLine(tr: Translate, lang: Language, c: Cycle): { from: string; to: string } {
  return { from: localDay(c.firstDay, lang), to: localDay(c.lastDay, lang) };
}

function indicatorText(tr: Translate, lang: Language, line: IndicatorLine): string {
  if (!line.current) return tr('roadmap.indicator.none', { name: escapeText(line.name) });
  const extra: string[] = [];
  if (line.current.target !== null) extra.push(tr('roadmap.indicator.target', { target: formatNumber(line.current.target, lang) }));
  if (line.previous) extra.push(tr('roadmap.indicator.was', { previous: formatNumber(line.previous.value, lang) }));
  const main = tr('roadmap.indicator', { name: escapeText(line.name), value: formatNumber(line.current.value, lang) });
  return extra.length ? `${main} (${extra.join(', ')})` : main;
}

function itemText(tr: Translate, lang: Language, org: OrgConfig, item: RoadmapItem, late: boolean): string {
  const tribe = item.tribe ? `, ${escapeText(org.tribes.find((t) => t.key === item.tribe)?.name ?? item.tribe)}` : '';
  let cycle = '';
  if (item.status !== 'shipped') {
    if (item.cycle === null) cycle = tr('roadmap.item.unplanned');
    else cycle = tr(late ? 'roadmap.item.late' : 'roadmap.item.cycle', { cycle: item.cycle });
  }
  const kind = item.kind === 'product' ? '' : ` · ${tr(`roadmap.kind.${item.kind}`)}`;
  return tr('roadmap.item', {
    id: item.id,
    title: truncate(escapeText(item.title.replace(/\s+/g, ' ')), 80),
    owner: item.ownerId,
    score: formatScore(item.score, lang),
    tribe,
    cycle,
    kind,
  });
}

function horizonsText(tr: Translate, lang: Language, org: OrgConfig, h: Horizons, currentCycle: number | undefined, nextCycle: number): string[] {
  const firstAhead = currentCycle !== undefined ? currentCycle + 1 : nextCycle;
  return HORIZONS.filter((k) => h[k].length > 0).map((k) => {
    const items = h[k];
    const shown = items.slice(0, PER_HORIZON).map((i) => `  • ${itemText(tr, lang, org, i, k === 'now' && i.cycle !== null && i.cycle < (currentCycle ?? firstAhead))}`);
    if (items.length > PER_HORIZON) shown.push(`  • ${tr('roadmap.more', { count: items.length - PER_HORIZON })}`);
    return `${tr(`roadmap.horizon.${k}`)}\n${shown.join('\n')}`;
  });
}

export function balanceLine(tr: Translate, lang: Language, org: OrgConfig, b: Balance): string {
  const who = b.tribe === null ? tr('roadmap.balance.all') : escapeText(org.tribes.find((t) => t.key === b.tribe)?.name ?? b.tribe);
  if (b.techShare === null || b.topDownShare === null) return tr('roadmap.balance.empty', { who });
  const band = { min: percent(org.roadmap.techShare.min, lang), max: percent(org.roadmap.techShare.max, lang) };
  const techVerdict = tr(b.techBand === 'below' ? 'roadmap.balance.below' : b.techBand === 'above' ? 'roadmap.balance.above' : 'roadmap.balance.within', band);
  const goal = percent(org.opportunities.topDownGoal, lang);
  return tr('roadmap.balance.line', {
    who,
    tech: percent(b.techShare, lang),
    techVerdict,
    topDown: percent(b.topDownShare, lang),
    topDownVerdict: tr(b.topDownOver ? 'roadmap.balance.topDownOver' : 'roadmap.balance.topDownOk', { goal }),
    count: tr('roadmap.count', { count: b.total }),
  });
}

export function roadmapMessage(tr: Translate, lang: Language, org: OrgConfig, model: RoadmapModel, filters: string[]): Message {
  const pos = model.position;
  const nextDays = cycleLine(tr, lang, pos.next);
  const when = pos.current
    ? tr('roadmap.cycleNow', { cycle: pos.current.number, ...cycleLine(tr, lang, pos.current), next: pos.next.number, nextFrom: nextDays.from })
    : tr('roadmap.buffer', { next: pos.next.number, nextFrom: nextDays.from });
  const context = filters.length ? `${when} · ${tr('roadmap.filters', { filters: filters.join(', ') })}` : when;
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: tr('roadmap.title') } },
    { type: 'context', elements: [{ type: 'mrkdwn', text: context }] },
  ];
  const text: string[] = [tr('roadmap.title'), context];
  if (model.commitments.length === 0 && !hasAny(model.unaligned)) {
    blocks.push(section(tr('roadmap.noCommitments')));
    text.push(tr('roadmap.noCommitments'));
  }
  for (const c of model.commitments) {
    const parts = [tr('roadmap.commitment', { title: escapeText(c.title), key: c.key })];
    if (c.indicators.length) parts.push(c.indicators.map((i) => `📈 ${indicatorText(tr, lang, i)}`).join('\n'));
    const horizons = horizonsText(tr, lang, org, c.horizons, pos.current?.number, pos.next.number);
    parts.push(horizons.length ? horizons.join('\n') : tr('roadmap.nothing'));
    blocks.push({ type: 'divider' }, section(parts.join('\n')));
    text.push(parts[0] ?? '');
  }
  if (hasAny(model.unaligned)) {
    const parts = [tr('roadmap.unaligned'), ...horizonsText(tr, lang, org, model.unaligned, pos.current?.number, pos.next.number)];
    blocks.push({ type: 'divider' }, section(parts.join('\n')));
    text.push(tr('roadmap.unaligned'));
  }
  const balance = [...model.balance, ...(model.balance.length === 1 ? [] : [model.overall])].map((b) => `• ${balanceLine(tr, lang, org, b)}`);
  blocks.push({ type: 'divider' }, section(`${tr('roadmap.balance.heading')}\n${balance.join('\n')}`));
  text.push(...balance);
  return { text: truncate(text.join('\n'), 3000), blocks: blocks.slice(0, 50) };
}

function hasAny(h: Horizons): boolean {
  return HORIZONS.some((k) => h[k].length > 0);
}

/** The Home section for tribe leads and approvers: the balance per tribe, one line each. */
export function roadmapHomeBlocks(tr: Translate, lang: Language, org: OrgConfig, balance: readonly Balance[]): KnownBlock[] {
  return [section(`${tr('roadmap.home.heading')}\n${balance.map((b) => `• ${balanceLine(tr, lang, org, b)}`).join('\n')}`)];
}

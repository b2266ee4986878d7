import type { KnownBlock } from '@slack/types';
import { DateTime } from 'luxon';
import type { Language, OrgConfig } from '../config/org.js';
import type { Translate } from '../i18n/index.js';
import { formatArr, sourceLabel } from '../insights/index.js';
import { type InsightSource } from '../insights/index.js';
import { escapeMrkdwn, escapeText, truncate } from '../slack/text.js';
import { formatScore } from '../opportunities/index.js';
import type { DigestModel, Trend } from './model.js';

/*
 * The digest message: short sections, numbers with their trend, links to the
 * items, within Slack's limits (at most 50 blocks; a section's text at most
 * 3,000 characters): long lists end with "and N more".
 */

export const MAX_SECTION_TEXT = 3000;
const MAX_ITEM_TEXT = 120;

export interface DigestRenderOptions {
  scopeName: string;
  from: Date;
  to: Date;
  zone: string;
  lang: Language;
  dueSoonHours: number;
  windowDays: number;
  healthWindowDays: number;
  topN: number;
}

export function trendMark(trend: Trend, delta: number): string {
  if (trend === 'up') return `▲ +${delta}`;
  if (trend === 'down') return `▼ −${Math.abs(delta)}`;
  return '=';
}

/** One line of at most `max` characters, never cutting a Slack reference (<@U…>, <url|label>) in half. */
function clip(text: string, max: number): string {
  return truncate(text.replace(/\s+/g, ' ').trim(), max);
}

/** A name or title someone typed, on one line, escaped so it can never become a mention or a link. */
function userText(text: string, max: number): string {
  return clip(escapeText(text), max);
}

/** An insight's verbatim keeps the real mentions and links Slack sent with it (decision 0006). */
function verbatim(text: string, max: number): string {
  return clip(escapeMrkdwn(text), max);
}

/**
 * Joins items, and ends with "and N more" when they do not all fit in `limit`
 * items or `maxChars`; `total` counts items the query did not return (a top-N list).
 */
export function listWithMore(items: readonly string[], limit: number, tr: Translate, maxChars = MAX_SECTION_TEXT - 200, total = items.length): string {
  const shown: string[] = [];
  let length = 0;
  for (const item of items) {
    if (shown.length >= limit || length + item.length + 2 > maxChars) break;
    shown.push(item);
    length += item.length + 2;
  }
  const rest = Math.max(total, items.length) - shown.length;
  return rest > 0 ? `${shown.join(', ')} ${tr('digest.more', { count: rest })}` : shown.join(', ');
}

function percent(share: number, lang: Language): string {
  return new Intl.NumberFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', { style: 'percent', maximumFractionDigits: 0 }).format(share);
}

function duration(hours: number | null, lang: Language): string {
  if (hours === null) return '–';
  if (hours < 48) return `${Math.round(hours)} h`;
  const days = hours / 24;
  return `${new Intl.NumberFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', { maximumFractionDigits: 1 }).format(days)} ${lang === 'fr' ? 'j' : 'd'}`;
}

export function digestMessage(tr: Translate, org: OrgConfig, model: DigestModel, o: DigestRenderOptions): { text: string; blocks: KnownBlock[] } {
  const local = (d: Date) => DateTime.fromJSDate(d, { zone: o.zone }).setLocale(o.lang).toFormat('ccc d LLL HH:mm');
  const title = clip(tr('digest.title', { scope: o.scopeName }), 150);
  const period = tr('digest.period', { from: local(o.from), to: local(o.to) });
  const head: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: title } },
    { type: 'context', elements: [{ type: 'mrkdwn', text: period }] },
  ];
  if (model.quiet) {
    const line = tr('digest.quiet', { scope: o.scopeName });
    return { text: `${title}\n${line}`, blocks: [...head, { type: 'section', text: { type: 'mrkdwn', text: line } }] };
  }

  const tribeName = (key: string | null) => (key === null ? tr('digest.inbox') : (org.tribes.find((t) => t.key === key)?.name ?? key));
  const teamName = (key: string | null) => {
    if (!key) return tr('digest.noTeam');
    for (const tribe of org.tribes) for (const team of tribe.impactTeams) if (team.key === key) return team.name;
    return key;
  };

  const i = model.insights;
  const insightLines = [
    tr('digest.insights.count', { count: i.count, trend: trendMark(i.trend, i.count - i.previousCount), previous: i.previousCount }),
  ];
  if (i.bySource.length) {
    insightLines.push(tr('digest.insights.sources', { list: listWithMore(i.bySource.map((s) => `${sourceLabel(tr, s.key as InsightSource)} ${s.n}`), 7, tr) }));
  }
  if (i.topTags.length) insightLines.push(tr('digest.insights.themes', { list: listWithMore(i.topTags.map((t) => `#${t.key} (${t.n})`), o.topN, tr) }));
  if (i.weightiest.length) {
    const accounts = i.weightiest.map((a) => {
      const weight = a.arr !== null ? `ARR ${formatArr(a.arr)}` : (a.segment ?? '');
      return `${userText(a.customer, 60)}${weight ? ` (${weight}, ${tr('digest.insights.insightCount', { count: a.n })})` : ` (${tr('digest.insights.insightCount', { count: a.n })})`}`;
    });
    insightLines.push(tr('digest.insights.accounts', { list: listWithMore(accounts, o.topN, tr) }));
  }
  insightLines.push(
    i.untriagedTotal > 0
      ? tr('digest.insights.untriaged', { total: i.untriagedTotal, list: listWithMore(i.untriaged.map((u) => `${tribeName(u.tribe)} ${u.n}`), o.topN + 3, tr) })
      : tr('digest.insights.allTriaged'),
  );
  if (i.oldestUntriaged) {
    const old = i.oldestUntriaged;
    const line = tr('digest.insights.oldest', { id: old.id, days: old.ageDays, text: verbatim(old.text, MAX_ITEM_TEXT) });
    // The triage card is where it can be triaged: point at its channel.
    insightLines.push(old.channel ? `${line} · <#${old.channel}>` : line);
  }

  const op = model.opportunities;
  const oppRef = (o: { id: number; title: string }) => `#${o.id} ${userText(o.title, 80)}`;
  const oppLines: string[] = [
    op.newPitches > 0
      ? tr('digest.opps.new', { count: op.newPitches, list: listWithMore(op.newPitchList.map((x) => `${oppRef(x)} (RICE ${formatScore(x.score, o.lang)})`), o.topN, tr, undefined, op.newPitches) })
      : tr('digest.opps.noNew'),
  ];
  if (op.top.length) oppLines.push(tr('digest.opps.top', { list: listWithMore(op.top.map((x) => `${oppRef(x)} (${formatScore(x.score, o.lang)})`), o.topN, tr) }));
  if (op.decisionCount > 0) {
    const outcome = (s: string) => tr(s === 'go' ? 'digest.opps.outcome.go' : s === 'rework' ? 'digest.opps.outcome.rework' : 'digest.opps.outcome.no_go');
    oppLines.push(tr('digest.opps.decisions', { count: op.decisionCount, list: listWithMore(op.decisions.map((d) => `${oppRef(d)} ${outcome(d.outcome)}`), o.topN, tr, undefined, op.decisionCount) }));
  }
  if (op.withoutEvidence > 0) oppLines.push(tr('digest.opps.noEvidence', { count: op.withoutEvidence }));
  oppLines.push(
    op.medianDaysInsightToShip === null
      ? tr('digest.health.none', { window: o.healthWindowDays })
      : tr('digest.health', { days: Math.round(op.medianDaysInsightToShip), count: op.shippedInWindow, window: o.healthWindowDays }),
  );

  // What shipped for your customers (issue 15): one short section, customers and ARR behind the evidence.
  const shippedLines: string[] = [];
  if (model.shippedForCustomers?.length) {
    const items = model.shippedForCustomers.map((x) => {
      const customers = x.customers.map((c) => `${userText(c.name, 40)}${c.arr !== null ? ` (${formatArr(c.arr)})` : ''}`);
      const who = customers.length ? listWithMore(customers, 5, tr, 600) : tr('loop.digest.noCustomer');
      return `• ${tr('loop.digest.item', { opportunity: oppRef(x), customers: who, arr: formatArr(x.totalArr) })}`;
    });
    shippedLines.push(`${tr('loop.digest.heading')}\n${items.join('\n')}`);
  }

  const b = model.bugs;
  const bugLines: string[] = [];
  if (b.overall.open === 0) bugLines.push(tr('digest.bugs.none'));
  else {
    bugLines.push(tr('digest.bugs.summary', { open: b.overall.open, dueSoon: b.overall.dueSoon, hours: o.dueSoonHours, breached: b.overall.breached }));
  }
  bugLines.push(
    b.overall.fixedWithinSlaShare === null
      ? tr('digest.bugs.noFixes', { days: o.windowDays })
      : tr('digest.bugs.sla', { share: percent(b.overall.fixedWithinSlaShare, o.lang), days: o.windowDays, median: duration(b.overall.medianHoursToFix, o.lang) }),
  );
  const teamLines = b.byTeam
    .filter((t) => t.open > 0)
    .map((t) => tr('digest.bugs.team', { team: teamName(t.team || null), open: t.open, breached: t.breached, dueSoon: t.dueSoon }));
  const breached = b.worstBreached.map((bug) =>
    tr('digest.bugs.breached', {
      bug: bug.url ? `<${bug.url}|${bug.key}>` : `\`${bug.key}\``,
      title: userText(bug.title, MAX_ITEM_TEXT),
      hours: bug.overdueHours,
    }),
  );

  const section = (text: string): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text: clip(text, MAX_SECTION_TEXT) } });
  const bulletList = (lines: readonly string[], limit: number) => {
    const shown = lines.slice(0, limit).map((l) => `• ${l}`);
    if (lines.length > limit) shown.push(`• ${tr('digest.more', { count: lines.length - limit })}`);
    return shown.join('\n');
  };
  const blocks: KnownBlock[] = [
    ...head,
    { type: 'divider' },
    section(`${tr('digest.insights.heading')}\n${insightLines.join('\n')}`),
    { type: 'divider' },
    section(`${tr('digest.opps.heading')}\n${oppLines.join('\n')}`),
    ...shippedLines.map((line) => section(line)),
    { type: 'divider' },
    section(`${tr('digest.bugs.heading')}\n${bugLines.join('\n')}`),
  ];
  if (teamLines.length) blocks.push(section(bulletList(teamLines, o.topN + 3)));
  if (breached.length) blocks.push(section(bulletList(breached, o.topN)));

  const text = [title, period, ...insightLines, ...oppLines, ...shippedLines, ...bugLines].join('\n');
  return { text: truncate(text, 3900), blocks };
}

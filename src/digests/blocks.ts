import type { KnownBlock } from '@slack/types';
import type { Language, OrgConfig } from '../config/org.js';
import type { MessageKey, Translate } from '../i18n/index.js';
import { formatArr, sourceLabel } from '../insights/index.js';
import { formatPercent } from '../i18n/numbers.js';
import { localDate } from '../i18n/dates.js';
import { type InsightSource } from '../insights/index.js';
import { escapeMrkdwn, escapeText, truncate } from '../slack/text.js';
import { formatScore } from '../opportunities/index.js';
import type { DigestModel, Trend } from './model.js';

/*
 * The digest message (decision 0029): three headline numbers, then one short
 * line per fact, section by section, within Slack's limits (at most 50 blocks;
 * a section's text at most 3,000 characters): long lists end with "and N more".
 * The channel post shows the first few items of each list and a button to the
 * full digest, which the reader gets for themselves, in their language.
 */

export const MAX_SECTION_TEXT = 3000;
const MAX_ITEM_TEXT = 120;
/** Items a list shows in the channel post; the full digest shows `topN`. */
export const CHANNEL_LIST_ITEMS = 3;
/** The button on the channel post that opens the full digest for the one who clicks. */
export const ACTION_DIGEST_FULL = 'digest_full';

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
  /**
   * 'channel': the post everyone reads (short lists, a "Full digest" button carrying `buttonValue`);
   * 'full': every list up to `topN`, no button (the ephemeral answer to the button and to `/cadence digest`).
   */
  variant?: 'channel' | 'full';
  buttonValue?: string;
}

export function trendMark(trend: Trend, delta: number, lang: Language = 'en'): string {
  if (trend === 'up') return `▲ +${num(delta, lang)}`;
  if (trend === 'down') return `▼ −${num(Math.abs(delta), lang)}`;
  return '=';
}

/** Every run of white space, line breaks included, as one space: for text that must stay on one line. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * A block of lines of at most `max` characters: runs of spaces and tabs in a
 * line collapsed (no-break spaces are typography and stay), blank lines
 * dropped, line breaks kept (one short line per fact), never cutting a Slack
 * reference (<@U…>, <url|label>) in half.
 */
export function clip(text: string, max: number): string {
  const lines = text
    .split(/\r\n|\r|\n/)
    .map((l) => l.replace(/[ \t\f\v]+/g, ' ').replace(/^ | $/g, ''))
    .filter((l) => l.length > 0);
  return truncate(lines.join('\n'), max);
}

/** A name or title someone typed, on one line, escaped so it can never become a mention or a link. */
function userText(text: string, max: number): string {
  return truncate(oneLine(escapeText(text)), max);
}

/** An insight's verbatim keeps the real mentions and links Slack sent with it (decision 0006), on one line. */
function verbatim(text: string, max: number): string {
  return truncate(oneLine(escapeMrkdwn(text)), max);
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

const locale = (lang: Language) => (lang === 'fr' ? 'fr-FR' : 'en-GB');

const percent = formatPercent;

/** A count in the reader's convention: 25,000 / 25 000. */
function num(n: number, lang: Language): string {
  return new Intl.NumberFormat(locale(lang), { maximumFractionDigits: 1 }).format(n);
}

/** `tr` with `count`: the catalogue string chooses its plural form and writes the count the reader's way (src/i18n/format.ts). */
function plural(tr: Translate, count: number, key: MessageKey, params: Record<string, string | number> = {}): string {
  return tr(key, { ...params, count });
}

/** "2 days" / "1,5 jour"; under two days, hours ("20 h"). */
function duration(tr: Translate, lang: Language, hours: number | null): string {
  if (hours === null) return '–';
  if (hours < 48) return tr('digest.hours', { count: num(Math.round(hours), lang) });
  const days = Math.round((hours / 24) * 10) / 10;
  return plural(tr, days, 'digest.days');
}

/** The three numbers on top: new insights · to triage · bugs breached. */
export function headline(tr: Translate, lang: Language, model: DigestModel): string {
  return [
    plural(tr, model.insights.count, 'digest.head.insights'),
    tr('digest.head.triage', { count: num(model.insights.untriagedTotal, lang) }),
    plural(tr, model.bugs.overall.breached, 'digest.head.breached'),
  ].join(' · ');
}

const bullets = (heading: string, lines: readonly string[]) => [heading, ...lines.map((l) => `• ${l}`)].join('\n');

export function digestMessage(tr: Translate, org: OrgConfig, model: DigestModel, o: DigestRenderOptions): { text: string; blocks: KnownBlock[] } {
  const lang = o.lang;
  const full = o.variant === 'full';
  // Plain text in the organisation's zone, which the period names once (src/i18n/dates.ts).
  const local = (d: Date, zone = false) => localDate(d, { lang, zone: o.zone }, 'shortDateTime', { zone });
  // The header is plain text (nothing to escape); the top-level `text` is read as mrkdwn, so it gets the escaped form.
  const title = truncate(oneLine(tr(full ? 'digest.fullTitle' : 'digest.title', { scope: o.scopeName })), 150);
  const period = tr('digest.period', { from: local(o.from), to: local(o.to, true) });
  if (model.quiet && !full) {
    // One line, no header: a quiet week should not take a screen (tribe channels get nothing at all: service.ts).
    const line = clip(tr('digest.quiet', { scope: escapeText(o.scopeName) }), MAX_SECTION_TEXT);
    return { text: line, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: line } }] };
  }
  const items = full ? o.topN : Math.min(CHANNEL_LIST_ITEMS, o.topN);
  const more = (list: readonly string[], total?: number) => listWithMore(list, items, tr, undefined, total);

  const tribeName = (key: string | null) => (key === null ? tr('digest.inbox') : escapeText(org.tribes.find((t) => t.key === key)?.name ?? key));
  const teamName = (key: string | null) => {
    if (!key) return tr('digest.noTeam');
    for (const tribe of org.tribes) for (const team of tribe.impactTeams) if (team.key === key) return escapeText(team.name);
    return escapeText(key);
  };

  const i = model.insights;
  const insightLines: string[] = [];
  if (i.count > 0 || i.previousCount > 0) {
    insightLines.push(tr('digest.insights.trend', { trend: trendMark(i.trend, i.count - i.previousCount, lang), previous: num(i.previousCount, lang) }));
  }
  if (i.bySource.length) {
    insightLines.push(tr('digest.insights.sources', { list: listWithMore(i.bySource.map((s) => `${sourceLabel(tr, s.key as InsightSource)} ${num(s.n, lang)}`), full ? 7 : items, tr) }));
  }
  if (i.topTags.length) insightLines.push(tr('digest.insights.themes', { list: more(i.topTags.map((t) => `#${escapeText(t.key)} (${num(t.n, lang)})`)) }));
  if (i.weightiest.length) {
    const accounts = i.weightiest.map((a) => {
      const n = plural(tr, a.n, 'digest.insights.insightCount');
      const weight = a.arr !== null ? `ARR ${formatArr(a.arr, lang)}` : a.segment ? userText(a.segment, 30) : '';
      return `${userText(a.customer, 60)} (${weight ? `${weight}, ` : ''}${n})`;
    });
    insightLines.push(tr('digest.insights.accounts', { list: more(accounts) }));
  }
  insightLines.push(
    i.untriagedTotal > 0
      ? tr('digest.insights.untriaged', { list: listWithMore(i.untriaged.map((u) => `${tribeName(u.tribe)} ${num(u.n, lang)}`), items + 3, tr) })
      : tr('digest.insights.allTriaged'),
  );
  if (i.oldestUntriaged) {
    const old = i.oldestUntriaged;
    const text = verbatim(old.text, full ? MAX_ITEM_TEXT : 80);
    const line =
      old.ageDays === 0
        ? tr('digest.insights.oldest.today', { id: old.id, text })
        : plural(tr, old.ageDays, 'digest.insights.oldest', { id: old.id, text });
    // The triage card is where it can be triaged: point at its channel.
    insightLines.push(old.channel ? `${line} · <#${old.channel}>` : line);
  }

  const op = model.opportunities;
  const oppRef = (x: { id: number; title: string }) => `#${x.id} ${userText(x.title, 80)}`;
  const oppLines: string[] = [
    op.newPitches > 0
      ? plural(tr, op.newPitches, 'digest.opps.new', {
          list: more(op.newPitchList.map((x) => `${oppRef(x)} (RICE ${formatScore(x.score, lang)})`), op.newPitches),
        })
      : tr('digest.opps.noNew'),
  ];
  if (op.top.length) oppLines.push(tr('digest.opps.top', { list: more(op.top.map((x) => `${oppRef(x)} (${formatScore(x.score, lang)})`)) }));
  if (op.decisionCount > 0) {
    const outcome = (s: string) => tr(s === 'go' ? 'digest.opps.outcome.go' : s === 'rework' ? 'digest.opps.outcome.rework' : 'digest.opps.outcome.no_go');
    oppLines.push(tr('digest.opps.decisions', { list: more(op.decisions.map((d) => `${oppRef(d)} ${outcome(d.outcome)}`), op.decisionCount) }));
  }
  if (op.withoutEvidence > 0) oppLines.push(plural(tr, op.withoutEvidence, 'digest.opps.noEvidence'));
  if (op.medianDaysInsightToShip !== null) {
    oppLines.push(
      tr('digest.health', {
        days: plural(tr, Math.round(op.medianDaysInsightToShip), 'digest.days'),
        shipped: plural(tr, op.shippedInWindow, 'digest.health.shipped'),
        window: o.healthWindowDays,
      }),
    );
  }

  // What shipped for your customers (issue 15): one short section, customers and ARR behind the evidence.
  const shippedSections: string[] = [];
  if (model.shippedForCustomers?.length) {
    const shipped = model.shippedForCustomers.map((x) => {
      const customers = x.customers.map((c) => `${userText(c.name, 40)}${c.arr !== null ? ` (${formatArr(c.arr, lang)})` : ''}`);
      const who = customers.length ? listWithMore(customers, 5, tr, 600) : tr('loop.digest.noCustomer');
      return tr('loop.digest.item', { opportunity: oppRef(x), customers: who, arr: formatArr(x.totalArr, lang) });
    });
    shippedSections.push(bullets(tr('loop.digest.heading'), shipped));
  }

  const b = model.bugs;
  const bugLines: string[] = [];
  const openCount = (n: number) => plural(tr, n, 'digest.bugs.open');
  if (b.overall.open === 0) bugLines.push(tr('digest.bugs.none'));
  else {
    const within = o.dueSoonHours % 24 === 0 ? plural(tr, o.dueSoonHours / 24, 'digest.days') : tr('digest.hours', { count: o.dueSoonHours });
    bugLines.push(
      [openCount(b.overall.open), tr('digest.bugs.dueWithin', { count: num(b.overall.dueSoon, lang), within }), tr('digest.bugs.breachedCount', { count: num(b.overall.breached, lang) })].join(' · '),
    );
  }
  if (b.overall.fixedWithinSlaShare !== null) {
    bugLines.push(tr('digest.bugs.sla', { share: percent(b.overall.fixedWithinSlaShare, lang), days: o.windowDays, median: duration(tr, lang, b.overall.medianHoursToFix) }));
  } else if (b.overall.open > 0) bugLines.push(tr('digest.bugs.noFixes', { days: o.windowDays }));
  // Per team: only what is open, zeros left out ("Checkout: 2 open · 1 breached").
  const teams = b.byTeam.filter((t) => t.open > 0);
  const teamLimit = full ? o.topN + 3 : items;
  for (const t of teams.slice(0, teamLimit)) {
    const figures = [openCount(t.open)];
    if (t.breached > 0) figures.push(tr('digest.bugs.breachedCount', { count: num(t.breached, lang) }));
    if (t.dueSoon > 0) figures.push(tr('digest.bugs.dueSoon', { count: num(t.dueSoon, lang) }));
    bugLines.push(tr('digest.bugs.team', { team: teamName(t.team || null), figures: figures.join(' · ') }));
  }
  if (teams.length > teamLimit) bugLines.push(tr('digest.more', { count: teams.length - teamLimit }));
  for (const bug of b.worstBreached.slice(0, items)) {
    const params = { bug: bug.url ? `<${bug.url}|${escapeText(bug.key)}>` : `\`${escapeText(bug.key)}\``, title: userText(bug.title, full ? MAX_ITEM_TEXT : 80) };
    bugLines.push(bug.overdueDays === 0 ? tr('digest.bugs.lateToday', params) : plural(tr, bug.overdueDays, 'digest.bugs.late', params));
  }

  const section = (text: string): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text: clip(text, MAX_SECTION_TEXT) } });
  const top = headline(tr, lang, model);
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: title } },
    { type: 'context', elements: [{ type: 'mrkdwn', text: period }] },
    section(top),
    { type: 'divider' },
    section(bullets(tr('digest.insights.heading'), insightLines)),
    section(bullets(tr('digest.opps.heading'), oppLines)),
    ...shippedSections.map(section),
    section(bullets(tr('digest.bugs.heading'), bugLines)),
  ];
  if (!full && o.buttonValue) {
    blocks.push({
      type: 'actions',
      elements: [{ type: 'button', action_id: ACTION_DIGEST_FULL, text: { type: 'plain_text', text: tr('digest.full') }, value: o.buttonValue }],
    });
  }
  // The notification and screen-reader text: the title and the three numbers, not the whole digest.
  return { text: truncate(tr('digest.notification', { title: escapeText(title), headline: top }), 3900), blocks };
}

import type { Language } from '../config/org.js';
import type { AppContext, JobDefinition } from '../context.js';
import { deliverPending, enqueue } from '../delivery/outbox.js';
import { translator } from '../i18n/index.js';
import { occurrencesBetween, type Occurrence } from '../core/recurrence/index.js';
import type { KnownBlock } from '@slack/types';
import { digestMessage } from './blocks.js';
import { shippedForCustomers } from '../notifications/index.js';
import { appendExtras, digestExtras } from './extras.js';
import { buildDigestModel, type DigestModel } from './model.js';
import { bugAggregates, insightAggregates, opportunityAggregates, teamsOf, type DigestScope, type Period } from './queries.js';

const DAY = 86_400_000;
/** The bug figures' window: "share fixed within 7 days over the last 30 days" (PRODUCT.md). */
export const FIX_WINDOW_DAYS = 30;
/** Product Ops health looks at what shipped over the last quarter. */
export const HEALTH_WINDOW_DAYS = 90;

export interface DigestPeriods {
  occurrence: Occurrence;
  period: Period;
  previous: Period;
}

/**
 * The digest due at or before `now`: the latest occurrence of the digest's
 * recurrence, covering the time since the occurrence before it (a week for a
 * weekly digest, 167 or 169 hours across a DST change).
 */
export function latestDigestPeriods(ctx: Pick<AppContext, 'org'>, now: Date): DigestPeriods | undefined {
  const zone = ctx.org.organisation.timezone;
  // Three occurrences back: the current one, the period start, the previous period's start.
  // 400 days covers any recurrence the config allows to be useful (yearly digests included).
  const recent = occurrencesBetween(ctx.org.digests.recurrence, zone, new Date(now.getTime() - 800 * DAY), new Date(now.getTime() + 1));
  const occurrence = recent.at(-1);
  if (!occurrence) return undefined;
  // The very first digest of a recurrence has no occurrence before it: it covers the week before.
  const from = recent.at(-2)?.start ?? new Date(occurrence.start.getTime() - 7 * DAY);
  const previousFrom = recent.at(-3)?.start ?? new Date(from.getTime() - (occurrence.start.getTime() - from.getTime()));
  return { occurrence, period: { from, to: occurrence.start }, previous: { from: previousFrom, to: from } };
}

export function computeDigestModel(ctx: Pick<AppContext, 'db' | 'org'>, scope: DigestScope, period: Period, previous: Period, now: Date): DigestModel {
  const topN = ctx.org.digests.topN;
  const insights = insightAggregates(ctx.db, scope, period, previous, topN);
  const bugs = bugAggregates(ctx.db, teamsOf(ctx.org, scope), now, ctx.org.bugs.dueSoonHours, FIX_WINDOW_DAYS, topN);
  const opportunities = opportunityAggregates(ctx.db, scope, period, now, topN, HEALTH_WINDOW_DAYS);
  const model = buildDigestModel(insights, bugs, opportunities, now, period.from);
  // What shipped for your customers (issue 15): a period with only a shipping is not quiet.
  const shipped = shippedForCustomers(ctx.db, period, scope.tribe, topN);
  return { ...model, shippedForCustomers: shipped, quiet: model.quiet && shipped.length === 0 };
}

export interface RenderVariant {
  variant?: 'channel' | 'full';
  /** The channel post's "Full digest" button value (fullDigestValue). */
  buttonValue?: string | undefined;
}

export function renderDigest(ctx: Pick<AppContext, 'org'>, model: DigestModel, scope: DigestScope, period: Period, lang: Language, how: RenderVariant = {}) {
  const scopeName = scope.tribe ? (ctx.org.tribes.find((t) => t.key === scope.tribe)?.name ?? scope.tribe) : ctx.org.organisation.name;
  return digestMessage(translator(lang), ctx.org, model, {
    scopeName,
    from: period.from,
    to: period.to,
    zone: ctx.org.organisation.timezone,
    lang,
    dueSoonHours: ctx.org.bugs.dueSoonHours,
    windowDays: FIX_WINDOW_DAYS,
    healthWindowDays: HEALTH_WINDOW_DAYS,
    topN: ctx.org.digests.topN,
    variant: how.variant ?? 'full',
    ...(how.buttonValue !== undefined ? { buttonValue: how.buttonValue } : {}),
  });
}

/** What the "Full digest" button carries: the scope and the period, so the full view shows the same week. */
export function fullDigestValue(scope: DigestScope, period: Period): string {
  return [scope.tribe ?? '', period.from.toISOString(), period.to.toISOString()].join('|');
}

/** The scope and period a "Full digest" button names, or undefined when the value is not one (or names an unknown tribe). */
export function parseFullDigestValue(ctx: Pick<AppContext, 'org'>, value: string | undefined): { scope: DigestScope; period: Period } | undefined {
  const [tribe, from, to, ...rest] = (value ?? '').split('|');
  if (tribe === undefined || from === undefined || to === undefined || rest.length) return undefined;
  if (tribe !== '' && !ctx.org.tribes.some((t) => t.key === tribe)) return undefined;
  const period = { from: new Date(from), to: new Date(to) };
  if (Number.isNaN(period.from.getTime()) || Number.isNaN(period.to.getTime()) || period.from >= period.to) return undefined;
  // A forged value cannot ask for a decade: no digest period is longer than a yearly one.
  if (period.to.getTime() - period.from.getTime() > 400 * DAY) return undefined;
  return { scope: tribe ? { tribe } : {}, period };
}

/** The full digest of a scope and period, as the reader asks for it (ephemeral, in their language). */
export function fullDigest(ctx: Pick<AppContext, 'db' | 'org'>, scope: DigestScope, period: Period, lang: Language, now: Date) {
  const length = period.to.getTime() - period.from.getTime();
  const previous = { from: new Date(period.from.getTime() - length), to: period.from };
  // Figures as of the period's end (or now, for a period that has not ended: `/cadence digest`).
  const asOf = period.to < now ? period.to : now;
  const model = computeDigestModel(ctx, scope, period, previous, asOf);
  return appendExtras(renderDigest(ctx, model, scope, period, lang, { variant: 'full' }), digestExtras(ctx, scope, period, lang));
}

interface Target {
  scope: DigestScope;
  key: string;
  channel: string;
}

function targets(ctx: Pick<AppContext, 'org'>): Target[] {
  const out: Target[] = [];
  const orgChannel = ctx.org.digests.channel ?? ctx.org.channels.digest;
  if (orgChannel) out.push({ scope: {}, key: 'org', channel: orgChannel });
  if (ctx.org.digests.tribeDigests) for (const tribe of ctx.org.tribes) out.push({ scope: { tribe: tribe.key }, key: `tribe:${tribe.key}`, channel: tribe.channel });
  return out;
}

export interface DigestRunReport {
  posted: number;
  already: number;
  /** Tribe digests of a quiet period: claimed, and nothing posted (decision 0029). */
  quiet: number;
  skippedLate: boolean;
}

interface Prepared {
  target: Target;
  /** Undefined: a quiet tribe, which gets no post. */
  message: { text: string; blocks: KnownBlock[] } | undefined;
}

const MAX_BLOCKS = 50;

/**
 * Digests due in the same channel at the same time become one post (issue 14,
 * item 9), as long as it fits Slack's 50 blocks; otherwise each is posted alone.
 */
function combine(posts: readonly { key: string; message: { text: string; blocks: KnownBlock[] } }[]): { keys: string[]; message: { text: string; blocks: KnownBlock[] } }[] {
  const blocks = posts.reduce((n, p) => n + p.message.blocks.length, 0) + Math.max(0, posts.length - 1);
  if (posts.length <= 1 || blocks > MAX_BLOCKS) return posts.map((p) => ({ keys: [p.key], message: p.message }));
  return [
    {
      keys: posts.map((p) => p.key),
      message: {
        text: posts.map((p) => p.message.text).join('\n'),
        blocks: posts.flatMap((p, i) => (i === 0 ? p.message.blocks : [{ type: 'divider' } as KnownBlock, ...p.message.blocks])),
      },
    },
  ];
}

/**
 * Rule 1: each (scope, period) is posted once: the digest_runs INSERT is the
 * claim and the outbox row is enqueued in the same transaction.
 * Rule 2: a digest found more than `graceHours` after its time (the bot was
 * down) is skipped: a Monday digest on Thursday helps nobody.
 * Rule 3 (decision 0029): a quiet tribe is claimed and gets no post; a quiet
 * organisation digest is one line; digests sharing a channel are one post.
 */
export function claimDigests(ctx: AppContext, now: Date): DigestRunReport {
  const report: DigestRunReport = { posted: 0, already: 0, quiet: 0, skippedLate: false };
  if (!ctx.org.digests.enabled) return report;
  const due = latestDigestPeriods(ctx, now);
  if (!due) return report;
  if (now.getTime() - due.occurrence.start.getTime() > ctx.org.digests.graceHours * 3_600_000) {
    report.skippedLate = true;
    return report;
  }
  const exists = ctx.db.prepare<[string, string], { n: number }>('SELECT COUNT(*) AS n FROM digest_runs WHERE scope = ? AND period_key = ?');
  const claim = ctx.db.prepare(
    `INSERT INTO digest_runs (scope, period_key, period_from, period_to, channel, claimed_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
  );
  const lang = ctx.org.organisation.language;
  const byChannel = new Map<string, Prepared[]>();
  for (const target of targets(ctx)) {
    if ((exists.get(target.key, due.occurrence.key)?.n ?? 0) > 0) {
      report.already++;
      continue;
    }
    // The figures are read as of the digest's own time, so a late or replayed run posts the same digest.
    const model = computeDigestModel(ctx, target.scope, due.period, due.previous, due.period.to);
    const extras = digestExtras(ctx, target.scope, due.period, lang);
    const quiet = model.quiet && extras.length === 0;
    const message =
      quiet && target.scope.tribe !== undefined
        ? undefined
        : appendExtras(renderDigest(ctx, model, target.scope, due.period, lang, { variant: 'channel', buttonValue: quiet ? undefined : fullDigestValue(target.scope, due.period) }), extras);
    const group = byChannel.get(target.channel) ?? [];
    group.push({ target, message });
    byChannel.set(target.channel, group);
  }
  for (const [channel, group] of byChannel) {
    ctx.db.transaction(() => {
      const won: { key: string; message: { text: string; blocks: KnownBlock[] } }[] = [];
      for (const { target, message } of group) {
        if (claim.run(target.key, due.occurrence.key, due.period.from.toISOString(), due.period.to.toISOString(), channel, now.toISOString()).changes !== 1) {
          report.already++;
        } else if (message) {
          won.push({ key: target.key, message });
          report.posted++;
        } else report.quiet++;
      }
      for (const post of combine(won)) {
        enqueue(
          ctx.db,
          {
            dedupeKey: `digest:${post.keys.join('+')}:${due.occurrence.key}`,
            topic: `digest:${post.keys[0] ?? channel}`,
            method: 'chat.postMessage',
            args: { channel, text: post.message.text, blocks: post.message.blocks, unfurl_links: false },
            expiresAt: new Date(due.occurrence.start.getTime() + ctx.org.digests.graceHours * 3_600_000),
          },
          now,
        );
      }
    })();
  }
  return report;
}

export const digestsJob: JobDefinition = {
  name: 'digests',
  description: 'posts the organisation and tribe digests once per period',
  schedule: '*/5 * * * *',
  runAtStartup: true,
  async run(ctx, now) {
    const report = claimDigests(ctx, now);
    const delivery = await deliverPending(ctx, now);
    return {
      summary:
        `${report.posted} digest(s) queued, ${report.quiet} quiet (not posted), ${report.already} already posted${report.skippedLate ? ', latest period too old to post' : ''}; ` +
        `delivered ${delivery.sent}, ${delivery.pending} pending, ${delivery.failed} failed`,
    };
  },
};

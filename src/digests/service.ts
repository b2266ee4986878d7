import type { Language } from '../config/org.js';
import type { AppContext, CadenceSubcommand, JobDefinition } from '../context.js';
import { deliverPending, enqueue } from '../delivery/outbox.js';
import { translator } from '../i18n/index.js';
import { occurrencesBetween, type Occurrence } from '../core/recurrence/index.js';
import { digestMessage } from './blocks.js';
import { shippedForCustomers } from '../notifications/index.js';
import { withDigestExtras } from './extras.js';
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
  const model = buildDigestModel(insights, bugs, opportunities, now);
  // What shipped for your customers (issue 15): a period with only a shipping is not quiet.
  const shipped = shippedForCustomers(ctx.db, period, scope.tribe, topN);
  return { ...model, shippedForCustomers: shipped, quiet: model.quiet && shipped.length === 0 };
}

export function renderDigest(ctx: Pick<AppContext, 'org'>, model: DigestModel, scope: DigestScope, period: Period, lang: Language) {
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
  });
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
  skippedLate: boolean;
}

/**
 * Rule 1: each (scope, period) is posted once: the digest_runs INSERT is the
 * claim and the outbox row is enqueued in the same transaction.
 * Rule 2: a digest found more than `graceHours` after its time (the bot was
 * down) is skipped: a Monday digest on Thursday helps nobody.
 */
export function claimDigests(ctx: AppContext, now: Date): DigestRunReport {
  const report: DigestRunReport = { posted: 0, already: 0, skippedLate: false };
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
  for (const target of targets(ctx)) {
    if ((exists.get(target.key, due.occurrence.key)?.n ?? 0) > 0) {
      report.already++;
      continue;
    }
    // The figures are read as of the digest's own time, so a late or replayed run posts the same digest.
    const model = computeDigestModel(ctx, target.scope, due.period, due.previous, due.period.to);
    const message = withDigestExtras(ctx, renderDigest(ctx, model, target.scope, due.period, lang), target.scope, due.period, lang);
    const claimed = ctx.db.transaction(() => {
      const won = claim.run(target.key, due.occurrence.key, due.period.from.toISOString(), due.period.to.toISOString(), target.channel, now.toISOString()).changes === 1;
      if (won) {
        enqueue(
          ctx.db,
          {
            dedupeKey: `digest:${target.key}:${due.occurrence.key}`,
            topic: `digest:${target.key}`,
            method: 'chat.postMessage',
            args: { channel: target.channel, text: message.text, blocks: message.blocks, unfurl_links: false },
            expiresAt: new Date(due.occurrence.start.getTime() + ctx.org.digests.graceHours * 3_600_000),
          },
          now,
        );
      }
      return won;
    })();
    if (claimed) report.posted++;
    else report.already++;
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
        `${report.posted} digest(s) queued, ${report.already} already posted${report.skippedLate ? ', latest period too old to post' : ''}; ` +
        `delivered ${delivery.sent}, ${delivery.pending} pending, ${delivery.failed} failed`,
    };
  },
};

/** `/cadence digest [tribe]`: the digest of the last period, now, only for the asker. */
export const digestSubcommand: CadenceSubcommand = async ({ ack, command, respond }, rest, ctx) => {
  const tr = ctx.tr(command.user_id);
  const tribes = ctx.org.tribes.map((t) => `\`${t.key}\``).join(', ') || '—';
  const words = rest.split(/\s+/).filter(Boolean);
  if (words.length > 1) return void (await ack({ response_type: 'ephemeral', text: tr('digest.usage', { tribes }) }));
  const tribeKey = words[0]?.toLowerCase();
  if (tribeKey && !ctx.org.tribes.some((t) => t.key === tribeKey)) {
    return void (await ack({ response_type: 'ephemeral', text: tr('digest.unknownTribe', { tribe: words[0] ?? '', tribes }) }));
  }
  await ack();
  const now = ctx.clock.now();
  const due = latestDigestPeriods(ctx, now);
  const length = due ? due.period.to.getTime() - due.period.from.getTime() : 7 * DAY;
  const period = { from: new Date(now.getTime() - length), to: now };
  const previous = { from: new Date(now.getTime() - 2 * length), to: period.from };
  const scope: DigestScope = tribeKey ? { tribe: tribeKey } : {};
  const model = computeDigestModel(ctx, scope, period, previous, now);
  const message = withDigestExtras(ctx, renderDigest(ctx, model, scope, period, ctx.languageOf(command.user_id)), scope, period, ctx.languageOf(command.user_id));
  await respond({ response_type: 'ephemeral', text: message.text, blocks: message.blocks });
};

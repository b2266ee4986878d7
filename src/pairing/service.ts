import { DateTime } from 'luxon';
import type { KnownBlock } from '@slack/types';
import type { Language, OrgConfig } from '../config/org.js';
import type { AppContext, JobDefinition } from '../context.js';
import { deliverPending, enqueue, type OutboxMessage } from '../delivery/outbox.js';
import type { DigestScope, Period } from '../core/period.js';
import { translator, type Translate } from '../i18n/index.js';
import type { ScheduledStep } from '../rituals/index.js';
import { introMessage } from './blocks.js';
import { pairsForRound } from './rotation.js';
import { insertPairs, nextRound, pairsBetween, setChannel, unopened, type PairRow } from './store.js';

const DAY = 86_400_000;
/** A pair whose group DM could not be opened for this long is given up (logged), not retried forever. */
const OPEN_WINDOW_DAYS = 14;

export function pmsOf(org: OrgConfig): string[] {
  const fromTeams = org.pairing.pmsFromTeams ? org.tribes.flatMap((t) => t.impactTeams.map((team) => team.lead)).filter((u): u is string => u !== undefined) : [];
  return [...org.pairing.pms, ...fromTeams];
}

/**
 * The `pairing` step: decides this occurrence's pairs (the next round of the
 * rotation) and records them, inside the step's claim transaction. It sends
 * nothing itself: opening a group DM is a Web API call that cannot run in a
 * transaction, so the pairing job opens it and enqueues the introduction.
 */
export function pairingStepEffects(ctx: AppContext, s: ScheduledStep, now: Date): OutboxMessage[] | undefined {
  if (s.step.action !== 'pairing') return undefined;
  const round = nextRound(ctx.db, s.ritual.key);
  insertPairs(ctx.db, s.ritual.key, s.occurrence.key, round, pairsForRound(pmsOf(ctx.org), ctx.org.pairing.csms, round), now);
  return [];
}

export interface PairingRunReport {
  opened: number;
  failed: number;
}

/**
 * Opens the group DM of each new pair (`conversations.open` with both users:
 * Slack answers the same conversation when asked again, so a retry after a
 * crash is harmless) and enqueues its introduction once (dedupe key per pair).
 */
export async function openPairs(ctx: AppContext, now: Date): Promise<PairingRunReport> {
  const report: PairingRunReport = { opened: 0, failed: 0 };
  const lang = ctx.org.organisation.language;
  const tr = translator(lang);
  for (const pair of unopened(ctx.db, new Date(now.getTime() - OPEN_WINDOW_DAYS * DAY), 200)) {
    let channel: string | undefined;
    try {
      const r = await ctx.client.conversations.open({ users: `${pair.pm},${pair.csm}` });
      channel = r.channel?.id;
    } catch (err) {
      report.failed++;
      ctx.logger.warn(`pairing ${pair.id}: could not open the group DM; retried next run:`, err);
      continue;
    }
    if (!channel) {
      report.failed++;
      continue;
    }
    const ritual = ctx.org.rituals.find((r) => r.key === pair.ritualKey)?.name ?? pair.ritualKey;
    const m = introMessage(tr, lang, { pairId: pair.id, pm: pair.pm, csm: pair.csm, ritual, minutes: ctx.org.pairing.sessionMinutes });
    const opened = ctx.db.transaction(() => {
      if (!setChannel(ctx.db, pair.id, channel)) return false;
      enqueue(ctx.db, { dedupeKey: `pairing:${pair.id}:intro`, topic: `pairing:${pair.ritualKey}|${pair.occurrenceKey}`, method: 'chat.postMessage', args: { channel, text: m.text, blocks: m.blocks } }, now);
      return true;
    })();
    if (opened) report.opened++;
  }
  return report;
}

export const pairingJob: JobDefinition = {
  name: 'pairing',
  description: 'opens the group DM of each new product ↔ customer-success pair and introduces them, once',
  schedule: '* * * * *',
  runAtStartup: true,
  async run(ctx, now) {
    const report = await openPairs(ctx, now);
    const delivery = await deliverPending(ctx, now);
    return {
      summary: `${report.opened} pair(s) introduced${report.failed ? `, ${report.failed} group DM(s) not opened (retried next run)` : ''}; delivered ${delivery.sent}, ${delivery.pending} pending, ${delivery.failed} failed`,
    };
  },
};

/** The calendar quarter containing `now`, in the organisation's zone. */
export function quarterOf(org: OrgConfig, now: Date, tr: Translate): { from: Date; to: Date; label: string } {
  const start = DateTime.fromJSDate(now, { zone: org.organisation.timezone }).startOf('quarter');
  return { from: start.toJSDate(), to: start.plus({ months: 3 }).toJSDate(), label: tr('pairing.quarter', { q: start.quarter, year: start.year }) };
}

export interface Participation {
  total: number;
  done: number;
  skipped: number;
  planned: number;
  people: { user: string; done: number; skipped: number; planned: number }[];
}

export function participation(pairs: readonly PairRow[]): Participation {
  const people = new Map<string, { user: string; done: number; skipped: number; planned: number }>();
  const out: Participation = { total: pairs.length, done: 0, skipped: 0, planned: 0, people: [] };
  for (const p of pairs) {
    out[p.status]++;
    for (const user of [p.pm, p.csm]) {
      const entry = people.get(user) ?? { user, done: 0, skipped: 0, planned: 0 };
      entry[p.status]++;
      people.set(user, entry);
    }
  }
  out.people = [...people.values()].sort((a, b) => a.user.localeCompare(b.user));
  return out;
}

/** The digest's line: this quarter's participation (organisation digest only: pairs are not per tribe). */
export function pairingDigestSection(ctx: Pick<AppContext, 'db' | 'org'>, scope: DigestScope, period: Period, lang: Language): KnownBlock | undefined {
  if (scope.tribe) return undefined;
  const tr = translator(lang);
  const q = quarterOf(ctx.org, new Date(period.to.getTime() - 1), tr);
  const p = participation(pairsBetween(ctx.db, q.from, q.to));
  if (p.total === 0) return undefined;
  return { type: 'section', text: { type: 'mrkdwn', text: tr('pairing.digest', { quarter: q.label, done: p.done, total: p.total, skipped: p.skipped }) } };
}

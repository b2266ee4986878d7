import { median, NO_TEAM } from '../bugs/index.js';
import { resolvedWithinSla } from '../bugs/index.js';
import type { BugAggregates, InsightAggregates, OpportunityAggregates } from './queries.js';
import type { ShippedForCustomers } from '../notifications/index.js';

/*
 * The digest as data, computed by pure functions from the query rows: what
 * the blocks show and what the tests check with fixed inputs.
 */

export type Trend = 'up' | 'down' | 'same';

export interface Counted {
  key: string;
  n: number;
}

export interface BugTeamLine {
  team: string;
  open: number;
  dueSoon: number;
  breached: number;
  fixedWithinSlaShare: number | null;
  medianHoursToFix: number | null;
}

export interface DigestModel {
  insights: {
    count: number;
    previousCount: number;
    trend: Trend;
    bySource: Counted[];
    topTags: Counted[];
    weightiest: { customer: string; arr: number | null; segment: string | null; n: number }[];
    untriaged: { tribe: string | null; n: number }[];
    untriagedTotal: number;
    oldestUntriaged: { id: number; tribe: string | null; ageDays: number; text: string; channel: string | null; ts: string | null } | undefined;
  };
  bugs: {
    overall: Omit<BugTeamLine, 'team'>;
    byTeam: BugTeamLine[];
    worstBreached: { key: string; title: string; team: string | null; overdueHours: number; overdueDays: number; url: string | null }[];
    /** Bugs fixed inside the digest's own period (the SLA figures look further back). */
    fixedInPeriod: number;
  };
  opportunities: {
    newPitches: number;
    newPitchList: { id: number; title: string; score: number }[];
    top: { id: number; title: string; score: number; status: string }[];
    decisions: { id: number; title: string; outcome: string; note: string | null }[];
    decisionCount: number;
    withoutEvidence: number;
    /** Product Ops health: median days from an opportunity's first linked insight to its shipping. */
    medianDaysInsightToShip: number | null;
    shippedInWindow: number;
  };
  /** What shipped for your customers (src/notifications): opportunities shipped in the period, with the customers behind their evidence. */
  shippedForCustomers?: ShippedForCustomers[];
  /**
   * True when the period has no news and nothing waits on anyone (decision 0029): no new
   * insight, nothing to triage, no open bug, no bug fixed in the period, no new pitch, no
   * decision. The standing backlog (top by RICE) and older fixes are not news.
   */
  quiet: boolean;
}

export function trendOf(now: number, before: number): Trend {
  if (now > before) return 'up';
  if (now < before) return 'down';
  return 'same';
}

const HOUR = 3_600_000;

/** What the digest needs from one resolved bug. */
interface Fix {
  within: boolean;
  hours: number;
}

/**
 * Each resolved bug's facts, computed once: a digest can cover tens of thousands
 * of fixes, and parsing their times once per team and again for the total was
 * most of the digest's cost (bench/suites/digest-scale.ts).
 */
function fixOf(r: { clock_started_at: string; deadline: string; resolved_at: string }): Fix {
  const resolved = Date.parse(r.resolved_at);
  return {
    within: resolvedWithinSla(new Date(r.deadline), new Date(resolved)),
    // Time to fix counts from the current clock's start (a reopen restarts it: decision 0004).
    hours: Math.max(0, resolved - Date.parse(r.clock_started_at)) / HOUR,
  };
}

function fixFigures(fixes: readonly Fix[]): { share: number | null; medianHours: number | null } {
  if (fixes.length === 0) return { share: null, medianHours: null };
  let within = 0;
  const hours: number[] = [];
  for (const f of fixes) {
    if (f.within) within++;
    hours.push(f.hours);
  }
  return { share: within / fixes.length, medianHours: median(hours) };
}

/**
 * `periodFrom` is the start of the digest's period (for "fixed in the period");
 * without it every fix in the SLA window counts.
 */
export function buildDigestModel(insights: InsightAggregates, bugs: BugAggregates, opportunities: OpportunityAggregates, now: Date, periodFrom?: Date): DigestModel {
  const untriaged = insights.untriagedByTribe.map((r) => ({ tribe: r.key, n: r.n }));
  const untriagedTotal = untriaged.reduce((sum, r) => sum + r.n, 0);
  const oldest = insights.oldestUntriaged;

  const allFixes: Fix[] = [];
  const resolvedByTeam = new Map<string, Fix[]>();
  for (const r of bugs.resolved) {
    const fix = fixOf(r);
    allFixes.push(fix);
    const team = r.team ?? NO_TEAM;
    const list = resolvedByTeam.get(team);
    if (list) list.push(fix);
    else resolvedByTeam.set(team, [fix]);
  }
  const teams = new Set<string>([...bugs.open.map((r) => r.team ?? NO_TEAM), ...resolvedByTeam.keys()]);
  const byTeam: BugTeamLine[] = [...teams]
    .map((team) => {
      const open = bugs.open.find((r) => (r.team ?? NO_TEAM) === team);
      const fixes = fixFigures(resolvedByTeam.get(team) ?? []);
      return {
        team,
        open: open?.open ?? 0,
        dueSoon: open?.dueSoon ?? 0,
        breached: open?.breached ?? 0,
        fixedWithinSlaShare: fixes.share,
        medianHoursToFix: fixes.medianHours,
      };
    })
    // Most urgent first: breached, then due soon, then open; ties by team key for a stable digest.
    .sort((a, b) => b.breached - a.breached || b.dueSoon - a.dueSoon || b.open - a.open || a.team.localeCompare(b.team));
  const overallFixes = fixFigures(allFixes);
  const fixedInPeriod = periodFrom === undefined ? bugs.resolved.length : bugs.resolved.filter((r) => Date.parse(r.resolved_at) >= periodFrom.getTime()).length;
  const overall = {
    open: byTeam.reduce((s, t) => s + t.open, 0),
    dueSoon: byTeam.reduce((s, t) => s + t.dueSoon, 0),
    breached: byTeam.reduce((s, t) => s + t.breached, 0),
    fixedWithinSlaShare: overallFixes.share,
    medianHoursToFix: overallFixes.medianHours,
  };

  return {
    insights: {
      count: insights.count,
      previousCount: insights.previousCount,
      trend: trendOf(insights.count, insights.previousCount),
      bySource: insights.bySource.map((r) => ({ key: r.key ?? 'other', n: r.n })),
      topTags: insights.topTags.map((r) => ({ key: r.key ?? '', n: r.n })),
      weightiest: insights.weightiest,
      untriaged,
      untriagedTotal,
      oldestUntriaged: oldest && {
        id: oldest.id,
        tribe: oldest.tribe,
        ageDays: Math.max(0, Math.floor((now.getTime() - new Date(oldest.created_at).getTime()) / (24 * HOUR))),
        text: oldest.text,
        channel: oldest.triage_channel,
        ts: oldest.triage_ts,
      },
    },
    bugs: {
      overall,
      byTeam,
      worstBreached: bugs.worstBreached.map((b) => {
        const overdueHours = Math.max(0, Math.floor((now.getTime() - new Date(b.deadline).getTime()) / HOUR));
        // Lateness reads in whole days: 153 h late is "6 days late", 23 h is "less than a day".
        return { key: b.key, title: b.title, team: b.team, overdueHours, overdueDays: Math.floor(overdueHours / 24), url: b.url };
      }),
      fixedInPeriod,
    },
    opportunities: {
      newPitches: opportunities.newPitches,
      newPitchList: opportunities.newPitchList.map(({ id, title, score }) => ({ id, title, score })),
      top: opportunities.top,
      decisions: opportunities.decisions.map((d) => ({ id: d.id, title: d.title, outcome: d.to_status, note: d.note })),
      decisionCount: opportunities.decisionCount,
      withoutEvidence: opportunities.withoutEvidence,
      medianDaysInsightToShip: median(opportunities.insightToShipDays),
      shippedInWindow: opportunities.insightToShipDays.length,
    },
    quiet:
      insights.count === 0 &&
      untriagedTotal === 0 &&
      overall.open === 0 &&
      fixedInPeriod === 0 &&
      opportunities.newPitches === 0 &&
      opportunities.decisionCount === 0,
  };
}

import { createRng, zipfPicker, type Rng } from './prng.js';
import {
  CUSTOMER_PREFIXES,
  CUSTOMER_SUFFIXES,
  FEEDBACK_WORDS,
  INSIGHT_SOURCES,
  OPPORTUNITY_STATUSES,
  RICE_CONFIDENCES,
  RICE_IMPACTS,
  SEGMENTS,
  THEME_TAGS,
} from './vocabulary.js';

/**
 * Deterministic synthetic data for the data-scale benchmarks (issue 8): the
 * same seed gives the same rows, byte for byte, on every machine. Rows are
 * plain objects shaped after the issues (insights #3, opportunities #4, bugs #5);
 * each feature's suite maps them to its own columns and inserts them with
 * `bulkInsert` (bench/data/bulk.ts) in one transaction.
 *
 * Generators are lazy iterables: a million rows are never held in memory at once.
 */

/** The sizes the issues ask for. */
export const DATA_SCALE = { insights: 1_000_000, opportunities: 100_000, bugs: 100_000 } as const;

/** Every generated time is relative to this instant, never to the wall clock. */
export const DEFAULT_ANCHOR = new Date('2026-01-05T09:00:00.000Z');

const DAY_MS = 86_400_000;

export interface GenerateOptions {
  seed?: number | string;
  /** Generated times lie before (history) or around (deadlines) this instant. */
  anchor?: Date;
  /** Tribe keys to spread rows over; the example config's by default. */
  tribes?: readonly string[];
  /** Number of distinct Slack users who report, own and pitch. */
  users?: number;
}

export interface SyntheticInsight {
  /** 1-based position in the generated sequence: stable across runs, usable as a row id. */
  seq: number;
  text: string;
  source: (typeof INSIGHT_SOURCES)[number];
  customer: string | null;
  /** ARR in euros when known. */
  arr: number | null;
  segment: string | null;
  tags: string[];
  /** null: not attributed yet (goes to the inbox). */
  tribe: string | null;
  reporter: string;
  channel: string;
  createdAt: string;
}

export interface SyntheticOpportunity {
  seq: number;
  title: string;
  problem: string;
  kind: 'vitamin' | 'painkiller';
  commitment: string;
  tribe: string;
  owner: string;
  reach: number;
  impact: number;
  confidence: number;
  effort: number;
  topDown: boolean;
  status: (typeof OPPORTUNITY_STATUSES)[number];
  /** seq numbers of supporting insights, within 1..evidencePool (distinct). */
  evidence: number[];
  createdAt: string;
}

export interface SyntheticBug {
  seq: number;
  title: string;
  tribe: string;
  owner: string;
  qualifiedAt: string;
  /** qualifiedAt + 7 days (calendar), the zero-bug rule's default. */
  deadline: string;
  /** null while open. */
  resolvedAt: string | null;
}

const DEFAULT_TRIBES = ['payments', 'discovery'] as const;

interface Resolved {
  rng: Rng;
  anchorMs: number;
  tribes: readonly string[];
  userIds: string[];
}

function resolve(opts: GenerateOptions, stream: string): Resolved {
  const users = opts.users ?? 500;
  if (!Number.isInteger(users) || users < 1) throw new Error(`users must be a positive integer, got ${users}`);
  const tribes = opts.tribes ?? DEFAULT_TRIBES;
  if (tribes.length === 0) throw new Error('tribes must not be empty');
  return {
    // One stream per kind: adding a field to insights does not shift every bug.
    rng: createRng(opts.seed ?? 'cadence-bench').fork(stream),
    anchorMs: (opts.anchor ?? DEFAULT_ANCHOR).getTime(),
    tribes,
    userIds: Array.from({ length: users }, (_, i) => userId(i)),
  };
}

/** Slack-shaped user ids: 'U' + 10 upper-case base-36 characters. */
export function userId(i: number): string {
  return `U${i.toString(36).toUpperCase().padStart(10, '0')}`;
}

const word = zipfPicker(FEEDBACK_WORDS, 1);

/** A sentence of `n` words with a Zipf-like distribution. */
export function sentence(rng: Rng, n: number): string {
  const words = new Array<string>(n);
  for (let i = 0; i < n; i += 1) words[i] = word(rng);
  const text = words.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function customerName(rng: Rng): string {
  return `${rng.pick(CUSTOMER_PREFIXES)} ${rng.pick(CUSTOMER_SUFFIXES)} ${rng.int(1, 400)}`;
}

function countOf(count: number): number {
  if (!Number.isInteger(count) || count < 0) throw new Error(`count must be a non-negative integer, got ${count}`);
  return count;
}

/** Insights spread over the year before the anchor, newest last. */
export function* insights(count: number, opts: GenerateOptions = {}): Generator<SyntheticInsight> {
  const n = countOf(count);
  const { rng, anchorMs, tribes, userIds } = resolve(opts, 'insights');
  const spanMs = 365 * DAY_MS;
  for (let seq = 1; seq <= n; seq += 1) {
    const hasCustomer = rng.chance(0.7);
    const tagCount = rng.int(0, 3);
    yield {
      seq,
      text: sentence(rng, rng.int(6, 40)),
      source: rng.pick(INSIGHT_SOURCES),
      customer: hasCustomer ? customerName(rng) : null,
      arr: hasCustomer && rng.chance(0.6) ? rng.int(1, 500) * 1_000 : null,
      segment: hasCustomer ? rng.pick(SEGMENTS) : null,
      tags: rng.sample(THEME_TAGS, tagCount),
      tribe: rng.chance(0.9) ? rng.pick(tribes) : null,
      reporter: rng.pick(userIds),
      channel: `C${rng.int(0, 199).toString(36).toUpperCase().padStart(10, '0')}`,
      // Monotonic in seq so "recent" means "high seq", as it does with real inserts.
      createdAt: new Date(anchorMs - spanMs + Math.floor((seq / (n + 1)) * spanMs)).toISOString(),
    };
  }
}

export function* opportunities(count: number, opts: GenerateOptions & { commitments?: readonly string[]; evidencePool?: number } = {}): Generator<SyntheticOpportunity> {
  const n = countOf(count);
  const { rng, anchorMs, tribes, userIds } = resolve(opts, 'opportunities');
  const commitments = opts.commitments ?? ['leads', 'conversion'];
  const pool = opts.evidencePool ?? DATA_SCALE.insights;
  const statusWeights: [(typeof OPPORTUNITY_STATUSES)[number], number][] = [
    ['draft', 0.2], ['pitched', 0.3], ['on_agenda', 0.05], ['go', 0.1], ['rework', 0.1], ['no_go', 0.1], ['in_roadmap', 0.1], ['shipped', 0.05],
  ];
  for (let seq = 1; seq <= n; seq += 1) {
    const evidenceCount = rng.chance(0.15) ? 0 : rng.int(1, 8);
    const evidence = new Set<number>();
    while (evidence.size < Math.min(evidenceCount, pool)) evidence.add(rng.int(1, pool));
    yield {
      seq,
      title: sentence(rng, rng.int(3, 8)),
      problem: sentence(rng, rng.int(15, 60)),
      kind: rng.chance(0.4) ? 'painkiller' : 'vitamin',
      commitment: rng.pick(commitments),
      tribe: rng.pick(tribes),
      owner: rng.pick(userIds),
      reach: rng.int(0, 50_000),
      impact: rng.pick(RICE_IMPACTS),
      confidence: rng.pick(RICE_CONFIDENCES),
      effort: rng.int(1, 48) / 2,
      topDown: rng.chance(0.15),
      status: weighted(rng, statusWeights),
      evidence: [...evidence].sort((a, b) => a - b),
      createdAt: new Date(anchorMs - rng.int(1, 730) * DAY_MS).toISOString(),
    };
  }
}

export interface BugOptions extends GenerateOptions {
  /** Share of bugs still open (default 1: all open, the escalation-sweep case). */
  openShare?: number;
  /** How many open bugs are already past their deadline at the anchor (default 0: "nothing due"). */
  overdue?: number;
}

/**
 * Bugs qualified before the anchor. Exactly `overdue` of the open ones have a
 * deadline before the anchor; every other open bug is due after it, so an
 * escalation sweep at the anchor finds exactly `overdue` bugs.
 */
export function* bugs(count: number, opts: BugOptions = {}): Generator<SyntheticBug> {
  const n = countOf(count);
  const { rng, anchorMs, tribes, userIds } = resolve(opts, 'bugs');
  const openShare = opts.openShare ?? 1;
  const overdue = opts.overdue ?? 0;
  if (overdue > n) throw new Error(`overdue (${overdue}) cannot exceed count (${n})`);
  let overdueLeft = overdue;
  for (let seq = 1; seq <= n; seq += 1) {
    // The first `overdue` bugs are the overdue ones: they must be open.
    const open = overdueLeft > 0 || rng.chance(openShare);
    let qualifiedMs: number;
    if (open && overdueLeft > 0) {
      overdueLeft -= 1;
      qualifiedMs = anchorMs - 7 * DAY_MS - rng.int(1, 14 * 24 * 60) * 60_000;
    } else if (open) {
      // Deadline strictly after the anchor: qualified within the last 7 days.
      qualifiedMs = anchorMs - rng.int(0, 7 * 24 * 60 - 1) * 60_000;
    } else {
      qualifiedMs = anchorMs - rng.int(8, 365) * DAY_MS;
    }
    const deadlineMs = qualifiedMs + 7 * DAY_MS;
    yield {
      seq,
      title: sentence(rng, rng.int(3, 10)),
      tribe: rng.pick(tribes),
      owner: rng.pick(userIds),
      qualifiedAt: new Date(qualifiedMs).toISOString(),
      deadline: new Date(deadlineMs).toISOString(),
      resolvedAt: open ? null : new Date(qualifiedMs + rng.int(1, 7 * 24) * 3_600_000).toISOString(),
    };
  }
}

function weighted<T>(rng: Rng, entries: readonly [T, number][]): T {
  const total = entries.reduce((s, [, w]) => s + w, 0);
  let x = rng.next() * total;
  for (const [value, w] of entries) {
    x -= w;
    if (x < 0) return value;
  }
  const last = entries[entries.length - 1];
  if (!last) throw new Error('weighted pick from no entries');
  return last[0];
}

/**
 * What a tracker adapter makes of one delivery: an issue's current state (to
 * register, update, resolve, reopen or drop a bug), a feedback request (to
 * log an insight), or a reason it is none of Cadence's business.
 */
import { DateTime } from 'luxon';
import type { Severity } from '../sla.js';
import type { TrackerName } from './config.js';

export type Headers = Readonly<Record<string, string | undefined>>;

/** A person as the tracker names them; `id` is what `owners:` is keyed by. */
export interface TrackerUser {
  id: string;
  display: string;
  email: string | null;
}

export interface TrackerIssue {
  tracker: TrackerName;
  /** The tracker's stable id (Jira issue id, Linear UUID, GitHub node_id, GitLab global id). */
  issueId: string;
  /** The key people see, upper-cased as bug keys are (PAY-12, ACME/WEB#7). */
  key: string;
  title: string;
  url: string | null;
  /** Whether the issue is QA-qualified by the tracker's configuration, now. */
  qualified: boolean;
  state: 'open' | 'resolved' | 'dropped';
  /** When it was closed (resolution date, closed_at, completedAt), if closed. */
  closedAt: Date | null;
  /** Why it was dropped, as the tracker said it. */
  closedReason: string | null;
  /** undefined = no mapping matched (the stored severity stays; new bugs get the default). */
  severity: Severity | undefined;
  /** The impact team from the mappings, null when none matched, undefined when no mapping is configured. */
  team: string | null | undefined;
  /** null = unassigned. */
  assignee: TrackerUser | null;
  /** The tracker's time of this change (not our arrival time). */
  eventAt: Date;
}

export interface TrackerInsight {
  tracker: TrackerName;
  issueId: string;
  key: string;
  text: string;
  customer: string | null;
  url: string | null;
  reporter: string;
  tribe: string | null;
}

export type TrackerEvent = { kind: 'issue'; issue: TrackerIssue; deleted: boolean } | { kind: 'insight'; insight: TrackerInsight };
export interface Ignored {
  kind: 'ignored';
  reason: string;
}
/** A body that claims to be an issue event but lacks what one always has: the sender's bug, answered 400. */
export interface Invalid {
  kind: 'invalid';
  errors: { field: string; message: string }[];
}
export type Adapted = TrackerEvent | Ignored | Invalid;

export const ignored = (reason: string): Ignored => ({ kind: 'ignored', reason });
export const invalid = (field: string, message: string): Invalid => ({ kind: 'invalid', errors: [{ field, message }] });

// Reading untyped JSON without casts.
export type Json = Readonly<Record<string, unknown>>;
export function obj(v: unknown): Json | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined;
}
export function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}
export function str(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

/** ISO 8601 (with or without a colon in the offset) or GitLab's older "2013-12-03 17:15:43 UTC". */
export function parseTime(v: unknown): Date | null {
  if (typeof v === 'number' && Number.isFinite(v)) return new Date(v);
  if (typeof v !== 'string' || v === '') return null;
  let d = DateTime.fromISO(v, { setZone: true });
  if (!d.isValid) d = DateTime.fromFormat(v, 'yyyy-MM-dd HH:mm:ss z', { zone: 'utc' });
  if (!d.isValid) d = DateTime.fromFormat(v, 'yyyy-MM-dd HH:mm:ss ZZZ', { setZone: true });
  return d.isValid ? d.toJSDate() : null;
}

const lower = (s: string) => s.trim().toLowerCase();
/** Case-insensitive membership: tracker names are typed by people. */
export function includesName(list: readonly string[], value: string | undefined | null): boolean {
  if (value === undefined || value === null) return false;
  const v = lower(value);
  return list.some((x) => lower(x) === v);
}
export function lookupName<T>(map: Readonly<Record<string, T>> | undefined, value: string | undefined | null): T | undefined {
  if (!map || value === undefined || value === null) return undefined;
  const v = lower(value);
  for (const [k, t] of Object.entries(map)) if (lower(k) === v) return t;
  return undefined;
}

/** A bug key from a tracker's key: upper-cased; longer than the 64 characters a key may have → a stable id-based one. */
export function bugKeyOf(trackerKey: string, fallback: string): string {
  const key = trackerKey.trim().toUpperCase().replace(/\s+/g, '-');
  return /^[A-Z0-9][A-Z0-9._#/-]{0,63}$/.test(key) ? key : fallback.toUpperCase().slice(0, 64);
}

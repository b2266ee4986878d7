/**
 * Applies one adapted tracker delivery to Cadence, in ONE SQLite transaction
 * with the record of its delivery id (so a retry after a crash finds both or
 * neither). Slack is never called here: messages are enqueued in the outbox,
 * e-mail look-ups happen after the answer (route.ts).
 *
 * Rules (docs/decisions/0017-tracker-webhooks.md):
 *  1. A delivery id already recorded → "duplicate", nothing changes.
 *  2. The bug is found by the tracker's stable issue id first, then by key: an
 *     issue moved to another project (new key) stays the same bug, and a bug
 *     registered by hand with `/bug PAY-12` is adopted by the tracker.
 *  3. An issue Cadence does not track yet is registered only when qualified,
 *     at the tracker's event time; a closed one is registered and closed at
 *     once (it was a qualified bug, and its fix counts). Deleted → ignored.
 *  4. Fields (title, severity, team, owner, url) follow the tracker like a
 *     `/bug` edit: a new severity moves the deadline and the ladder.
 *  5. Closed as done resolves at the tracker's closing time; won't do / not
 *     planned / canceled / deleted drops. The first closing wins, and a
 *     closing that predates our last reopen is old news.
 *  6. Open in the tracker while closed here reopens with a new clock, but only
 *     if the event is later than our closing: a late delivery of an older
 *     state changes nothing.
 *  7. A JSM feedback request becomes one insight per issue, whatever the
 *     number of deliveries.
 */
import type { AppContext } from '../../context.js';
import { cachedStatement } from '../../db/statements.js';
import { enqueue } from '../../delivery/outbox.js';
import { checkDraft } from '../../insights/index.js';
import { insertInsight } from '../../insights/index.js';
import { translator } from '../../i18n/index.js';
import { bugRef } from '../blocks.js';
import { findTeam } from '../ladder.js';
import { CLOCK_SKEW_MS } from '../parse.js';
import { applyTrackerUpdate, dropBug, reopenBug, resolveBug, topicOf, type TrackerUpdate } from '../service.js';
import { bugStore, type Bug } from '../store.js';
import type { TrackerName } from './config.js';
import { lookupName, type TrackerEvent, type TrackerInsight, type TrackerIssue, type TrackerUser } from './types.js';
import { escapeText } from '../../slack/text.js';

export type ApplyContext = Pick<AppContext, 'db' | 'org' | 'languageOf'>;

export interface DeliveryRef {
  tracker: TrackerName;
  /** The tracker's delivery id (same across its retries); null when it sends none. */
  id: string | null;
}

export type ApplyOutcome =
  | { status: 'duplicate' }
  | { status: 'ignored'; reason: string }
  | { status: 'created' | 'updated' | 'unchanged'; key: string; bug: Bug; changed: string[]; warnings: string[] }
  | { status: 'insight'; insightId: number; created: boolean };

/** How long delivery ids are kept: trackers retry within hours (Jira), days at most (GitLab). */
export const DELIVERY_MEMORY_DAYS = 30;

interface LinkRow {
  bug_key: string;
  tracker_key: string;
}

function seen(ctx: ApplyContext, d: DeliveryRef): boolean {
  if (!d.id) return false;
  return cachedStatement(ctx.db, 'SELECT 1 FROM tracker_deliveries WHERE tracker = ? AND delivery_id = ?').get(d.tracker, d.id) !== undefined;
}

function record(ctx: ApplyContext, d: DeliveryRef, outcome: string, bugKey: string | null, now: Date): void {
  if (!d.id) return;
  cachedStatement(ctx.db, 'INSERT INTO tracker_deliveries (tracker, delivery_id, received_at, outcome, bug_key) VALUES (?, ?, ?, ?, ?)').run(
    d.tracker,
    d.id,
    now.toISOString(),
    outcome,
    bugKey,
  );
  const horizon = new Date(now.getTime() - DELIVERY_MEMORY_DAYS * 86_400_000).toISOString();
  cachedStatement(ctx.db, 'DELETE FROM tracker_deliveries WHERE received_at < ?').run(horizon);
}

export function linkOf(ctx: Pick<AppContext, 'db'>, tracker: TrackerName, issueId: string): LinkRow | undefined {
  return cachedStatement(ctx.db, 'SELECT bug_key, tracker_key FROM tracker_links WHERE tracker = ? AND issue_id = ?').get(tracker, issueId) as LinkRow | undefined;
}

function saveLink(ctx: ApplyContext, issue: Pick<TrackerIssue, 'tracker' | 'issueId' | 'key'>, bugKey: string, now: Date): void {
  cachedStatement(
    ctx.db,
    `INSERT INTO tracker_links (tracker, issue_id, bug_key, tracker_key, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (tracker, issue_id) DO UPDATE SET tracker_key = excluded.tracker_key, updated_at = excluded.updated_at
     WHERE tracker_links.tracker_key <> excluded.tracker_key`,
  ).run(issue.tracker, issue.issueId, bugKey, issue.key, now.toISOString());
}

const SLACK_USER = /^[UW][A-Z0-9]{6,}$/;

/** The owner from the tracker's assignee and `owners:`; `unmapped` when nobody can tell who it is in Slack. */
export function ownerFor(
  assignee: TrackerUser | null,
  owners: Readonly<Record<string, string>>,
  existing: Bug | undefined,
): { owner: TrackerUpdate['owner']; unmapped: TrackerUser | null } {
  if (!assignee) return { owner: null, unmapped: null };
  const target = lookupName(owners, assignee.id) ?? (assignee.email ? lookupName(owners, assignee.email) : undefined);
  if (target && SLACK_USER.test(target)) return { owner: { id: target, email: null }, unmapped: null };
  const email = (target ?? assignee.email)?.toLowerCase();
  if (email) {
    // Already matched by the look-up job: keep the Slack user it found.
    if (existing && existing.ownerEmail === email) return { owner: { id: existing.owner, email }, unmapped: null };
    return { owner: { id: null, email }, unmapped: null };
  }
  return { owner: { id: null, email: null }, unmapped: assignee };
}

/** The channel that hears about a bug's team: the team's, else its tribe's, else the escalation channel. */
function teamChannel(ctx: ApplyContext, team: string | null): string | undefined {
  const where = findTeam(ctx.org, team);
  return where?.team.channel ?? where?.tribe.channel ?? ctx.org.channels.bugEscalation;
}

function enqueueUnmappedOwner(ctx: ApplyContext, bug: Bug, tracker: TrackerName, user: TrackerUser, now: Date, warnings: string[]): void {
  const channel = teamChannel(ctx, bug.team);
  const who = user.display === user.id ? user.id : `${user.display} (${user.id})`;
  warnings.push(`owner: ${tracker} user ${who} is not in trackers.${tracker}.owners; the bug is stored without owner`);
  if (!channel) return;
  const text = translator(ctx.org.organisation.language)('bug.tracker.unmappedOwner', { bug: bugRef(bug), tracker, user: `\`${escapeText(who).replace(/`/g, "'")}\`` });
  enqueue(
    ctx.db,
    {
      dedupeKey: `${topicOf(bug.key)}:unmapped-owner:${tracker}:${user.id}`,
      topic: `${topicOf(bug.key)}:config`,
      method: 'chat.postMessage',
      args: { channel, text, unfurl_links: false },
    },
    now,
  );
}

function applyIssue(ctx: ApplyContext, ev: { issue: TrackerIssue; deleted: boolean }, owners: Readonly<Record<string, string>>, now: Date): ApplyOutcome {
  const { issue, deleted } = ev;
  const store = bugStore(ctx.db);
  const link = linkOf(ctx, issue.tracker, issue.issueId);
  const key = link?.bug_key ?? issue.key;
  const existing = store.get(key);
  if (!existing) {
    if (deleted) return { status: 'ignored', reason: `${issue.key} was deleted before Cadence tracked it` };
    if (!issue.qualified) return { status: 'ignored', reason: `${issue.key} is not QA-qualified (see trackers.${issue.tracker}.qualified)` };
  }
  // The tracker's clock, but never in our future (skewed clocks).
  const eventAt = new Date(Math.min(issue.eventAt.getTime(), now.getTime() + CLOCK_SKEW_MS));
  const warnings: string[] = [];
  const { owner, unmapped } = ownerFor(issue.assignee, owners, existing);
  const update: TrackerUpdate = {
    key,
    title: issue.title,
    severity: issue.severity,
    team: issue.team,
    owner,
    url: issue.url,
    qualifiedAt: existing ? existing.qualifiedAt : eventAt,
    resolvedAt: undefined,
    reopenedAt: undefined,
  };
  const result = applyTrackerUpdate(ctx, update, now);
  let bug = result.bug;
  const changed = [...result.changed];
  const closeAt = (at: Date | null) => new Date(Math.min((at ?? eventAt).getTime(), now.getTime() + CLOCK_SKEW_MS));
  // Rule 5: a closing older than our last reopen is old news.
  const staleClosing = (at: Date) => bug.clockId > 1 && (at.getTime() <= bug.clockStartedAt.getTime() || eventAt.getTime() <= bug.clockStartedAt.getTime());
  if (!bug.resolvedAt) {
    if (deleted) {
      const r = dropBug(ctx, key, eventAt, 'deleted', null, now);
      if (r.kind === 'dropped') (bug = r.bug), changed.push('dropped_at');
    } else if (issue.state === 'resolved' && !staleClosing(closeAt(issue.closedAt))) {
      const r = resolveBug(ctx, key, closeAt(issue.closedAt), null, now);
      if (r.kind === 'resolved') (bug = r.bug), changed.push('resolved_at');
    } else if (issue.state === 'dropped' && !staleClosing(closeAt(issue.closedAt))) {
      const r = dropBug(ctx, key, closeAt(issue.closedAt), issue.closedReason ?? 'dropped', null, now);
      if (r.kind === 'dropped') (bug = r.bug), changed.push('dropped_at');
    }
  } else if (!deleted && issue.state === 'open' && eventAt.getTime() > bug.resolvedAt.getTime()) {
    // Rule 6.
    const r = reopenBug(ctx, key, eventAt, null, now);
    if (r.kind === 'reopened') (bug = r.bug), changed.push('reopened_at');
  }
  if (link && link.tracker_key !== issue.key) {
    changed.push('tracker_key');
    store.addEvent(key, now, 'updated', null, { source: issue.tracker, changed: ['tracker_key'], from: link.tracker_key, to: issue.key });
  }
  saveLink(ctx, issue, key, now);
  if (unmapped && (result.status === 'created' || changed.includes('owner'))) enqueueUnmappedOwner(ctx, bug, issue.tracker, unmapped, now, warnings);
  const status = result.status === 'created' ? 'created' : changed.length > 0 ? 'updated' : 'unchanged';
  return { status, key, bug, changed: result.status === 'created' ? [] : changed, warnings };
}

/** Tracker text is not Slack text: angle brackets must never become a mention or a disguised link. */
export function neutralise(text: string): string {
  return text.replace(/</g, '﹤').replace(/>/g, '﹥');
}

function applyInsight(ctx: ApplyContext, ins: TrackerInsight, now: Date): ApplyOutcome {
  const existing = cachedStatement(ctx.db, 'SELECT insight_id FROM tracker_insights WHERE tracker = ? AND issue_id = ?').get(ins.tracker, ins.issueId) as
    | { insight_id: number }
    | undefined;
  if (existing) return { status: 'insight', insightId: existing.insight_id, created: false };
  let text = neutralise(ins.text);
  if (text.length > 3000) text = `${text.slice(0, 2999)}…`;
  const checked = checkDraft(ctx.org, {
    text,
    source: 'ticket',
    ...(ins.customer ? { customer: ins.customer.slice(0, 120) } : {}),
    ...(ins.tribe ? { tribe: ins.tribe } : {}),
  });
  if ('problem' in checked) return { status: 'ignored', reason: `the request cannot be an insight: ${checked.problem.key}` };
  const insight = insertInsight(ctx.db, { ...checked.draft, reporterId: ins.reporter, permalink: ins.url }, now);
  cachedStatement(ctx.db, 'INSERT INTO tracker_insights (tracker, issue_id, insight_id, created_at) VALUES (?, ?, ?, ?)').run(ins.tracker, ins.issueId, insight.id, now.toISOString());
  return { status: 'insight', insightId: insight.id, created: true };
}

/** Rules 1–7, as one immediate transaction (the inner service calls become savepoints). */
export function applyTrackerEvent(ctx: ApplyContext, ev: TrackerEvent, delivery: DeliveryRef, owners: Readonly<Record<string, string>>, now: Date): ApplyOutcome {
  return ctx.db.transaction((): ApplyOutcome => {
    if (seen(ctx, delivery)) return { status: 'duplicate' };
    const outcome = ev.kind === 'insight' ? applyInsight(ctx, ev.insight, now) : applyIssue(ctx, ev, owners, now);
    if (outcome.status === 'ignored' || outcome.status === 'duplicate') return outcome;
    record(ctx, delivery, outcome.status, outcome.status === 'insight' ? null : outcome.key, now);
    return outcome;
  }).immediate();
}

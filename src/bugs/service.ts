/**
 * What can happen to a bug (register, resolve, reopen, assign, tracker
 * update), each as one synchronous SQLite transaction that also enqueues the
 * Slack messages it causes. Callers send them afterwards with `deliverPending`.
 */
import type { AppContext } from '../context.js';
import { cancelPending, enqueue, outboxEntries } from '../delivery/outbox.js';
import { translator } from '../i18n/index.js';
import { bugCard, bugRef, deadlineDate, resolvedNotice } from './blocks.js';
import { findTeam, ladderOf, nextNoticeAt, slaPolicyOf } from './ladder.js';
import { clockOnReopen, computeDeadline, type Severity } from './sla.js';
import { DEFAULT_FIGURES_WINDOW_DAYS, NO_TEAM, computeBugFigures, type BugFigures, type FiguresResult } from './figures.js';
import { bugStore, type Bug, type BugSource } from './store.js';
import { cleanInput } from '../slack/text.js';

export type BugContext = Pick<AppContext, 'db' | 'org' | 'languageOf'>;

/** A validated registration (from the command, the form or the webhook). */
export interface BugDraft {
  key: string;
  title: string;
  severity: Severity;
  team: string | null;
  owner: string | null;
  ownerEmail: string | null;
  url: string | null;
  qualifiedAt: Date;
}

export const topicOf = (key: string) => `bug:${key}`;

/**
 * Who may resolve or reassign a bug: its owner, the lead of its impact team
 * (else the tribe lead, as for notices), whoever registered it, and admins.
 * Reopening is open to everyone: it is QA's gesture, and it is recorded.
 */
export function canManage(ctx: Pick<AppContext, 'org'>, bug: Bug, userId: string): boolean {
  if (ctx.org.admins.includes(userId)) return true;
  if (bug.owner === userId || bug.reportedBy === userId) return true;
  const where = findTeam(ctx.org, bug.team);
  const lead = where ? (where.team.lead ?? where.tribe.lead) : undefined;
  return lead === userId;
}

function clockFor(ctx: BugContext, start: Date, severity: Severity, claimed: ReadonlySet<number> = new Set()) {
  const deadline = computeDeadline(start, severity, slaPolicyOf(ctx.org));
  return { deadline, nextNoticeAt: nextNoticeAt(deadline, ladderOf(ctx.org), claimed) };
}

/** DMs the new owner a card with the bug's buttons (not when they assigned themselves). */
function enqueueAssignmentDm(ctx: BugContext, bug: Bug, actor: string, eventId: number, now: Date): void {
  if (!bug.owner || bug.owner === actor || bug.resolvedAt) return;
  const tr = translator(ctx.languageOf(bug.owner));
  const intro = tr('bug.assign.dm', { actor, bug: bugRef(bug), deadline: deadlineDate(bug.deadline, ctx.org.organisation.timezone, tr) });
  const card = bugCard(tr, bug, ctx.org, now, { intro });
  enqueue(
    ctx.db,
    {
      dedupeKey: `${topicOf(bug.key)}:assigned:${eventId}:to:${bug.owner}`,
      topic: topicOf(bug.key),
      method: 'chat.postMessage',
      args: { channel: bug.owner, text: card.text, blocks: card.blocks, unfurl_links: false },
    },
    now,
  );
}

export type RegisterResult = { kind: 'created'; bug: Bug } | { kind: 'exists'; bug: Bug };

export function registerBug(ctx: BugContext, input: BugDraft, source: BugSource, actor: string | null, now: Date): RegisterResult {
  const store = bugStore(ctx.db);
  const draft: BugDraft = { ...input, title: cleanInput(input.title) };
  return ctx.db.transaction((): RegisterResult => {
    const existing = store.get(draft.key);
    if (existing) return { kind: 'exists', bug: existing };
    const clock = clockFor(ctx, draft.qualifiedAt, draft.severity);
    const bug: Bug = {
      ...draft,
      source,
      reportedBy: actor,
      clockId: 1,
      clockStartedAt: draft.qualifiedAt,
      deadline: clock.deadline,
      resolvedAt: null,
      resolvedBy: null,
      nextNoticeAt: clock.nextNoticeAt,
      createdAt: now,
      updatedAt: now,
    };
    store.insert(bug);
    const eventId = store.addEvent(bug.key, now, 'registered', actor, { source, deadline: bug.deadline.toISOString() });
    if (actor) enqueueAssignmentDm(ctx, bug, actor, eventId, now);
    return { kind: 'created', bug };
  }).immediate();
}

/** Turns every notice already posted about the bug into a "resolved" line without buttons. */
function enqueueResolvedUpdates(ctx: BugContext, bug: Bug, now: Date): void {
  for (const entry of outboxEntries(ctx.db, topicOf(bug.key))) {
    if (entry.status !== 'sent' || entry.method !== 'chat.postMessage' || !entry.sentChannel || !entry.sentTs) continue;
    const to = typeof entry.args['channel'] === 'string' ? entry.args['channel'] : '';
    // A DM was addressed to a user ID: update it in that person's language.
    const lang = /^[UW]/.test(to) ? ctx.languageOf(to) : ctx.org.organisation.language;
    const msg = resolvedNotice(translator(lang), bug, ctx.org);
    enqueue(
      ctx.db,
      {
        dedupeKey: `${topicOf(bug.key)}:resolved-update:${entry.id}`,
        topic: `${topicOf(bug.key)}:updates`,
        method: 'chat.update',
        args: { channel: entry.sentChannel, ts: entry.sentTs, text: msg.text, blocks: msg.blocks },
      },
      now,
    );
  }
}

export type ResolveResult = { kind: 'resolved'; bug: Bug } | { kind: 'already'; bug: Bug } | { kind: 'unknown' };

/** Rule: a resolved bug gets no further notices; what is still queued for it is cancelled. */
export function resolveBug(ctx: BugContext, key: string, at: Date, actor: string | null, now: Date): ResolveResult {
  const store = bugStore(ctx.db);
  return ctx.db.transaction((): ResolveResult => {
    const bug = store.get(key);
    if (!bug) return { kind: 'unknown' };
    if (bug.resolvedAt) return { kind: 'already', bug };
    const resolved: Bug = { ...bug, resolvedAt: at, resolvedBy: actor, nextNoticeAt: null, updatedAt: now };
    store.save(resolved);
    store.addEvent(key, now, 'resolved', actor, { at: at.toISOString(), clock: bug.clockId, withinSla: at.getTime() <= bug.deadline.getTime() });
    cancelPending(ctx.db, topicOf(key), 'bug resolved', now);
    enqueueResolvedUpdates(ctx, resolved, now);
    return { kind: 'resolved', bug: resolved };
  }).immediate();
}

export type DropResult = { kind: 'dropped'; bug: Bug } | { kind: 'already'; bug: Bug } | { kind: 'unknown' };

/**
 * The tracker closed the bug without fixing it (won't do, not planned,
 * deleted): it is closed at `at` like a resolution, so nothing escalates and
 * every open list leaves it out, but it is marked dropped, so the figures
 * count it apart (figures.ts, Rule 5). An already closed bug stays as it is
 * (first closing wins, as for resolutions).
 */
export function dropBug(ctx: BugContext, key: string, at: Date, reason: string, actor: string | null, now: Date): DropResult {
  const store = bugStore(ctx.db);
  return ctx.db.transaction((): DropResult => {
    const bug = store.get(key);
    if (!bug) return { kind: 'unknown' };
    if (bug.resolvedAt) return { kind: 'already', bug };
    const dropped: Bug = { ...bug, resolvedAt: at, resolvedBy: actor, droppedAt: at, droppedReason: reason, nextNoticeAt: null, updatedAt: now };
    store.save(dropped);
    store.addEvent(key, now, 'dropped', actor, { at: at.toISOString(), clock: bug.clockId, reason });
    cancelPending(ctx.db, topicOf(key), 'bug dropped', now);
    enqueueResolvedUpdates(ctx, dropped, now);
    return { kind: 'dropped', bug: dropped };
  }).immediate();
}

export type ReopenResult = { kind: 'reopened'; bug: Bug } | { kind: 'notResolved'; bug: Bug } | { kind: 'unknown' };

/** Reopening restarts the clock (Rule 4 of sla.ts): clock id + 1, a full SLA, a fresh ladder. */
export function reopenBug(ctx: BugContext, key: string, at: Date, actor: string | null, now: Date): ReopenResult {
  const store = bugStore(ctx.db);
  return ctx.db.transaction((): ReopenResult => {
    const bug = store.get(key);
    if (!bug) return { kind: 'unknown' };
    if (!bug.resolvedAt) return { kind: 'notResolved', bug };
    // A reopen cannot precede the clock it replaces (tracker clock skew): it starts at the later instant.
    const start = at.getTime() < bug.clockStartedAt.getTime() ? bug.clockStartedAt : at;
    const clock = clockOnReopen({ clockId: bug.clockId, startedAt: bug.clockStartedAt, deadline: bug.deadline }, start, bug.severity, slaPolicyOf(ctx.org));
    const reopened: Bug = {
      ...bug,
      clockId: clock.clockId,
      clockStartedAt: clock.startedAt,
      deadline: clock.deadline,
      resolvedAt: null,
      resolvedBy: null,
      droppedAt: null,
      droppedReason: null,
      nextNoticeAt: nextNoticeAt(clock.deadline, ladderOf(ctx.org), new Set()),
      updatedAt: now,
    };
    store.save(reopened);
    store.addEvent(key, now, 'reopened', actor, {
      previousClock: bug.clockId,
      previousDeadline: bug.deadline.toISOString(),
      previouslyResolvedAt: bug.resolvedAt.toISOString(),
      ...(bug.droppedAt ? { previouslyDropped: bug.droppedReason ?? true } : {}),
      clock: clock.clockId,
      deadline: clock.deadline.toISOString(),
    });
    return { kind: 'reopened', bug: reopened };
  }).immediate();
}

export type AssignResult = { kind: 'assigned'; bug: Bug } | { kind: 'same'; bug: Bug } | { kind: 'unknown' };

export function assignBug(ctx: BugContext, key: string, owner: string, actor: string, now: Date): AssignResult {
  const store = bugStore(ctx.db);
  return ctx.db.transaction((): AssignResult => {
    const bug = store.get(key);
    if (!bug) return { kind: 'unknown' };
    if (bug.owner === owner) return { kind: 'same', bug };
    const assigned: Bug = { ...bug, owner, ownerEmail: null, updatedAt: now };
    store.save(assigned);
    const eventId = store.addEvent(key, now, 'assigned', actor, { from: bug.owner, to: owner });
    enqueueAssignmentDm(ctx, assigned, actor, eventId, now);
    return { kind: 'assigned', bug: assigned };
  }).immediate();
}

/** A tracker delivery after validation; `undefined` = field absent (unchanged), `null` = cleared. */
export interface TrackerUpdate {
  key: string;
  title: string;
  severity: Severity | undefined;
  team: string | null | undefined;
  owner: { id: string | null; email: string | null } | null | undefined;
  url: string | null | undefined;
  qualifiedAt: Date;
  resolvedAt: Date | null | undefined;
  reopenedAt: Date | null | undefined;
}

export type TrackerResult = { status: 'created' | 'updated' | 'unchanged'; bug: Bug; changed: string[] };

const same = (a: Date | null, b: Date | null) => (a === null ? b === null : b !== null && a.getTime() === b.getTime());

/**
 * The webhook's idempotent upsert by key (README, "Tracker webhook"):
 *  Rule 1: an unknown key is registered, resolved at once if `resolved_at` says so.
 *  Rule 2: for a known key, fields present replace what is stored; absent
 *          fields are left alone; `null` clears team, owner and url.
 *  Rule 3: a new severity, or a new `qualified_at` while the first clock runs,
 *          recomputes the current deadline; levels already sent stay sent.
 *  Rule 4: the tracker says "resolved" when `resolved_at` is set and no later
 *          `reopened_at` is. That resolves an open bug at `resolved_at`; the
 *          first resolution wins, and a resolution older than our last reopen
 *          is old news.
 *  Rule 5: `reopened_at` later than the stored resolution reopens the bug
 *          (a new clock from that instant). A missing `resolved_at` alone
 *          never reopens: a stale delivery must not undo a fix.
 *  Rule 6: a delivery that changes nothing writes nothing (same delivery twice).
 */
export function applyTrackerUpdate(ctx: BugContext, update: TrackerUpdate, now: Date): TrackerResult {
  const store = bugStore(ctx.db);
  // The shared edge of every tracker: a lone surrogate or a decomposed accent would never compare
  // equal to what SQLite gives back, and every identical re-delivery would be an "update" (issue 19, item 13).
  const u: TrackerUpdate = { ...update, title: cleanInput(update.title) };
  return ctx.db.transaction((): TrackerResult => {
    const existing = store.get(u.key);
    if (!existing) {
      const draft: BugDraft = {
        key: u.key,
        title: u.title,
        severity: u.severity ?? ctx.org.bugs.defaultSeverity,
        team: u.team ?? null,
        owner: u.owner?.id ?? null,
        ownerEmail: u.owner?.email ?? null,
        url: u.url ?? null,
        qualifiedAt: u.qualifiedAt,
      };
      let bug = registerBug(ctx, draft, 'webhook', null, now).bug;
      if (u.resolvedAt) {
        const r = resolveBug(ctx, u.key, u.resolvedAt, null, now);
        if (r.kind === 'resolved') bug = r.bug;
      }
      return { status: 'created', bug, changed: [] };
    }

    let bug = existing;
    const changed: string[] = [];
    const next: Bug = { ...bug };
    if (u.title !== bug.title) (next.title = u.title), changed.push('title');
    if (u.severity !== undefined && u.severity !== bug.severity) (next.severity = u.severity), changed.push('severity');
    if (u.team !== undefined && u.team !== bug.team) (next.team = u.team), changed.push('team');
    if (u.url !== undefined && u.url !== bug.url) (next.url = u.url), changed.push('url');
    if (u.owner !== undefined) {
      const id = u.owner?.id ?? null;
      const email = u.owner?.email ?? null;
      if (id !== bug.owner || email !== bug.ownerEmail) {
        next.owner = id;
        next.ownerEmail = email;
        changed.push('owner');
      }
    }
    if (!same(u.qualifiedAt, bug.qualifiedAt)) (next.qualifiedAt = u.qualifiedAt), changed.push('qualified_at');
    const clockMoves = changed.includes('severity') || (changed.includes('qualified_at') && bug.clockId === 1);
    if (clockMoves) {
      next.clockStartedAt = bug.clockId === 1 ? next.qualifiedAt : bug.clockStartedAt;
      const clock = clockFor(ctx, next.clockStartedAt, next.severity, store.claimedLevels(bug.key, bug.clockId));
      next.deadline = clock.deadline;
      next.nextNoticeAt = bug.resolvedAt ? null : clock.nextNoticeAt;
    }
    if (changed.length > 0) {
      next.updatedAt = now;
      store.save(next);
      store.addEvent(bug.key, now, 'updated', null, { source: 'webhook', changed });
      bug = next;
    }

    // The tracker's own state: resolved unless reopened after its last resolution.
    const trackerResolved = u.resolvedAt ? !(u.reopenedAt && u.reopenedAt.getTime() > u.resolvedAt.getTime()) : false;
    if (trackerResolved && u.resolvedAt && !bug.resolvedAt) {
      // A resolution we already undid with a reopen (ours or the tracker's) is old news.
      const known = bug.clockId > 1 && u.resolvedAt.getTime() <= bug.clockStartedAt.getTime();
      if (!known) {
        const r = resolveBug(ctx, bug.key, u.resolvedAt, null, now);
        if (r.kind === 'resolved') (bug = r.bug), changed.push('resolved_at');
      }
    } else if (!trackerResolved && u.reopenedAt && bug.resolvedAt && u.reopenedAt.getTime() > bug.resolvedAt.getTime()) {
      const r = reopenBug(ctx, bug.key, u.reopenedAt, null, now);
      if (r.kind === 'reopened') (bug = r.bug), changed.push('reopened_at');
    }
    return { status: changed.length > 0 ? 'updated' : 'unchanged', bug, changed };
  }).immediate();
}

/**
 * The bug figures as seen at `now`, straight from the store: what `/bug stats`
 * shows and what the digest (issue 7) reuses. Streams rows; nothing is loaded whole.
 */
export function bugFiguresAt(ctx: Pick<AppContext, 'db' | 'org'>, now: Date, windowDays: number = DEFAULT_FIGURES_WINDOW_DAYS): FiguresResult {
  const dueSoonHours = ctx.org.bugs.dueSoonHours;
  // Open, due soon and breached are counted in SQL on the open-bugs index (issue 19, item 10): only the
  // bugs resolved in the window are read as rows (for the median). Bugs resolved after `now` (a replay
  // with --at) come with those rows and count as open there, as bugRisk says.
  const result = computeBugFigures(bugStore(ctx.db).resolvedFigureRows(now, windowDays), now, { dueSoonHours, windowDays });
  const nowIso = now.toISOString();
  const soonIso = new Date(now.getTime() + dueSoonHours * 3_600_000).toISOString();
  const open = ctx.db
    .prepare(
      `SELECT team, COUNT(*) AS open, COALESCE(SUM(deadline > ? AND deadline <= ?), 0) AS dueSoon, COALESCE(SUM(deadline <= ?), 0) AS breached
       FROM bugs WHERE resolved_at IS NULL AND qualified_at <= ? GROUP BY team`,
    )
    .all(nowIso, soonIso, nowIso, nowIso) as { team: string | null; open: number; dueSoon: number; breached: number }[];
  const empty = (): BugFigures => ({ open: 0, dueWithin48h: 0, breached: 0, fixedWithinSlaShare: null, resolvedLast30Days: 0, medianTimeToFixHours: null, droppedLast30Days: 0 });
  const add = (f: BugFigures, r: { open: number; dueSoon: number; breached: number }): BugFigures => ({ ...f, open: f.open + r.open, dueWithin48h: f.dueWithin48h + r.dueSoon, breached: f.breached + r.breached });
  let overall = result.overall;
  for (const r of open) {
    const key = r.team ?? NO_TEAM;
    result.byTeam.set(key, add(result.byTeam.get(key) ?? empty(), r));
    overall = add(overall, r);
  }
  return { overall, byTeam: result.byTeam };
}

import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bugsFeature } from '../../src/bugs/feature.js';
import { ladderOf } from '../../src/bugs/ladder.js';
import { levelTriggerAt } from '../../src/bugs/sla.js';
import type { JobDefinition } from '../../src/context.js';
import { decide, signUp, skipsOf } from '../../src/agenda/service.js';
import { itemsOf } from '../../src/agenda/store.js';
import { nextAgendaOccurrence, signupState } from '../../src/agenda/window.js';
import type { AppContext } from '../../src/context.js';
import { digestsJob } from '../../src/digests/service.js';
import { occurrencesBetween } from '../../src/core/recurrence/index.js';
import { ritualsJob } from '../../src/features.js';
import { runJob } from '../../src/scheduler/runner.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { startFakeSlack } from '../../src/sandbox/slack/web-api.js';
import { exampleOrgConfig } from '../helpers/org.js';
import { tempDir } from '../helpers/tmp.js';
import { seedOpportunity } from './fixtures.js';
import { DAY, HOUR, MINUTE, POSTED_ACTIONS, expectExactlyOnce, expectedRitualSteps, registerBugs, trackListeners, type SimBug } from './simulation.js';
import { movableClock, seeded } from './support.js';

/*
 * Restart storm (issue 8, item 6): a simulated quarter of rituals, bug
 * escalations, digests and alignment-meeting agendas (people sign up while
 * sign-ups are open, an approver approves some before the lock) during
 * which the app is stopped and rebuilt on the same
 * database at random (seeded) times, down for minutes, hours or days. Jobs run
 * as the scheduler runs them: at start-up, then on their cron ticks while the
 * app is up. The oracle is computed from when the jobs actually ran:
 *  - a ritual step is run (and posted) exactly once, by the first run after
 *    its time, if that run is inside its grace window; otherwise it is
 *    skipped and never posted;
 *  - each escalation level of each bug is claimed exactly once, by the first
 *    sweep after it is due that knows the bug; a "due soon" that is first
 *    seen after the deadline is superseded, not sent;
 *  - every agenda step is claimed once the same way, and each agenda is locked
 *    once, by its lock step's run: approved items' opportunities move to the
 *    agenda once, the others are dropped and told once; a lock missed beyond
 *    its grace never happens;
 *  - each weekly digest is posted once per scope by the first run after its
 *    time if that run is within graceHours, else never;
 *  - Slack received each message exactly once (the outbox and the stand-in agree).
 * Ticks are the instants a quarter-hourly cron would fire that matter (every
 * step and level time, rounded up to the quarter hour, and every 6 hours):
 * every configured step time is a multiple of 15 minutes, and a
 * minute-by-minute quarter would take minutes on the 2-core machine.
 */

const cleanups: (() => Promise<void> | void)[] = [];
const listeners = trackListeners();
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  listeners.restore();
});

// Monday 4 January 2027, 00:00 in Paris, for 13 weeks: party managers, every ritual, and the March DST change.
const START = new Date('2027-01-03T23:00:00Z');
const END = new Date(START.getTime() + 91 * DAY);
const QUARTER_HOUR = 15 * MINUTE;
const ceilQuarter = (ms: number) => Math.ceil(ms / QUARTER_HOUR) * QUARTER_HOUR;

const bugJob: JobDefinition = (() => {
  const job = bugsFeature.jobs?.find((j) => j.name === 'bug-escalation');
  if (!job) throw new Error('no bug-escalation job');
  return job;
})();

describe('restart storm over a simulated quarter', () => {
  it(
    'every ritual step and escalation level happens exactly once; steps missed beyond their grace are skipped, not posted late',
    async () => {
      const { seed, rng } = seeded('restart-storm');
      const why = `seed ${seed}`;
      const org = exampleOrgConfig();
      const tmp = tempDir();
      cleanups.push(tmp.cleanup);
      const slack = await startFakeSlack();
      cleanups.push(() => slack.close());
      const dbPath = join(tmp.dir, 'cadence.db');
      const clock = movableClock(START);

      // Outages: [down, up) pairs, whole minutes, some of minutes, some of hours, some of days.
      const outages: [number, number][] = [];
      for (let at = START.getTime() + rng.int(1, 3 * 24 * 60) * MINUTE; at < END.getTime() - 2 * DAY; ) {
        const kind = rng.int(0, 2);
        const length = kind === 0 ? rng.int(1, 25) * MINUTE : kind === 1 ? rng.int(1, 10) * HOUR + rng.int(0, 59) * MINUTE : rng.int(1, 3) * DAY + rng.int(0, 23 * 60) * MINUTE;
        outages.push([at, at + length]);
        at += length + rng.int(1, 9 * 24 * 60) * MINUTE;
      }
      // Plus two outages around reminders picked at random, so every run has both cases:
      // back 5 minutes after one (inside its 10-minute grace), back 2 hours after the other (too late).
      const reminders = expectedRitualSteps(org, undefined, START, END).filter((s) => s.step.action === 'remind' && s.at.getTime() > START.getTime() + DAY);
      const [early, late] = rng.sample(reminders, 2).map((s) => s.at.getTime());
      if (early === undefined || late === undefined) throw new Error('no reminders in the quarter');
      const forced: [number, number][] = [
        [early - 5 * MINUTE, early + 5 * MINUTE],
        [late - 10 * MINUTE, late + 2 * HOUR],
      ];
      const clear = (o: [number, number]) => forced.every(([d, u]) => o[1] + DAY <= d || o[0] >= u + DAY);
      outages.splice(0, outages.length, ...[...outages.filter(clear), ...forced].sort((a, b) => a[0] - b[0]));
      const isUp = (ms: number) => !outages.some(([down, up]) => ms >= down && ms < up);

      // Ticks that matter: every ritual step time, every 6 hours, later every bug level time.
      const ticks = new Set<number>();
      for (const s of expectedRitualSteps(org, undefined, START, END)) {
        ticks.add(ceilQuarter(s.at.getTime()));
      }
      for (let at = START.getTime(); at < END.getTime(); at += 6 * HOUR) ticks.add(at);
      const zone = org.organisation.timezone;
      const digestTimes = occurrencesBetween(org.digests.recurrence, zone, START, END).map((o) => o.start.getTime());
      for (const at of digestTimes) ticks.add(ceilQuarter(at));

      const ritualRuns: number[] = [];
      const bugRuns: number[] = [];
      const bugs: (SimBug & { registeredAt: number })[] = [];
      let app: TestApp | undefined;
      const run = async (at: number, trigger: 'schedule' | 'startup') => {
        if (!app) throw new Error('app is down');
        clock.set(new Date(at));
        // node-cron registers bugs, rituals, digests in the features' order; start-up runs them in the same order.
        const b = await runJob(app.cadence.ctx, bugJob, new Date(at), trigger);
        const r = await runJob(app.cadence.ctx, ritualsJob, new Date(at), trigger);
        const d = await runJob(app.cadence.ctx, digestsJob, new Date(at), trigger);
        if (b.status === 'failed') throw b.error;
        if (r.status === 'failed') throw r.error;
        if (d.status === 'failed') throw d.error;
        bugRuns.push(at);
        ritualRuns.push(at);
        people(app.cadence.ctx, new Date(at));
      };
      // The PAM's people, whenever the app is up: three sign up once sign-ups are open; the approver approves
      // the first two before the lock and leaves the third undecided (dropped at the lock: `unapproved: drop`).
      const pam = org.rituals.find((r) => r.key === 'pam');
      if (!pam) throw new Error('no pam ritual');
      const signedUp = new Map<string, number[]>();
      const people = (ctx: AppContext, now: Date) => {
        const o = nextAgendaOccurrence(org, pam, now, skipsOf(ctx));
        if (!o) return;
        if (signupState(o, now) === 'open' && !signedUp.has(o.occurrence.key)) {
          const opportunities = [0, 1, 2].map((i) => {
            const presenter = `U0STORM${String(signedUp.size).padStart(2, '0')}P${i}`;
            const id = seedOpportunity(ctx.db, presenter, 'pitched', now);
            const result = signUp(ctx, o, { presenter, opportunityId: id, ask: 'decision', duration: 20 }, now);
            expect(result.ok, `sign-up for ${o.ref}`).toBe(true);
            return id;
          });
          signedUp.set(o.occurrence.key, opportunities);
        }
        for (const item of itemsOf(ctx.db, 'pam', o.occurrence.key).slice(0, 2)) {
          if (item.approval === null) decide(ctx, item.id, 'U0000VPPRD1', 'approved', null, now);
        }
      };
      const startApp = async (at: number) => {
        clock.set(new Date(at));
        app = await startTestApp({ org, slack, dbPath, clock });
        await run(at, 'startup');
        // Each (re)start, QA registers a few bugs; their ladders play out over the following days.
        const batch = await registerBugs(app, clock, org, rng.fork(`bugs-${bugs.length}`), 3, `STORM${bugs.length}`);
        for (const bug of batch) {
          // Registered right after the start-up run: that run did not know them.
          bugs.push({ ...bug, registeredAt: at });
          const deadline = bug.qualifiedAt.getTime() + 7 * DAY;
          for (const level of ladderOf(org)) ticks.add(ceilQuarter(levelTriggerAt(new Date(deadline), level).getTime()));
        }
      };
      const stopApp = async () => {
        await app?.stop();
        app = undefined;
      };
      cleanups.push(stopApp);

      await startApp(START.getTime());
      const events = () => [...[...ticks].map((at) => ({ at, kind: 'tick' as const })), ...outages.flatMap(([d, u]) => [{ at: d, kind: 'down' as const }, { at: u, kind: 'up' as const }])];
      let now = START.getTime();
      for (;;) {
        // Ticks are added as bugs are registered: take the next event after `now` each time.
        const next = events()
          .filter((e) => e.at > now && e.at < END.getTime())
          .sort((a, b) => a.at - b.at || (a.kind === 'tick' ? 1 : -1))[0];
        if (!next) break;
        now = next.at;
        if (next.kind === 'down') await stopApp();
        else if (next.kind === 'up') await startApp(now);
        else if (isUp(now) && app) await run(now, 'schedule');
      }
      if (!app) await startApp(END.getTime());
      // The last bugs' DMs are sent by the /bug listener after its ack: let it finish before reading.
      await listeners.idle();
      const db = app?.db;
      if (!db) throw new Error('no app at the end');

      // Ritual steps: run once by the first run after their time within grace, else skipped and never posted.
      const firstRunAtOrAfter = (runs: number[], ms: number) => runs.filter((r) => r >= ms).sort((a, b) => a - b)[0];
      const stepRows = new Map(
        db
          .prepare<[], { k: string; status: string; claimed: string; action: string }>(
            `SELECT ritual_key || '|' || occurrence_key || '|' || step_key AS k, status, claimed_at AS claimed, action FROM ritual_step_runs`,
          )
          .all()
          .map((r) => [r.k, r]),
      );
      const outbox = new Map(db.prepare<[], { k: string; status: string }>('SELECT dedupe_key AS k, status FROM delivery_outbox').all().map((r) => [r.k, r.status]));
      const steps = expectedRitualSteps(org, db, START, END);
      let caughtUp = 0;
      let skipped = 0;
      for (const s of steps) {
        const first = firstRunAtOrAfter(ritualRuns, s.at.getTime());
        const row = stepRows.get(s.claimKey);
        if (first !== undefined && first < s.lateAt.getTime()) {
          expect(row, `${s.claimKey} (${why})`).toMatchObject({ status: 'done', claimed: new Date(first).toISOString() });
          // An empty final agenda goes to the approvers by DM instead of the channel (issue 14 item 2).
          const emptyAgendaDm = s.step.action === 'post_agenda' ? [...outbox].find(([k]) => k.startsWith(`agenda:${s.ritual.key}|${s.occurrence.key}:empty:`)) : undefined;
          expect(emptyAgendaDm?.[1] ?? outbox.get(`ritual:${s.claimKey}`), `${s.claimKey} (${why})`).toBe('sent');
          if (first > ceilQuarter(s.at.getTime())) caughtUp++;
        } else {
          // Too late: recorded as skipped when a run still looked back that far, and never posted.
          expect(row?.status ?? 'absent', `${s.claimKey} (${why})`).not.toBe('done');
          expect(outbox.has(`ritual:${s.claimKey}`), `${s.claimKey} (${why})`).toBe(false);
          skipped++;
        }
      }
      // Agenda steps (sign-ups, validation, lock, outcomes) are claimed too; this oracle follows the steps that post to a channel.
      const posted = [...stepRows.values()].filter((r) => r.status === 'done' && POSTED_ACTIONS.has(r.action)).length;
      expect(posted, 'no step ran that the calendar does not have').toBe(steps.length - skipped);

      // Escalation levels: each claimed once, by the first sweep after it was due that knew the bug.
      const notices = db.prepare<[string], { level: number; outcome: string; claimed: string }>(
        'SELECT level, outcome, claimed_at AS claimed FROM bug_notices WHERE bug_key = ? ORDER BY level',
      );
      let superseded = 0;
      for (const bug of bugs) {
        const deadline = bug.qualifiedAt.getTime() + 7 * DAY;
        const expected = ladderOf(org)
          .map((level) => ({ level, trigger: levelTriggerAt(new Date(deadline), level).getTime() }))
          .map(({ level, trigger }) => ({ level, first: firstRunAtOrAfter(bugRuns, Math.max(trigger, bug.registeredAt + 1)) }))
          .filter((x): x is { level: (typeof x)['level']; first: number } => x.first !== undefined)
          .map(({ level, first }) => ({
            level: level.level,
            // Rule 7 of sla.ts: a warning first seen after the deadline is superseded.
            outcome: level.offsetMinutes < 0 && (firstRunAtOrAfter(bugRuns, deadline) ?? Infinity) <= first ? 'superseded' : 'enqueued',
            claimed: new Date(first).toISOString(),
          }));
        expect(notices.all(bug.key), `${bug.key} (${why})`).toEqual(expected);
        superseded += expected.filter((e) => e.outcome === 'superseded').length;
      }

      // Agenda steps (sign-ups, validation, lock, outcomes…): claimed once, by the first run within grace, else never run.
      let locks = 0;
      for (const s of expectedRitualSteps(org, db, START, END, 'all').filter((x) => !POSTED_ACTIONS.has(x.step.action))) {
        const first = firstRunAtOrAfter(ritualRuns, s.at.getTime());
        const row = stepRows.get(s.claimKey);
        const inGrace = first !== undefined && first < s.lateAt.getTime();
        if (inGrace) expect(row, `${s.claimKey} (${why})`).toMatchObject({ status: 'done', claimed: new Date(first).toISOString() });
        else expect(row?.status ?? 'absent', `${s.claimKey} (${why})`).not.toBe('done');
        if (s.step.action !== 'lock_agenda') continue;
        // The lock: once, at its step's run, or never.
        const lockedAt = db.prepare('SELECT locked_at FROM agenda_locks WHERE ritual_key = ? AND occurrence_key = ?').pluck().all(s.ritual.key, s.occurrence.key);
        expect(lockedAt, `${s.claimKey} (${why})`).toEqual(inGrace ? [new Date(first).toISOString()] : []);
        const items = db
          .prepare<[string], { id: number; status: string; approval: string | null; reason: string | null; opp: number }>(
            'SELECT id, status, approval, end_reason AS reason, opportunity_id AS opp FROM agenda_items WHERE occurrence_key = ? ORDER BY id',
          )
          .all(s.occurrence.key);
        const onAgenda = db.prepare("SELECT COUNT(*) FROM opportunity_history WHERE opportunity_id = ? AND to_status = 'on_agenda'").pluck();
        for (const item of items) {
          const fate = { status: item.status, reason: item.reason, onAgenda: onAgenda.get(item.opp), dropDm: outbox.get(`agenda:item:${item.id}:dropped`) ?? 'none' };
          const expected = !inGrace
            ? { status: 'slotted', reason: null, onAgenda: 0, dropDm: 'none' }
            : item.approval === 'approved'
              ? { status: 'slotted', reason: null, onAgenda: 1, dropDm: 'none' }
              : { status: 'dropped', reason: 'not_approved', onAgenda: 0, dropDm: 'sent' };
          expect(fate, `${s.claimKey} item ${item.id} (${why})`).toEqual(expected);
        }
        if (inGrace && items.length > 0) locks++;
      }

      // Digests: once per scope for each Monday, by the first run after it if within graceHours, else never.
      const grace = org.digests.graceHours * HOUR;
      const digestRows = db.prepare<[string], { scope: string; claimed: string }>('SELECT scope, claimed_at AS claimed FROM digest_runs WHERE period_key = ? ORDER BY scope');
      let digestsPosted = 0;
      let tribeDigestsSent = 0;
      const mondays = occurrencesBetween(org.digests.recurrence, zone, START, new Date(END.getTime() + 8 * DAY));
      for (const [i, occurrence] of mondays.entries()) {
        if (occurrence.start >= END) break;
        const first = firstRunAtOrAfter(ritualRuns, occurrence.start.getTime());
        // A run only looks at the latest Monday: a first run after the next one has moved on.
        const next = mondays[i + 1]?.start.getTime() ?? Infinity;
        const posted = first !== undefined && first < next && first - occurrence.start.getTime() <= grace;
        const expected = posted ? ['org', 'tribe:discovery', 'tribe:payments'].map((scope) => ({ scope, claimed: new Date(first).toISOString() })) : [];
        expect(digestRows.all(occurrence.key), `digest ${occurrence.key} (${why})`).toEqual(expected);
        // The org digest is always sent; a tribe's is sent, or was claimed and not posted because its week was quiet (decision 0029).
        for (const { scope } of expected) {
          const status = outbox.get(`digest:${scope}:${occurrence.key}`);
          if (scope === 'org') expect(status, `digest ${scope} ${occurrence.key} (${why})`).toBe('sent');
          else expect([undefined, 'sent'], `digest ${scope} ${occurrence.key} (${why})`).toContain(status);
          if (scope !== 'org' && status === 'sent') tribeDigestsSent++;
        }
        if (posted) digestsPosted++;
      }

      const delivered = expectExactlyOnce(db, slack);
      // The storm exercised every branch: restarts, catch-ups inside grace, skips beyond it, superseded warnings.
      expect(outages.length, why).toBeGreaterThanOrEqual(8);
      expect(caughtUp, `${why}: steps caught up after a restart`).toBeGreaterThan(0);
      expect(skipped, `${why}: steps missed beyond their grace`).toBeGreaterThan(0);
      expect(superseded, `${why}: warnings superseded`).toBeGreaterThan(0);
      expect(locks, `${why}: agendas locked with items`).toBeGreaterThan(3);
      expect(digestsPosted, `${why}: digests posted`).toBeGreaterThan(3);
      expect(tribeDigestsSent, `${why}: tribe digests posted`).toBeGreaterThan(0);
      expect(delivered.sent, why).toBeGreaterThan(100);
    },
    240_000,
  );
});

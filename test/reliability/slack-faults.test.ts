import { afterEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import type { Fault } from '../helpers/fake-slack.js';
import { exampleOrgConfig } from '../helpers/org.js';
import { DAY, HOUR, MINUTE, POSTED_ACTIONS, expectExactlyOnce, expectedLevels, expectedRitualSteps, registerBugs, tick } from './simulation.js';
import { movableClock, seeded } from './support.js';

/*
 * Slack faults (issue 8, item 5): a simulated week of rituals and bug
 * escalations, step by step on an injected clock, while the Slack
 * stand-in answers a share of all calls with 429 (Retry-After short enough to
 * wait out, or too long for the run), HTTP 500 or a slow answer. When Slack
 * recovers, every message has been delivered exactly once: the outbox and
 * the calls Slack recorded agree row for row. Digests join the week when they land.
 */

const apps: TestApp[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await a.stop();
});

// Monday 30 November 2026, 00:00 in Paris: a week with Product Weekly, a breakfast, PAM and the decision session.
const START = new Date('2026-11-29T23:00:00Z');
/*
 * The jobs tick every 5 minutes rather than every minute: every configured
 * step time is a multiple of 15 minutes, so no step is due between ticks, and
 * a minute-by-minute week costs 40 s on the 2-core machine (the ritual
 * calendar computes occurrences on each run, about 3.5 ms) for no extra case.
 */
const TICK = 5 * MINUTE;
const FAULTS: Fault[] = [
  { status: 429, retryAfterSeconds: 1 },
  { status: 429, retryAfterSeconds: 90 },
  { status: 429, retryAfterSeconds: 600 },
  { status: 500 },
  { status: 500 },
  { delayMs: 150 },
];

describe('Slack faults during a simulated week', () => {
  it(
    '429s, 500s and slow answers: every ritual message and bug notice is delivered exactly once in the end',
    async () => {
      const { seed, rng } = seeded('slack-faults');
      const org = exampleOrgConfig();
      const clock = movableClock(START);
      const t = await startTestApp({ org, clock });
      apps.push(t);
      const ctx = t.cadence.ctx;
      t.slack.chaos({ method: '*', share: 0.3, faults: FAULTS, random: () => rng.next() });

      const bugs = await registerBugs(t, clock, org, rng.fork('bugs'), 12, 'FLT');
      const end = new Date(START.getTime() + 7 * DAY);
      for (let at = START.getTime(); at < end.getTime(); at += TICK) {
        clock.set(new Date(at));
        await tick(ctx, new Date(at));
        // Midweek, an owner resolves a bug by hand: what was still waiting for it is cancelled, never sent.
        if (at === START.getTime() + 2 * DAY + 10 * HOUR) {
          const bug = bugs[0];
          if (!bug) throw new Error('no bugs');
          const res = await t.command({ command: '/bug', text: `resolve ${bug.key}`, user_id: bug.owner, channel_id: 'C0000QACHAN' });
          expect(res.status).toBe(200);
        }
      }
      const faults = t.slack.calls.filter((c) => !c.ok || c.delayedMs !== undefined);
      // Slack recovers; the jobs keep ticking for a few hours.
      t.slack.chaos(null);
      for (let at = end.getTime(); at < end.getTime() + 3 * HOUR; at += TICK) {
        clock.set(new Date(at));
        await tick(ctx, new Date(at));
      }

      const why = `seed ${seed}`;
      // The faults really happened, of every kind.
      expect(faults.filter((c) => c.error === 'ratelimited').length, why).toBeGreaterThan(3);
      expect(faults.filter((c) => c.error === 'http_500').length, why).toBeGreaterThan(3);
      expect(faults.filter((c) => c.delayedMs !== undefined).length, why).toBeGreaterThan(0);

      const outcome = expectExactlyOnce(t.db, t.slack);
      expect(outcome.sent, why).toBeGreaterThan(30);
      // A reminder Slack kept refusing until its meeting started is dropped, never posted late
      // (expectExactlyOnce checked it never reached Slack); a bug notice never expires.
      const expired = t.db.prepare<[], { k: string }>(`SELECT dedupe_key AS k FROM delivery_outbox WHERE status = 'failed'`).all().map((r) => r.k);
      expect(expired.filter((k) => !k.startsWith('ritual:')), why).toEqual([]);

      // Every ritual step due in the week was run once, and its message was sent (or dropped as above).
      const steps = expectedRitualSteps(org, t.db, START, end);
      expect(steps.length).toBeGreaterThanOrEqual(6);
      const sentKeys = new Set(
        t.db.prepare<[], { k: string }>(`SELECT dedupe_key AS k FROM delivery_outbox WHERE status = 'sent'`).all().map((r) => r.k),
      );
      expect(steps.filter((s) => !sentKeys.has(`ritual:${s.claimKey}`) && !expired.includes(`ritual:${s.claimKey}`)).map((s) => s.claimKey), why).toEqual([]);
      expect(expired.length, `${why}: most reminders must get through`).toBeLessThanOrEqual(steps.length / 4);
      // Agenda steps are claimed too (their DMs and updates have their own keys); count the ones this oracle follows.
      const runs = t.db
        .prepare<[], { n: number }>(`SELECT COUNT(*) AS n FROM ritual_step_runs WHERE status = 'done' AND action IN (${[...POSTED_ACTIONS].map((a) => `'${a}'`).join(', ')})`)
        .get()?.n;
      expect(runs).toBe(steps.length);

      // Every escalation level due by the end was decided once; the resolved bug got nothing after its resolution.
      const claimed = t.db.prepare<[string], { level: number }>('SELECT level FROM bug_notices WHERE bug_key = ? ORDER BY level');
      const resolvedAt = new Date(START.getTime() + 2 * DAY + 10 * HOUR);
      for (const [i, bug] of bugs.entries()) {
        const levels = claimed.all(bug.key).map((r) => r.level);
        expect(levels, `${bug.key} (${why})`).toEqual(expectedLevels(org, bug, i === 0 ? resolvedAt : end));
      }
    },
    180_000,
  );
});

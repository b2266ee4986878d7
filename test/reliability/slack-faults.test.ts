import { afterEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import type { Fault, RecordedCall } from '../../src/sandbox/slack/web-api.js';
import { exampleOrgConfig } from '../helpers/org.js';
import { blockActionPayload, stateValue, viewSubmissionPayload } from '../helpers/signer.js';
import { pitchValues } from './fixtures.js';
import { DAY, HOUR, MINUTE, POSTED_ACTIONS, expectExactlyOnce, expectedLevels, expectedRitualSteps, registerBugs, tick, trackListeners } from './simulation.js';
import { movableClock, seeded } from './support.js';

/*
 * Slack faults (issue 8, item 5): a simulated week of rituals and bug
 * escalations, step by step on an injected clock, while the Slack
 * stand-in answers a share of all calls with 429 (Retry-After short enough to
 * wait out, or too long for the run), HTTP 500 or a slow answer. When Slack
 * recovers, every message has been delivered exactly once: the outbox and
 * the calls Slack recorded agree row for row. The digests job runs too, and a
 * Product Alignment Meeting week is played through the receiver by the
 * people in it: pitches, sign-ups, a withdrawal, approvals, a decline, the
 * lock, outcomes.
 *
 * While a person acts, Slack answers the listener's direct calls (the
 * confirmation, a redraw, the card) with the same faults except the long
 * Retry-Afters: the Web API client waits a Retry-After out before failing
 * (decision 0005), which would hold the request for minutes. Those calls are
 * answers to a click, not messages the bot owes; what the listener enqueues
 * (a promotion, an outcome) is owed and checked like everything else.
 */

const apps: TestApp[] = [];
const listeners = trackListeners();
afterEach(async () => {
  for (const a of apps.splice(0)) await a.stop();
  listeners.restore();
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
const ANSWER_FAULTS: Fault[] = FAULTS.filter((f) => !('retryAfterSeconds' in f) || (f.retryAfterSeconds ?? 0) <= 1);

const VP = 'U0000VPPRD1';
const PRESENTERS = ['U0000PRES01', 'U0000PRES02', 'U0000PRES03', 'U0000PRES04', 'U0000PRES05', 'U0000PRES06'] as const;
const PAM = 'pam|2026-12-03T14:00';
const at = (iso: string) => new Date(iso).getTime();

describe('Slack faults during a simulated week', () => {
  it(
    '429s, 500s and slow answers: every ritual message and bug notice is delivered exactly once in the end',
    async () => {
      const { seed, rng } = seeded('slack-faults');
      // The simulation times levels at deadline + offset, any hour: working hours
      // (decision 0034) are pinned by test/bugs/notice-time.test.ts.
      const example = exampleOrgConfig();
      const org = { ...example, bugs: { ...example.bugs, noticeHours: false as const } };
      const clock = movableClock(START);
      const t = await startTestApp({ org, clock });
      apps.push(t);
      const ctx = t.cadence.ctx;
      t.slack.chaos({ method: '*', share: 0.3, faults: FAULTS, random: () => rng.next() });

      const bugs = await registerBugs(t, clock, org, rng.fork('bugs'), 12, 'FLT');

      // People acting: their listeners' direct calls are answers (see above), collected for the oracle.
      const answers = new Set<RecordedCall>();
      const chaos = (faults: Fault[]) => t.slack.chaos({ method: '*', share: 0.3, faults, random: () => rng.next() });
      const person = async (act: () => Promise<void>) => {
        const from = t.slack.calls.length;
        chaos(ANSWER_FAULTS);
        await act();
        await listeners.idle();
        for (const c of t.slack.calls.slice(from)) answers.add(c);
        chaos(FAULTS);
      };
      const submit = async (user: string, callbackId: string, privateMetadata: unknown, values: Parameters<typeof viewSubmissionPayload>[0]['values']) => {
        const res = await t.interact(viewSubmissionPayload({ user, callbackId, privateMetadata: JSON.stringify(privateMetadata), values }));
        expect(res.status).toBe(200);
        expect(res.text, `${callbackId} by ${user}`).toBe('');
      };
      const click = async (user: string, actionId: string, value: string) => {
        const res = await t.interact(blockActionPayload({ user, actionId, value, channel: 'C0000PAMEET', responseUrl: t.slack.responseUrl() }));
        expect(res.status).toBe(200);
      };
      const oppOf = (presenter: string) => t.db.prepare('SELECT id FROM opportunities WHERE owner_id = ?').pluck().get(presenter) as number;
      const itemOf = (presenter: string) => String(t.db.prepare('SELECT id FROM agenda_items WHERE presenter_id = ?').pluck().get(presenter));
      const [p1, p2, p3, p4, p5, p6] = PRESENTERS;
      const pamWeek = new Map<number, () => Promise<void>>([
        // Monday 09:30 Paris, sign-ups open since 09:00: six people pitch, then sign up; the sixth waits.
        [
          at('2026-11-30T08:30:00Z'),
          async () => {
            for (const [i, p] of PRESENTERS.entries()) {
              await submit(p, 'opp_pitch_modal', { channel: 'C0GENERAL' }, pitchValues({ title: stateValue.plainText(`Fault-week opportunity ${i + 1}`) }));
            }
            for (const p of PRESENTERS) {
              const values = { opportunity: { value: stateValue.staticSelect(String(oppOf(p))) }, ask: { value: stateValue.radio('decision') }, duration: { value: stateValue.staticSelect('20') } };
              await submit(p, 'agenda_signup_modal', { ref: PAM, channel: 'C0000PAMEET' }, values);
            }
          },
        ],
        // Monday 11:00: the second withdraws; the sixth gets the slot and a DM.
        [at('2026-11-30T10:00:00Z'), () => click(p2, 'agenda_withdraw', itemOf(p2))],
        // Tuesday 10:00, after the validation request: four approved, one declined with a reason.
        [
          at('2026-12-01T09:00:00Z'),
          async () => {
            for (const p of [p1, p3, p4, p6]) await click(VP, 'agenda_approve', itemOf(p));
            await submit(VP, 'agenda_decline_modal', { item: Number(itemOf(p5)) }, { reason: { value: stateValue.plainText('Not enough evidence yet.') } });
          },
        ],
        // Thursday 16:30, after the meeting: go, no-go, rework (with feedback), go.
        [
          at('2026-12-03T15:30:00Z'),
          async () => {
            await click(VP, 'agenda_outcome_go', itemOf(p1));
            await click(VP, 'agenda_outcome_no_go', itemOf(p3));
            await submit(VP, 'agenda_rework_modal', { item: Number(itemOf(p4)) }, { feedback: { value: stateValue.plainText('Size the reach with support data.') } });
            await click(VP, 'agenda_outcome_go', itemOf(p6));
          },
        ],
      ]);

      const end = new Date(START.getTime() + 7 * DAY);
      for (let at = START.getTime(); at < end.getTime(); at += TICK) {
        clock.set(new Date(at));
        await tick(ctx, new Date(at));
        // Midweek, an owner resolves a bug by hand: what was still waiting for it is cancelled, never sent.
        if (at === START.getTime() + 2 * DAY + 10 * HOUR) {
          const bug = bugs[0];
          if (!bug) throw new Error('no bugs');
          await person(async () => {
            const res = await t.command({ command: '/bug', text: `resolve ${bug.key}`, user_id: bug.owner, channel_id: 'C0000QACHAN' });
            expect(res.status).toBe(200);
          });
        }
        const acting = pamWeek.get(at);
        if (acting) await person(acting);
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

      const outcome = expectExactlyOnce(t.db, t.slack, answers);
      expect(outcome.sent, why).toBeGreaterThan(30);
      // A reminder Slack kept refusing until its meeting started is dropped, never posted late
      // (expectExactlyOnce checked it never reached Slack); so is a digest past its grace or a
      // validation request past the lock. A bug notice, a DM about a sign-up, an outcome never expire.
      const expired = t.db.prepare<[], { k: string }>(`SELECT dedupe_key AS k FROM delivery_outbox WHERE status = 'failed'`).all().map((r) => r.k);
      expect(expired.filter((k) => !k.startsWith('ritual:') && !k.startsWith('digest:') && !/^agenda:.*:validation:/.test(k)), why).toEqual([]);

      // Every ritual step due in the week was run once, and its message was sent (or dropped as above).
      const steps = expectedRitualSteps(org, t.db, START, end);
      expect(steps.length).toBeGreaterThanOrEqual(6);
      const sentKeys = new Set(
        t.db.prepare<[], { k: string }>(`SELECT dedupe_key AS k FROM delivery_outbox WHERE status = 'sent'`).all().map((r) => r.k),
      );
      expect(steps.filter((s) => !sentKeys.has(`ritual:${s.claimKey}`) && !expired.includes(`ritual:${s.claimKey}`)).map((s) => s.claimKey), why).toEqual([]);
      expect(expired.filter((k) => k.startsWith('ritual:')).length, `${why}: most reminders must get through`).toBeLessThan(steps.length / 2);
      // Agenda steps are claimed too (their DMs and updates have their own keys); count the ones this oracle follows.
      const runs = t.db
        .prepare<[], { n: number }>(`SELECT COUNT(*) AS n FROM ritual_step_runs WHERE status = 'done' AND action IN (${[...POSTED_ACTIONS].map((a) => `'${a}'`).join(', ')})`)
        .get()?.n;
      expect(runs).toBe(steps.length);

      // Digests: the one due at the start (last Monday, beyond its 24 h grace) skipped; this Monday's posted once per scope.
      const status = (key: string) => t.db.prepare('SELECT status FROM delivery_outbox WHERE dedupe_key = ?').pluck().get(key);
      expect(t.db.prepare('SELECT scope, period_key AS period FROM digest_runs ORDER BY scope').all()).toEqual(
        ['org', 'tribe:discovery', 'tribe:payments'].map((scope) => ({ scope, period: '2026-11-30T09:00' })),
      );
      for (const scope of ['org', 'tribe:discovery', 'tribe:payments']) expect(status(`digest:${scope}:2026-11-30T09:00`), `${scope} digest (${why})`).toBe('sent');

      // The PAM week: every sign-up, decision, lock and outcome happened once, whatever Slack answered meanwhile.
      const items = t.db.prepare('SELECT presenter_id AS p, status, approval, outcome, end_reason AS reason FROM agenda_items ORDER BY id').all();
      expect(items, why).toEqual([
        { p: p1, status: 'slotted', approval: 'approved', outcome: 'go', reason: null },
        { p: p2, status: 'withdrawn', approval: null, outcome: null, reason: 'withdrawn' },
        { p: p3, status: 'slotted', approval: 'approved', outcome: 'no_go', reason: null },
        { p: p4, status: 'slotted', approval: 'approved', outcome: 'rework', reason: null },
        { p: p5, status: 'dropped', approval: 'declined', outcome: null, reason: 'declined' },
        { p: p6, status: 'slotted', approval: 'approved', outcome: 'go', reason: null },
      ]);
      expect(t.db.prepare('SELECT ritual_key || \'|\' || occurrence_key FROM agenda_locks').pluck().all()).toEqual([PAM]);
      expect(PRESENTERS.map((p) => t.db.prepare('SELECT status FROM opportunities WHERE owner_id = ?').pluck().get(p))).toEqual(['go', 'pitched', 'no_go', 'rework', 'pitched', 'go']);
      const onAgenda = t.db.prepare("SELECT o.owner_id FROM opportunity_history h JOIN opportunities o ON o.id = h.opportunity_id WHERE h.to_status = 'on_agenda' ORDER BY o.id").pluck().all();
      expect(onAgenda, 'each approved opportunity moved to the agenda once').toEqual([p1, p3, p4, p6]);
      // Each move of an opportunity with a card was told once in the card's thread (lock and outcomes alike).
      const cards = t.db.prepare('SELECT id, card_ts AS ts FROM opportunities WHERE card_ts IS NOT NULL').all() as { id: number; ts: string }[];
      expect(cards.length, `${why}: some cards were posted`).toBeGreaterThan(0);
      const moves = t.db.prepare('SELECT COUNT(*) FROM opportunity_history WHERE opportunity_id = ? AND from_status IS NOT NULL').pluck();
      const notes = (ts: string) => t.slack.callsTo('chat.postMessage').filter((c) => c.args.thread_ts === ts).length;
      expect(cards.map((c) => [c.id, notes(c.ts)]), why).toEqual(cards.map((c) => [c.id, moves.get(c.id)]));
      // What the bot owed the people of the week reached them (expectExactlyOnce: once).
      const owed = [`agenda:item:${itemOf(p6)}:promoted`, `agenda:item:${itemOf(p5)}:dropped`, `agenda:${PAM}:outcomes:${VP}`, ...[p1, p3, p4, p6].map((p) => `agenda:item:${itemOf(p)}:outcome`)];
      expect(owed.map((k) => [k, status(k)]), why).toEqual(owed.map((k) => [k, 'sent']));

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

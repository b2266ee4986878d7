import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { settleRitualSteps, type StepEffects } from '../../src/features.js';
import { startTestApp, type TestApp } from '../helpers/app.js';

/*
 * Step effects run inside the claim transaction (src/rituals/jobs.ts): what
 * they write commits with the claim and the outbox rows, or not at all.
 * Monday 23 November 2026 09:00 Paris: the PAM and decision-session sign-ups open.
 */

let t: TestApp;
beforeEach(async () => {
  t = await startTestApp();
});
afterEach(async () => {
  await t.stop();
});

const NOW = new Date('2026-11-23T08:00:00Z');
const claims = () => t.db.prepare("SELECT ritual_key || ':' || step_key AS k FROM ritual_step_runs WHERE occurrence_key LIKE '2026-11-26%' ORDER BY k").pluck().all();
const skips = () => t.db.prepare('SELECT COUNT(*) FROM ritual_skips').pluck().get();

describe('settleRitualSteps: effects inside the claim transaction', () => {
  it('an effect that throws rolls back its claim and its writes; the other steps still run; the next run retries it', () => {
    let calls = 0;
    const failing: StepEffects = (ctx, s) => {
      calls++;
      // A write the effect makes before failing: it must not survive.
      ctx.db.prepare("INSERT INTO ritual_skips (ritual_key, local_date, skipped_by, skipped_at) VALUES ('x', '2030-01-01', 'test', 'now')").run();
      if (s.ritual.key === 'pam') throw new Error('boom');
      return [];
    };
    const report = settleRitualSteps(t.cadence.ctx, NOW, failing);
    expect(report).toMatchObject({ done: 1, failed: 1 });
    expect(claims()).toEqual(['decision:open-signups']);
    // The decision step's write committed with its claim; the failed PAM step's write was rolled back with its claim.
    expect(skips()).toBe(1);
    const again = settleRitualSteps(t.cadence.ctx, NOW, () => []);
    expect(again).toMatchObject({ done: 1, failed: 0 });
    expect(claims()).toEqual(['decision:open-signups', 'pam:open-signups']);
    expect(calls).toBe(2);
  });

  it('a step no handler knows leaves nothing behind and runs later when one does', () => {
    const report = settleRitualSteps(t.cadence.ctx, NOW, () => undefined);
    expect(report).toMatchObject({ done: 0, unsupported: 2 });
    expect(claims()).toEqual([]);
    expect(settleRitualSteps(t.cadence.ctx, NOW).done).toBe(2);
    expect(settleRitualSteps(t.cadence.ctx, NOW).done).toBe(0);
    expect(t.db.prepare("SELECT detail FROM ritual_step_runs WHERE ritual_key = 'pam' AND occurrence_key = '2026-11-26T14:00'").pluck().get()).toBe('1 message(s)');
  });
});

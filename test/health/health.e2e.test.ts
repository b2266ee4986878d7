import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { claimDigests } from '../../src/digests/service.js';
import { healthExport } from '../../src/health/export.js';
import { ritualsJob } from '../../src/features.js';
import { runJob } from '../../src/scheduler/runner.js';
import { startFakeSlack } from '../../src/sandbox/slack/web-api.js';
import { deliverPending } from '../../src/delivery/outbox.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { blockActionPayload, viewSubmissionPayload } from '../helpers/signer.js';
import { tempDir } from '../helpers/tmp.js';
import { answers, CHECKOUT, DEVS, healthOrg } from './fixtures.js';

const apps: TestApp[] = [];
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await a.stop();
  for (const c of cleanups.splice(0)) await c();
});

const run = (t: TestApp, iso: string) => runJob(t.cadence.ctx, ritualsJob, new Date(iso), 'manual');
const dmsTo = (t: TestApp, user: string) => t.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === `D${user}`);
const count = (t: TestApp, sql: string) => (t.db.prepare(sql).get() as { n: number }).n;

async function submit(t: TestApp, user: string, surveyId: number, values = answers('green', 'same')) {
  const res = await t.interact(viewSubmissionPayload({ user, callbackId: 'health_survey', privateMetadata: String(surveyId), values }));
  return { status: res.status, body: res.text ? (res.json() as { response_action?: string; errors?: Record<string, string>; view?: { blocks: { text?: { text: string } }[] } }) : {} };
}
const thanksText = (b: { view?: { blocks: { text?: { text: string } }[] } }) => b.view?.blocks[0]?.text?.text;

describe('team health check, end to end', () => {
  it('asks each member once, keeps answers anonymous, reminds once, posts the grid at close and forgets who answered', async () => {
    const t = await startTestApp({ org: healthOrg() });
    apps.push(t);

    // Monday 7 December 2026, 10:00 Paris: the survey opens.
    await run(t, '2026-12-07T09:00:00Z');
    await run(t, '2026-12-07T09:01:00Z');
    for (const member of CHECKOUT) {
      const dms = dmsTo(t, member);
      expect(dms, member).toHaveLength(1);
      expect(dms[0]?.warning).toBeUndefined();
      expect(dms[0]?.args.text).toContain('how is *Checkout* doing? 7 quick questions');
    }
    // Billing has only its lead: fewer than 3 members, never surveyed.
    expect(t.db.prepare('SELECT unit_key AS unit, invited FROM health_surveys').all()).toEqual([{ unit: 'checkout', invited: 4 }]);
    const surveyId = (t.db.prepare('SELECT id FROM health_surveys').get() as { id: number }).id;

    // The button opens the form: 7 dimensions, colour + trend + comment each.
    await t.interact(blockActionPayload({ user: DEVS[0] ?? '', actionId: 'health_answer', value: String(surveyId), channel: 'D0000DEV001' }));
    const opened = await t.slack.waitForCalls('views.open', 1);
    const view = opened[0]?.args.view as { callback_id: string; blocks: { type: string; block_id?: string }[] };
    expect(opened[0]?.warning).toBeUndefined();
    expect(view.callback_id).toBe('health_survey');
    expect(view.blocks.filter((b) => b.type === 'input').map((b) => b.block_id?.slice(0, 2))).toEqual(Array(7).fill(['c:', 't:', 'm:']).flat());

    // Bad input: nothing written.
    const incomplete = answers('green', 'same');
    delete incomplete['c:fun'];
    incomplete['t:speed'] = { v: { type: 'radio_buttons', selected_option: { value: 'sideways', text: { type: 'plain_text', text: 'x' } } } };
    const bad = await submit(t, DEVS[0] ?? '', surveyId, incomplete);
    expect(bad.body).toEqual({ response_action: 'errors', errors: { 'c:fun': 'Pick a colour.', 't:speed': 'Choose better, same or worse.' } });
    const outsider = await submit(t, 'U0000PMDIS1', surveyId);
    expect(thanksText(outsider.body)).toBe('This health check is for the members of Checkout.');
    expect(count(t, 'SELECT COUNT(*) AS n FROM health_answers') + count(t, 'SELECT COUNT(*) AS n FROM health_respondents')).toBe(0);

    // Three answers; a second answer from the same person is refused and writes nothing.
    expect(thanksText((await submit(t, DEVS[0] ?? '', surveyId, answers('green', 'better', { fun: 'Great <!channel> week' }))).body)).toBe('Thank you! Your answers are in, anonymously.');
    expect(thanksText((await submit(t, DEVS[1] ?? '', surveyId, answers('amber', 'same'))).body)).toContain('Thank you');
    expect(thanksText((await submit(t, 'U0000PMPAY2', surveyId, answers('red', 'worse'))).body)).toContain('Thank you');
    expect(thanksText((await submit(t, DEVS[0] ?? '', surveyId, answers('red', 'worse'))).body)).toBe('You have already answered this health check. Thank you!');
    expect(count(t, 'SELECT COUNT(*) AS n FROM health_answers')).toBe(21);
    // While open, only "has answered" is known; answers carry no person.
    expect(t.db.prepare('SELECT user_id FROM health_respondents ORDER BY user_id').all()).toEqual([{ user_id: DEVS[0] }, { user_id: DEVS[1] }, { user_id: 'U0000PMPAY2' }].sort((a, b) => (a.user_id ?? '').localeCompare(b.user_id ?? '')));
    const columns = (t.db.prepare("SELECT name FROM pragma_table_info('health_answers')").all() as { name: string }[]).map((c) => c.name);
    expect(columns).toEqual(['survey_id', 'response', 'dimension', 'color', 'trend', 'comment']);

    // Two remind steps: the one who has not answered gets one reminder, ever.
    await run(t, '2026-12-09T09:00:00Z');
    await run(t, '2026-12-10T09:00:00Z');
    expect(dmsTo(t, DEVS[2] ?? '')).toHaveLength(2); // the ask and one reminder
    expect(dmsTo(t, DEVS[2] ?? '')[1]?.args.text).toContain('gentle reminder');
    for (const answered of [DEVS[0] ?? '', DEVS[1] ?? '', 'U0000PMPAY2']) expect(dmsTo(t, answered)).toHaveLength(1);

    // Friday 17:00: the results go to the team's channel, and who answered is forgotten.
    await run(t, '2026-12-11T16:00:00Z');
    await run(t, '2026-12-11T16:05:00Z');
    const results = t.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === 'C0000CHKOUT');
    expect(results).toHaveLength(1);
    expect(results[0]?.warning).toBeUndefined();
    expect(results[0]?.args.text).toBe('🩺 *Health check of Checkout*, answers: 3/4');
    const grid = (results[0]?.args.blocks as { text?: { text: string }; elements?: { text: string }[] }[]);
    expect(grid[1]?.text?.text.split('\n')[0]).toBe('*Delivering value*   🟢 1 · 🟡 1 · 🔴 1   first check   (↗ 1 · → 1 · ↘ 1)');
    expect(grid[2]?.elements?.[0]?.text).toBe('Comments, unattributed:\n• Great &lt;!channel&gt; week');
    expect(count(t, 'SELECT COUNT(*) AS n FROM health_respondents')).toBe(0);
    expect(t.db.prepare('SELECT answers, shown, closed_at IS NOT NULL AS closed FROM health_surveys').get()).toEqual({ answers: 3, shown: 1, closed: 1 });
    // Late answers are refused.
    expect(thanksText((await submit(t, DEVS[2] ?? '', surveyId)).body)).toBe('This health check is closed.');

    // The organisation digest of Monday 14 December has one line for the team.
    claimDigests(t.cadence.ctx, new Date('2026-12-14T08:00:00Z'));
    await deliverPending(t.cadence.ctx, new Date('2026-12-14T08:00:00Z'));
    const digest = t.slack.callsTo('chat.postMessage').find((c) => c.args.channel === 'C0000DIGEST');
    const blocks = JSON.stringify(digest?.args.blocks);
    expect(blocks).toContain('*Team health*\\n• Checkout: 🟢 34 % · 🟡 33 % · 🔴 33 % (3 answers)');
    expect(digest?.warning).toBeUndefined();
    // The Payments tribe digest has it too; Discovery, with nothing to say that week, gets no digest at all (decision 0029).
    expect(JSON.stringify(t.slack.callsTo('chat.postMessage').find((c) => c.args.channel === 'C0000PAYMNT')?.args.blocks)).toContain('Team health');
    expect(t.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === 'C0000DISCOV' && JSON.stringify(c.args.blocks).includes('Weekly digest'))).toEqual([]);

    // January: two answers only, below the minimum of 3: hidden; the export has the history.
    await run(t, '2027-01-04T09:00:00Z');
    const january = (t.db.prepare('SELECT id FROM health_surveys ORDER BY id DESC').get() as { id: number }).id;
    await submit(t, DEVS[0] ?? '', january, answers('green', 'better'));
    await submit(t, DEVS[1] ?? '', january, answers('green', 'better'));
    await run(t, '2027-01-08T16:00:00Z');
    const second = t.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === 'C0000CHKOUT')[1];
    expect(second?.args.text).toBe('🩺 *Health check of Checkout*, answers: 2/4. Fewer than 3: the results stay hidden to keep answers anonymous.');
    const rows = [...healthExport.rows(t.cadence.ctx)];
    expect(rows).toHaveLength(14);
    expect(rows[0]).toMatchObject({ unit: 'checkout', dimension: 'value', answers: 3, shown: true, green: 1, amber: 1, red: 1, better: 1, same: 1, worse: 1 });
    expect(rows[7]).toMatchObject({ unit: 'checkout', dimension: 'value', answers: 2, shown: false, green: null, red: null });
  });

  it('a restart between open and close sends nothing twice', async () => {
    const tmp = tempDir();
    cleanups.push(tmp.cleanup);
    const slack = await startFakeSlack();
    cleanups.push(() => slack.close());
    const dbPath = join(tmp.dir, 'cadence.db');
    const first = await startTestApp({ slack, dbPath, org: healthOrg() });
    await run(first, '2026-12-07T09:00:00Z');
    await first.stop();
    const second = await startTestApp({ slack, dbPath, org: healthOrg() });
    apps.push(second);
    await run(second, '2026-12-07T09:00:30Z');
    await run(second, '2026-12-11T16:00:00Z');
    await run(second, '2026-12-11T16:00:00Z');
    expect(slack.callsTo('chat.postMessage').filter((c) => String(c.args.channel).startsWith('DU'))).toHaveLength(4);
    expect(slack.callsTo('chat.postMessage').filter((c) => c.args.channel === 'C0000CHKOUT')).toHaveLength(1);
  });
});

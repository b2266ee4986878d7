import { afterEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../src/clock.js';
import { ritualsJob } from '../../src/features.js';
import { runJob } from '../../src/scheduler/runner.js';
import { validateBlocks } from '../../src/sandbox/slack/block-kit.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { buildOrgConfig, exampleOrgConfig } from '../helpers/org.js';
import { blockActionPayload, stateValue, viewSubmissionPayload } from '../helpers/signer.js';

/* Issue 14 item 15: topics proposed for the Product Weekly are shown — in its reminders, and to its organiser the day before, once. */

let t: TestApp | undefined;
afterEach(async () => {
  await t?.stop();
  t = undefined;
});

function movableClock(start: string): Clock & { set(iso: string): void } {
  let now = new Date(start);
  return { now: () => new Date(now.getTime()), set: (iso) => void (now = new Date(iso)) };
}
const run = (t: TestApp, iso: string) => runJob(t.cadence.ctx, ritualsJob, new Date(iso), 'manual');
const REF = 'weekly|2026-12-04T16:00';
const WEEKLY = 'C0000PRODUC';
const weeklyPosts = (t: TestApp) => t.slack.callsTo('chat.postMessage').filter((c) => c.args['channel'] === WEEKLY && String(c.args['text']).includes('Product Weekly'));
const dmsTo = (t: TestApp, user: string) => t.slack.callsTo('chat.postMessage').filter((c) => c.args['channel'] === `D${user}`);
const textOf = (blocks: unknown) => (blocks as { text?: { text: string } }[]).map((b) => b.text?.text ?? '').join('\n');

async function propose(t: TestApp, user: string, topic: string, speaker: string | null, messageTs: string) {
  await t.interact(blockActionPayload({ user, actionId: 'ritual_propose_topic', value: REF, channel: WEEKLY, messageTs }));
  const opened = t.slack.callsTo('views.open');
  const view = (await t.slack.waitForCalls('views.open', opened.length || 1)).at(-1)?.args['view'] as { private_metadata: string };
  const res = await t.interact(
    viewSubmissionPayload({ user, callbackId: 'ritual_topic_modal', privateMetadata: view.private_metadata, values: { topic: { value: stateValue.plainText(topic) }, speaker: { value: stateValue.usersSelect(speaker) } } }),
  );
  expect(res.status).toBe(200);
}

async function weeklyWithTopics(org = exampleOrgConfig(), organiserLang?: { user: string; lang: 'fr' }) {
  const clock = movableClock('2026-11-30T08:00:00Z');
  t = await startTestApp({ clock, org });
  if (organiserLang) t.db.prepare("INSERT INTO user_settings (user_id, language, updated_at) VALUES (?, ?, '2026-11-01T00:00:00Z')").run(organiserLang.user, organiserLang.lang);
  await run(t, '2026-11-30T08:00:00Z'); // the call for topics, Monday 09:00 Paris
  const ts = String(weeklyPosts(t)[0]?.response?.['ts']);
  await propose(t, 'U0000PMDIS1', 'Search relaunch <demo> @channel', 'U0000PMPAY2', ts);
  await t.slack.waitForCalls('views.open', 1);
  await propose(t, 'U0000PMPAY1', 'Checkout metrics', null, ts);
  expect(t.db.prepare('SELECT COUNT(*) FROM ritual_topics').pluck().get()).toBe(2);
  return t;
}

describe('Product Weekly topics', () => {
  it('the day-before reminder lists the topics with speakers; the organiser (approvers by default) gets them by DM once; the -15m reminder lists them too', async () => {
    const t = await weeklyWithTopics();
    await run(t, '2026-12-03T15:00:00Z'); // -1d@16:00 Paris
    const reminder = weeklyPosts(t).at(-1);
    const body = textOf(reminder?.args['blocks']);
    console.log(`EN reminder:\n${body}`);
    expect(validateBlocks(reminder?.args['blocks'], 'message')).toEqual([]);
    expect(body).toContain(
      '*Proposed topics (2)*\n• Search relaunch &lt;demo&gt; @channel — speaker <@U0000PMPAY2>, proposed by <@U0000PMDIS1>\n• Checkout metrics — proposed by <@U0000PMPAY1>',
    );
    const [dm, ...more] = dmsTo(t, 'U0000VPPRD1');
    expect(more).toEqual([]);
    console.log(`EN organiser DM:\n${String(dm?.args['text'])}\n${textOf(dm?.args['blocks'])}`);
    expect(dm?.args['text']).toMatch(/^🗂 Topics proposed for \*Product Weekly\* \(<!date\^\d+\^\{date_long\} at \{time\}\|Friday 4 December 2026 at 16:00 \(Paris time\)>\): 2\. You organise this meeting\.$/);
    expect(textOf(dm?.args['blocks'])).toContain('• Checkout metrics — proposed by <@U0000PMPAY1>');
    // Exactly once: a re-run, and the -15m reminder the next day, send no second DM.
    await run(t, '2026-12-03T15:00:00Z');
    await run(t, '2026-12-04T14:45:00Z');
    expect(dmsTo(t, 'U0000VPPRD1')).toHaveLength(1);
    expect(textOf(weeklyPosts(t).at(-1)?.args['blocks'])).toContain('*Proposed topics (2)*');
    expect(t.db.prepare("SELECT COUNT(*) FROM delivery_outbox WHERE dedupe_key LIKE 'ritual:weekly|%:topics:%'").pluck().get()).toBe(1);
  });

  it('a configured organiser gets the DM instead, in their language (French)', async () => {
    const raw = exampleOrgConfig();
    const rituals = (await import('yaml')).default.parse((await import('node:fs')).readFileSync('cadence.example.yml', 'utf8')).rituals as Record<string, unknown>[];
    expect(raw.rituals.some((r) => r.key === 'weekly')).toBe(true);
    const org = buildOrgConfig({ rituals: rituals.map((r) => (r['key'] === 'weekly' ? { ...r, organiser: 'U0000ORGANI' } : r)) });
    const t = await weeklyWithTopics(org, { user: 'U0000ORGANI', lang: 'fr' });
    await run(t, '2026-12-03T15:00:00Z');
    expect(dmsTo(t, 'U0000VPPRD1')).toEqual([]);
    const [dm] = dmsTo(t, 'U0000ORGANI');
    console.log(`FR organiser DM:\n${String(dm?.args['text'])}\n${textOf(dm?.args['blocks'])}`);
    expect(dm?.args['text']).toMatch(/^🗂 Sujets proposés pour \*Product Weekly\* \(<!date\^\d+\^\{date_long\} à \{time\}\|vendredi 4 décembre 2026 à 16\u202fh \(heure de Paris\)>\)\u202f: 2\. Vous organisez cette réunion\.$/);
    expect(textOf(dm?.args['blocks'])).toContain('• Search relaunch &lt;demo&gt; @channel — avec <@U0000PMPAY2>, proposé par <@U0000PMDIS1>');
  });

  it('a configured organiser must be a user ID: the config names the key and what is expected', () => {
    const rituals = [{ key: 'weekly', name: 'Product Weekly', kind: 'weekly', channel: WEEKLY, organiser: '@lea', durationMinutes: 60, recurrence: { rrule: 'FREQ=WEEKLY;BYDAY=FR', dtstart: '2026-01-02', time: '16:00' } }];
    expect(() => buildOrgConfig({ rituals })).toThrow(/rituals\[0\]\.organiser: must be a Slack user ID such as U0123ABCD/s);
  });

  it('with no topic, the organiser is told none was proposed and the reminder has no topics section', async () => {
    const clock = movableClock('2026-11-30T08:00:00Z');
    t = await startTestApp({ clock });
    await run(t, '2026-11-30T08:00:00Z');
    await run(t, '2026-12-03T15:00:00Z');
    expect(textOf(weeklyPosts(t).at(-1)?.args['blocks'])).not.toContain('Proposed topics');
    expect(dmsTo(t, 'U0000VPPRD1').map((c) => c.args['text'])).toEqual([expect.stringMatching(/^🗂 No topic was proposed for \*Product Weekly\* /)]);
  });
});

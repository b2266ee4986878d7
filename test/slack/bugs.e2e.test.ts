import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bugCard, noticeMessage } from '../../src/bugs/blocks.js';
import { ladderOf } from '../../src/bugs/ladder.js';
import type { Bug } from '../../src/bugs/store.js';
import { parseRegisterText } from '../../src/bugs/parse.js';
import { translator } from '../../src/i18n/index.js';
import { validateBlocks } from '../../src/sandbox/slack/block-kit.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { exampleOrgConfig } from '../helpers/org.js';
import { stateValue, viewSubmissionPayload } from '../helpers/signer.js';

// Issue 11 items 2, 4, 5, 7 and 8 (labelled link in a title), as Slack would see them.

const QA = 'U0000QA0001';
const DEV = 'U0000DEV001';
let t: TestApp;
const now = new Date('2026-11-16T09:00:00Z');

beforeEach(async () => {
  t = await startTestApp({ clock: { now: () => new Date(now.getTime()) } });
});
afterEach(async () => {
  await t.stop();
});

const refused = () => t.slack.calls.filter((c) => !c.ok);

describe('/bug command text is decoded exactly once (item 4)', () => {
  it('stores and links the tracker URL without &amp;, and the title without entities', async () => {
    const res = await t.command({
      command: '/bug',
      text: 'PAY-7 R&amp;D sees &lt;blank&gt; invoices <https://tracker.example/browse?id=7&amp;view=full> <@U0000DEV001|dev>',
      user_id: QA,
      channel_id: 'C0000QACHAN',
    });
    expect(res.status).toBe(200);
    expect(t.db.prepare('SELECT title, url FROM bugs').get()).toEqual({
      title: 'R&D sees <blank> invoices',
      url: 'https://tracker.example/browse?id=7&view=full',
    });
    // The owner's DM carries the Open in tracker button with the real URL; nothing is refused.
    await t.slack.waitForCalls('chat.postMessage', 1);
    expect(refused()).toEqual([]);
    const json = JSON.stringify(t.slack.calls.map((c) => c.args));
    expect(json).toContain('"url":"https://tracker.example/browse?id=7&view=full"');
    expect(json).not.toContain('&amp;amp;');
  });

  it('a labelled link in a title reads as its label, never as raw markup (item 8)', () => {
    expect(parseRegisterText('PAY-8 Crash in <https://app.example/checkout?a=1&amp;b=2|the checkout page> today')).toEqual({
      key: 'PAY-8',
      url: 'https://app.example/checkout?a=1&b=2',
      title: 'Crash in the checkout page today',
    });
    expect(parseRegisterText('PAY-9 Broken <https://t.example/PAY-9> see <https://docs.example/x|the docs>')).toEqual({
      key: 'PAY-9',
      url: 'https://t.example/PAY-9',
      title: 'Broken see the docs',
    });
  });

  it('/agenda R&D echoes "r&amp;d" once, not "r&amp;amp;d"', async () => {
    const res = await t.command({ command: '/agenda', text: 'R&amp;D', user_id: QA, channel_id: 'C0000QACHAN' });
    const text = (res.json() as { text: string }).text;
    expect(text).toContain('r&amp;d');
    expect(text).not.toContain('&amp;amp;');
  });
});

describe('text over 3,000 characters after escaping (item 5)', () => {
  it('keeps the bug card and every notice under Slack’s limits with a title full of & < > and a long URL', () => {
    const org = exampleOrgConfig();
    const tr = translator('en');
    const title = '&<>'.repeat(166) + 'xx';
    const url = `https://tracker.example/${'a'.repeat(990)}?x=1&y=2`;
    const bug: Bug = {
      key: 'PAY-10', title, url, severity: 'high', team: null, owner: DEV, ownerEmail: null, reportedBy: QA, source: 'command',
      qualifiedAt: now, clockStartedAt: now, clockId: 1, deadline: new Date(now.getTime() + 7 * 86_400_000),
      resolvedAt: null, resolvedBy: null, updatedAt: now, createdAt: now, nextNoticeAt: null,
    };
    const card = bugCard(tr, bug, org, now);
    expect(validateBlocks(card.blocks, 'message')).toEqual([]);
    const levels = ladderOf(org);
    expect(levels.length).toBeGreaterThan(0);
    for (const level of levels) expect(validateBlocks(noticeMessage(tr, bug, level, org).blocks, 'message')).toEqual([]);
  });
});

describe('the /bug form’s confirmation where the bot cannot answer (item 2) and DMs by D… id (item 7)', () => {
  const values = {
    bug_key: { value: stateValue.plainText('BIL-9') },
    bug_title: { value: stateValue.plainText('Invoice PDF is blank') },
    bug_severity: { value: stateValue.staticSelect('critical') },
    bug_team: { value: stateValue.staticSelect('billing') },
    bug_owner: { value: stateValue.usersSelect(DEV) },
    bug_qualified: { value: stateValue.datepicker(null) },
    bug_url: { value: stateValue.plainText(null) },
  };

  for (const [where, declare] of [
    ['a DM between two people', { id: 'D0PEOPLE01', kind: 'im' as const, members: [QA, DEV] }],
    ['a private channel the bot is not in', { id: 'G0SECRET01', kind: 'private' as const, botMember: false }],
  ] as const) {
    it(`opened in ${where}: the confirmation comes as a DM, and the owner is told at once`, async () => {
      t.slack.conversations.add(declare);
      const ok = await t.interact(
        viewSubmissionPayload({ user: QA, callbackId: 'bug_register', values, privateMetadata: JSON.stringify({ channel: declare.id }) }),
      );
      expect(ok.status).toBe(200);
      const posts = await t.slack.waitForCalls('chat.postMessage', 2);
      const opened = t.slack.callsTo('conversations.open').map((c) => c.args['users']);
      expect(opened.sort()).toEqual([DEV, QA].sort());
      // Every DM goes to the D… id conversations.open answered, never to a user id.
      expect(posts.map((p) => p.args['channel']).sort()).toEqual([`D${DEV}`, `D${QA}`].sort());
      expect(posts.some((p) => String(p.args['text']).includes('BIL-9'))).toBe(true);
      // The one refused call is the ephemeral Slack refuses there.
      expect(refused().map((c) => `${c.method} ${c.error ?? ''}`)).toEqual(['chat.postEphemeral channel_not_found']);
    });
  }

  it('opens each person’s DM once (cached)', async () => {
    const submit = (key: string) =>
      t.interact(viewSubmissionPayload({ user: QA, callbackId: 'bug_register', values: { ...values, bug_key: { value: stateValue.plainText(key) } }, privateMetadata: JSON.stringify({ channel: QA }) }));
    await submit('BIL-1');
    await t.slack.waitForCalls('chat.postMessage', 2);
    await submit('BIL-2');
    await t.slack.waitForCalls('chat.postMessage', 4);
    expect(t.slack.callsTo('conversations.open')).toHaveLength(2);
  });
});

import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { seedOf } from '../../bench/data/prng.js';
import { CadenceLogger } from '../../src/logger.js';
import { signWebhook } from '../../src/bugs/webhook.js';
import type { RecordedCall } from '../../src/sandbox/slack/web-api.js';
import { escapeMrkdwn, inertText, plainOf } from '../../src/slack/text.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { blockActionPayload, stateValue, viewSubmissionPayload } from '../helpers/signer.js';
import { pitchValues } from './fixtures.js';

/*
 * Injection (issue 19, items 2, 3, 8 and 13; decision 0024): hostile text
 * typed into every kind of user input — channel-wide and group mentions (live,
 * and typed literally, which Slack sends as entities), a user mention, a link
 * whose label shows another address, control characters and lone surrogates —
 * then every Web API call the bot made is read back: no live mention, no
 * disguised link, no control character and no lone surrogate anywhere in
 * what it sent (top-level `text` included), only plain_text objects and the
 * prefilled values of inputs may hold the characters as typed.
 */

const WEBHOOK_SECRET = 'whsec-injection-0123456789';
const PM = 'U0000PMPAY1';
const HOSTILE =
  'Hi <!channel> <!here> <!everyone> <!subteam^S0EVIL|@admins> <@UEVIL00001> &lt;!channel&gt; &lt;@UEVIL00002&gt; ' +
  'pay at <http://evil.example/steal|https://bank.example/login> or &lt;http://evil.example/x|https://bank.example&gt; \u0000\u0007 \ud800 end';

/** What must never come out of the bot, wherever the text is rendered as mrkdwn. */
const FORBIDDEN: [string, RegExp][] = [
  ['a channel-wide mention', /<!(?:channel|here|everyone)(?:\|[^>]*)?>/],
  ['a group mention', /<!subteam\^/],
  ['a user mention from user text', /<@UEVIL/],
  // A link whose label shows another address (a bug key as the label of its tracker link is fine).
  ['a disguised link', /<(?:https?|mailto):[^|>]*\|[^>]*bank\.example[^>]*>/],
  ['a control character', /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/],
  ['a lone surrogate', /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/],
];
/** Keys whose values are not rendered as mrkdwn: what an input shows prefilled, ids, opaque values. */
const NOT_RENDERED = new Set(['initial_value', 'value', 'private_metadata', 'action_id', 'block_id', 'callback_id', 'external_id', 'url', 'placeholder']);

function findings(call: RecordedCall): string[] {
  const out: string[] = [];
  const walk = (v: unknown, path: string) => {
    if (typeof v === 'string') {
      for (const [what, re] of FORBIDDEN) if (re.test(v)) out.push(`${call.method} ${path}: ${what} in ${JSON.stringify(v.slice(0, 300))}`);
    } else if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}[${i}]`));
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      // plain_text never pings nor links; still no control characters or lone surrogates there.
      const plainText = o.type === 'plain_text';
      for (const [k, x] of Object.entries(o)) {
        if (NOT_RENDERED.has(k)) continue;
        if (plainText && typeof x === 'string') {
          for (const [what, re] of FORBIDDEN.slice(4)) if (re.test(x)) out.push(`${call.method} ${path}.${k}: ${what}`);
          continue;
        }
        walk(x, `${path}.${k}`);
      }
    }
  };
  walk(call.args, '');
  return out;
}

let t: TestApp;
const errorLog = vi.spyOn(CadenceLogger.prototype, 'error');
afterEach(() => {
  // A listener that threw would have been logged by app.error.
  expect(errorLog.mock.calls.map((c) => c.map(String).join(' '))).toEqual([]);
  errorLog.mockClear();
});
beforeAll(async () => {
  t = await startTestApp({ secrets: { webhookSecret: WEBHOOK_SECRET } });
});
afterAll(async () => {
  await t.stop();
});

function expectInert(label: string, responses: { text: string }[] = []) {
  const bad = t.slack.calls.flatMap(findings);
  for (const r of responses) {
    const asCall = { method: 'ack', args: safeJson(r.text) } as unknown as RecordedCall;
    bad.push(...findings(asCall));
  }
  expect(bad, label).toEqual([]);
}

function safeJson(text: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(text);
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : { text };
  } catch {
    return { text };
  }
}

describe('injection: the shared helpers', () => {
  it('escapeMrkdwn: mentions inert, links show their real target, channels stay clickable', () => {
    expect(escapeMrkdwn('a <!channel> <!here|here> <!subteam^S1|@team> <@U1> <@U2|bob> <#C0123|general> & <b>')).toBe(
      'a &lt;!channel&gt; &lt;!here|here&gt; &lt;!subteam^S1|@team&gt; @U1 @bob <#C0123|general> &amp; &lt;b&gt;',
    );
    expect(escapeMrkdwn('<http://evil.example|https://bank.example/login>')).toBe('https://bank.example/login (<http://evil.example>)');
    expect(escapeMrkdwn('<https://www.acme.com/|acme.com> <mailto:a@b.c|a@b.c> <https://x.io>')).toBe('<https://www.acme.com/> <mailto:a@b.c> <https://x.io>');
    expect(escapeMrkdwn('<javascript:alert(1)|click>')).toBe('&lt;javascript:alert(1)|click&gt;');
  });

  it('inertText: readable, and nothing Slack would turn into a ping or a link', () => {
    expect(inertText('hi <@U1|bob> <!channel> see <http://evil|https://bank> & <#C0123|general>')).toBe('hi @bob &lt;!channel&gt; see https://bank (http://evil) &amp; #general');
    expect(plainOf('<https://x.io|docs> <https://y.io>')).toBe('docs (https://x.io) https://y.io');
  });
});

describe('injection: hostile text through every input, read back from every call', () => {
  it('/insight (answer, triage card, duplicate hint, search), the pitch form (card, answer, list, show), /bug and its webhook, the App Home', async () => {
    const acks: { text: string }[] = [];
    acks.push(await t.command({ command: '/insight', text: `${HOSTILE} #inject customer:"Evil <!here> Corp"`, user_id: PM, channel_id: 'C0000PAYMNT' }));
    await t.slack.waitForCalls('chat.postMessage', 1);
    acks.push(await t.command({ command: '/insight', text: `${HOSTILE} #inject`, user_id: PM, channel_id: 'C0000PAYMNT' }));
    // The look-alike's card waits for the duplicate hint's answer (issue 14 item 12): "No, it is new" posts it.
    await t.slack.waitForCalls('response_url', 1);
    const second = t.db.prepare('SELECT MAX(id) FROM insights').pluck().get() as number;
    await t.interact(blockActionPayload({ user: PM, actionId: 'insight_not_same', value: String(second), channel: 'C0000PAYMNT', responseUrl: t.slack.responseUrl() }));
    await t.slack.waitForCalls('chat.postMessage', 2);
    acks.push(await t.command({ command: '/insight', text: '? channel evil bank', user_id: PM, channel_id: 'C0000PAYMNT' }));
    acks.push(await t.command({ command: '/insight', text: 'list', user_id: PM, channel_id: 'C0000PAYMNT' }));

    const pitch = await t.interact(
      viewSubmissionPayload({
        user: PM,
        callbackId: 'opp_pitch_modal',
        values: pitchValues({
          title: stateValue.plainText(`<!channel> <http://evil.example|https://bank.example> \u0000 title`),
          problem: stateValue.plainText(HOSTILE),
          segment: stateValue.plainText(`<@UEVIL00003> segment`),
          metric: stateValue.plainText('<!here> metric'),
          initiatives: stateValue.plainText(`- <!everyone> first\n- <http://evil.example|https://bank.example> second`),
        }),
        privateMetadata: JSON.stringify({ channel: 'C0000PAYMNT' }),
      }),
    );
    expect(pitch.status).toBe(200);
    await t.slack.waitForCalls('chat.postMessage', 3);
    const oppId = (t.db.prepare('SELECT MAX(id) AS id FROM opportunities').get() as { id: number }).id;
    expect(oppId).toBeGreaterThan(0);
    acks.push(await t.command({ command: '/pitch', text: 'list', user_id: PM, channel_id: 'C0000PAYMNT' }));
    acks.push(await t.command({ command: '/pitch', text: `show ${oppId}`, user_id: PM, channel_id: 'C0000PAYMNT' }));
    acks.push(await t.command({ command: '/pitch', text: `move ${oppId} draft ${HOSTILE}`, user_id: PM, channel_id: 'C0000PAYMNT' }));

    // A live user mention in /bug names the owner (that is the design): the rest of the text is the title.
    acks.push(await t.command({ command: '/bug', text: `PAY-666 ${HOSTILE.replace('<@UEVIL00001>', '')}`, user_id: PM, channel_id: 'C0000PAYMNT' }));
    acks.push(await t.command({ command: '/bug', text: 'show PAY-666', user_id: PM, channel_id: 'C0000PAYMNT' }));
    acks.push(await t.command({ command: '/bug', text: 'list', user_id: PM, channel_id: 'C0000PAYMNT' }));
    const body = JSON.stringify({ key: 'PAY-667', title: HOSTILE, qualified_at: new Date(Date.now() - 3_600_000).toISOString() });
    const ts = Math.floor(Date.now() / 1000);
    const hook = await fetch(`${t.baseUrl}/webhooks/bugs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-cadence-timestamp': String(ts), 'x-cadence-signature': signWebhook(WEBHOOK_SECRET, ts, body) },
      body,
    });
    expect(hook.status).toBe(201);
    acks.push(await t.command({ command: '/bug', text: 'show PAY-667', user_id: PM, channel_id: 'C0000PAYMNT' }));

    await t.event({ type: 'app_home_opened', user: PM, channel: 'D0000HOME01', tab: 'home', event_ts: '1763884800.000100' });
    await t.slack.waitForCalls('views.publish', 1);
    await new Promise((r) => setTimeout(r, 300));
    expectInert('every call and every direct answer', acks);
  });
});

const runs = (label: string, numRuns: number) => ({ numRuns, seed: seedOf(`${process.env.RELIABILITY_SEED || 'cadence-reliability'}:injection:${label}`) });
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** Every text value of every table (full-text shadow tables aside): none may hold a control character. */
function storedControlCharacters(): string[] {
  const tables = (t.db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '%fts%' AND name NOT LIKE 'sqlite_%'`).all() as { name: string }[]).map((r) => r.name);
  const bad: string[] = [];
  for (const table of tables) {
    for (const row of t.db.prepare(`SELECT * FROM "${table}"`).all() as Record<string, unknown>[]) {
      for (const [col, v] of Object.entries(row)) if (typeof v === 'string' && CONTROL.test(v)) bad.push(`${table}.${col}: ${JSON.stringify(v.slice(0, 80))}`);
    }
  }
  return bad;
}

describe('injection: control characters and lone surrogates in every form and command', () => {
  const nasty = fc
    .array(fc.oneof(fc.constantFrom('\u0000', '\u0007', '\u001b', '\u007f', '\ud800', '\udfff', '\u000b', 'word', 'PAY-9', ' ', '\n', 'e\u0301'), fc.string({ maxLength: 6 })), {
      minLength: 1,
      maxLength: 10,
    })
    .map((parts) => parts.join(''));

  it('commands: every answer is clear, nothing stored holds a control character', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('/insight', '/pitch', '/bug', '/agenda', '/cadence'), fc.constantFrom('', 'log ', 'PAY-77 ', 'move 1 draft ', 'decision signup '), nasty, async (command, lead, text) => {
        const res = await t.command({ command, text: `${lead}${text}`, user_id: PM, channel_id: 'C0000PAYMNT' });
        expect(res.status).toBe(200);
      }),
      runs('commands', 60),
    );
    expect(storedControlCharacters()).toEqual([]);
  });

  it('a NUL at the start of every pitch field: the pitch is stored without it (it crashed the handler before the ack)', async () => {
    const before = (t.db.prepare('SELECT COUNT(*) AS n FROM opportunities').get() as { n: number }).n;
    const res = await t.interact(
      viewSubmissionPayload({
        user: PM,
        callbackId: 'opp_pitch_modal',
        values: pitchValues({
          title: stateValue.plainText('\u0000Faster refunds'),
          problem: stateValue.plainText('\u0000Refunds take a week'),
          segment: stateValue.plainText('\u0000Everyone'),
          metric: stateValue.plainText('\u0000Refund time'),
          today: stateValue.plainText('\u00007 days'),
          target: stateValue.plainText('\u00001 day'),
          initiatives: stateValue.plainText('\u0000- Instant refunds'),
        }),
        privateMetadata: JSON.stringify({ channel: 'C0000PAYMNT' }),
      }),
    );
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    expect(t.db.prepare('SELECT COUNT(*) AS n FROM opportunities').get()).toEqual({ n: before + 1 });
    expect(t.db.prepare('SELECT title, problem FROM opportunities ORDER BY id DESC LIMIT 1').get()).toEqual({ title: 'Faster refunds', problem: 'Refunds take a week' });
  });

  it('the insight, bug and pitch forms with hostile fields: answered, never a listener failure, nothing stored holds a control character', async () => {
    await fc.assert(
      fc.asyncProperty(nasty, nasty, async (a, b) => {
        const forms = [
          viewSubmissionPayload({ user: PM, callbackId: 'insight_modal', values: { text: { value: stateValue.plainText(a) }, customer: { value: stateValue.plainText(b) }, tags: { value: stateValue.plainText(b) } }, privateMetadata: '{}' }),
          viewSubmissionPayload({
            user: PM,
            callbackId: 'bug_register',
            values: { bug_key: { value: stateValue.plainText('PAY-5') }, bug_title: { value: stateValue.plainText(a) }, bug_url: { value: stateValue.plainText(b) } },
            privateMetadata: '{"channel":"C0000PAYMNT"}',
          }),
          viewSubmissionPayload({ user: PM, callbackId: 'opp_pitch_modal', values: pitchValues({ title: stateValue.plainText(a), problem: stateValue.plainText(b) }), privateMetadata: '{"channel":"C0000PAYMNT"}' }),
        ];
        for (const form of forms) expect((await t.interact(form)).status).toBe(200);
      }),
      runs('forms', 25),
    );
    expect(storedControlCharacters()).toEqual([]);
  });
});

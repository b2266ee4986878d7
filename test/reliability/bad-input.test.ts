import { readFileSync } from 'node:fs';
import { App } from '@slack/bolt';
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { seedOf } from '../../bench/data/prng.js';
import { signWebhook } from '../../src/bugs/webhook.js';
import { ConfigError } from '../../src/config/errors.js';
import { parseOrgConfig } from '../../src/config/org.js';
import { CadenceLogger } from '../../src/logger.js';
import { exampleConfigPath } from '../../src/paths.js';
import { fixedClock } from '../../src/clock.js';
import { SIGNING_SECRET, startTestApp, type TestApp } from '../helpers/app.js';
import { sendToSlackEndpoint, slackSignature, slashCommandBody, stateValue, viewSubmissionPayload, type StateValue, type StateValues } from '../helpers/signer.js';
import { multiExternal, seedOpportunity } from './fixtures.js';

/*
 * Bad input (issue 8, item 7): property-based tests (fast-check, decision
 * 0013) over what people and trackers send: command text (/insight, /bug,
 * /pitch, /agenda, /cadence digest), view submissions (insight, bug, pitch,
 * agenda sign-up with forged private_metadata), webhook bodies, config
 * files, and forged or stale signatures. For every
 * generated input: no crash (nothing reaches app.error, no unhandled
 * rejection: vitest fails the run on one), a clear answer, and the store
 * changes only when the answer says something was stored.
 * Runs are seeded (RELIABILITY_SEED changes the seed; fast-check prints the
 * counterexample and the seed on failure).
 */

const WEBHOOK_SECRET = 'whsec-reliability-0123456789';
const runs = (label: string, numRuns: number) => ({ numRuns, seed: seedOf(`${process.env.RELIABILITY_SEED || 'cadence-reliability'}:${label}`) });

let t: TestApp;
const errorLog = vi.spyOn(CadenceLogger.prototype, 'error');
beforeAll(async () => {
  t = await startTestApp({ secrets: { webhookSecret: WEBHOOK_SECRET } });
});
afterAll(async () => {
  await t.stop();
});
afterEach(() => {
  // A listener that threw would have been logged by app.error.
  expect(errorLog.mock.calls.map((c) => c.map(String).join(' '))).toEqual([]);
  errorLog.mockClear();
});

const count = (table: string) => (t.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;

/** Any text: whole Unicode (lone surrogates included), Slack's markup, command tokens, and very long. */
const text = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc
    .array(
      fc.oneof(
        fc.constantFrom('#', '#tag', 'customer:', 'customer:"Acme', 'source:', 'source:call', 'tribe:', 'tribe:payments', 'arr:', 'arr:1.5m', 'arr:-3', 'arr:1e400',
          'segment:', 'segment:smb', 'severity:', 'severity:critical', 'team:checkout', 'qualified:', 'qualified:2026-02-30', 'url:javascript:x',
          '«', '»', '“', '"', '<@U0000PMPAY1>', '<#C0000PAYMNT|payments>', '<https://x.example|x>', '&amp;', '&lt;', 'search', 'list', 'help', 'log', 'show',
          'resolve', 'assign', 'reopen', 'stats', 'PAY-1', '\n', '\t', ' ', '\u0000', '\u202e'),
        fc.string({ unit: 'binary', maxLength: 12 }),
      ),
      { maxLength: 14 },
    )
    .map((parts) => parts.join(' ')),
  fc.string({ unit: 'grapheme-ascii', minLength: 2990, maxLength: 3100 }),
);

describe('command text', () => {
  it('/insight: always an answer; an insight is stored exactly when the answer says it was logged', async () => {
    await fc.assert(
      fc.asyncProperty(text, async (value) => {
        const before = count('insights');
        const res = await t.command({ command: '/insight', text: value, user_id: 'U0000SALES1', channel_id: 'C0000SALES1' });
        expect(res.status).toBe(200);
        if (res.text === '') {
          // The form opened instead (no text): nothing stored yet.
          expect(count('insights')).toBe(before);
          return;
        }
        const body = res.json() as { text: string; response_type: string };
        expect(body.response_type).toBe('ephemeral');
        expect(body.text.trim().length).toBeGreaterThan(0);
        expect(count('insights') - before).toBe(/^Logged insight #\d+\./.test(body.text) ? 1 : 0);
      }),
      // Found by this property: a NUL first made SQLite's length() CHECK fail inside the listener.
      { ...runs('insight-command', 150), examples: [['\u0000'], ['\u0000Checkout is slow'], ['Checkout\r\nis slow\u0007']] },
    );
  });

  it('/bug: always an answer; a bug is stored exactly when the answer says it was registered', async () => {
    await fc.assert(
      fc.asyncProperty(text, async (value) => {
        const before = count('bugs');
        const res = await t.command({ command: '/bug', text: value, user_id: 'U0000QA0001', channel_id: 'C0000QACHAN' });
        expect(res.status).toBe(200);
        if (res.text === '') {
          expect(count('bugs')).toBe(before);
          return;
        }
        const body = res.json() as { text: string };
        expect(body.text.trim().length).toBeGreaterThan(0);
        expect(count('bugs') - before).toBe(body.text.startsWith('Registered') ? 1 : 0);
      }),
      runs('bug-command', 150),
    );
  });
});

const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null });
const field = fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), text);

describe('view submissions with random field values', () => {
  interface Answer {
    response_action?: string;
    errors?: Record<string, string>;
  }
  const expectClearErrors = (answer: Answer, blocks: readonly string[]) => {
    expect(answer.response_action).toBe('errors');
    const entries = Object.entries(answer.errors ?? {});
    expect(entries.length).toBeGreaterThan(0);
    for (const [block, message] of entries) {
      expect(blocks).toContain(block);
      expect(message.trim().length).toBeGreaterThan(0);
      // Slack shows at most 150 characters under a field.
      expect(message.length).toBeLessThanOrEqual(2000);
    }
  };

  it('the insight form: stored exactly when accepted, otherwise errors on its own fields', async () => {
    const values = fc.record({
      text: maybe(field),
      source: maybe(fc.oneof(fc.constantFrom('call', 'ticket', 'other'), field)),
      customer: maybe(field),
      arr: maybe(fc.oneof(fc.constantFrom('120000', '120k', '-1', '1e400', 'NaN', '0x10', '١٢٣'), field)),
      segment: maybe(fc.oneof(fc.constantFrom('smb', 'enterprise'), field)),
      tribe: maybe(fc.oneof(fc.constantFrom('payments', 'discovery'), field)),
      tags: maybe(field),
    });
    const metadata = fc.oneof(fc.constant('{}'), fc.constant('{"channel":"C0000PAYMNT"}'), fc.constant('{"id":"7"}'), fc.string({ maxLength: 30 }));
    await fc.assert(
      fc.asyncProperty(values, metadata, async (v, privateMetadata) => {
        const before = count('insights');
        const state: Record<string, Record<string, StateValue>> = {
          text: { value: stateValue.plainText(v.text) },
          source: { value: stateValue.staticSelect(v.source) },
          customer: { value: stateValue.plainText(v.customer) },
          arr: { value: stateValue.number(v.arr) },
          segment: { value: stateValue.staticSelect(v.segment) },
          tribe: { value: stateValue.staticSelect(v.tribe) },
          tags: { value: stateValue.plainText(v.tags) },
        };
        const res = await t.interact(viewSubmissionPayload({ user: 'U0000SALES1', callbackId: 'insight_modal', values: state, privateMetadata }));
        expect(res.status).toBe(200);
        if (res.text === '') {
          expect(count('insights')).toBe(before + 1);
          return;
        }
        expectClearErrors(res.json() as Answer, Object.keys(state));
        expect(count('insights')).toBe(before);
      }),
      runs('insight-view', 120),
    );
  });

  it('the bug form: stored exactly when accepted, otherwise errors on its own fields', async () => {
    const values = fc.record({
      key: maybe(fc.oneof(fc.constantFrom('PAY-1', 'web#12', 'a:b', ''), field)),
      title: maybe(field),
      severity: maybe(fc.oneof(fc.constantFrom('high', 'low'), field)),
      team: maybe(fc.oneof(fc.constantFrom('checkout', 'search'), field)),
      owner: maybe(fc.oneof(fc.constantFrom('U0000DEV001'), field)),
      qualified: maybe(fc.oneof(fc.constantFrom('2026-02-30', '1999-01-01', '2999-01-01', '2026-11-01'), field)),
      url: maybe(fc.oneof(fc.constantFrom('https://tracker.example/x', 'javascript:alert(1)', 'ftp://x'), field)),
    });
    const blocks = ['bug_key', 'bug_title', 'bug_severity', 'bug_team', 'bug_owner', 'bug_qualified', 'bug_url'];
    await fc.assert(
      fc.asyncProperty(values, async (v) => {
        const before = count('bugs');
        const state: Record<string, Record<string, StateValue>> = {
          bug_key: { value: stateValue.plainText(v.key) },
          bug_title: { value: stateValue.plainText(v.title) },
          bug_severity: { value: stateValue.staticSelect(v.severity) },
          bug_team: { value: stateValue.staticSelect(v.team) },
          bug_owner: { value: stateValue.usersSelect(v.owner) },
          bug_qualified: { value: stateValue.datepicker(v.qualified) },
          bug_url: { value: stateValue.plainText(v.url) },
        };
        const res = await t.interact(viewSubmissionPayload({ user: 'U0000QA0001', callbackId: 'bug_register', values: state, privateMetadata: '{"channel":"C0000QACHAN"}' }));
        expect(res.status).toBe(200);
        if (res.text === '') {
          expect(count('bugs')).toBe(before + 1);
          return;
        }
        expectClearErrors(res.json() as Answer, blocks);
        expect(count('bugs')).toBe(before);
      }),
      runs('bug-view', 120),
    );
  });
});

describe('tracker webhook bodies', () => {
  async function post(body: Uint8Array | string, opts: { timestamp?: number; signature?: string } = {}) {
    const raw = typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body);
    const timestamp = opts.timestamp ?? Math.floor(Date.now() / 1000);
    const res = await fetch(`${t.baseUrl}/webhooks/bugs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-cadence-timestamp': String(timestamp), 'x-cadence-signature': opts.signature ?? signWebhook(WEBHOOK_SECRET, timestamp, raw) },
      body: raw,
    });
    return { status: res.status, text: await res.text() };
  }
  const expectRefused = (res: { status: number; text: string }) => {
    const body = JSON.parse(res.text) as { errors?: { field: string; message: string }[] };
    expect(res.status).toBe(400);
    expect(body.errors?.length).toBeGreaterThan(0);
    for (const e of body.errors ?? []) {
      expect(typeof e.field).toBe('string');
      expect(e.message.trim().length).toBeGreaterThan(0);
    }
  };

  it('random JSON, field-shaped objects and random bytes: 201/200 when valid, else 400 with every problem, nothing written', async () => {
    const shaped = fc
      .record(
        {
          key: fc.oneof(fc.constantFrom('WH-1', 'WH-2', 'bad key', ''), fc.jsonValue()),
          title: fc.oneof(fc.constantFrom('A title'), fc.jsonValue(), fc.string({ unit: 'binary', maxLength: 600 })),
          qualified_at: fc.oneof(fc.constantFrom(new Date(Date.now() - 3_600_000).toISOString(), '2026-02-30T10:00:00Z', '2999-01-01T00:00:00Z', 'yesterday'), fc.jsonValue()),
          severity: fc.oneof(fc.constantFrom('high', 'HIGH', null), fc.jsonValue()),
          team: fc.oneof(fc.constantFrom('checkout', 'nope', null), fc.jsonValue()),
          owner: fc.oneof(fc.constantFrom('U0000DEV001', 'dev@example.com', 'unknown@example.com', 'bob'), fc.jsonValue()),
          url: fc.oneof(fc.constantFrom('https://tracker.example/WH-1', 'javascript:x'), fc.jsonValue()),
          resolved_at: fc.oneof(fc.constantFrom(new Date().toISOString(), 'soon'), fc.jsonValue()),
        },
        { requiredKeys: [] },
      )
      .map((o) => JSON.stringify(o));
    const body = fc.oneof(fc.json(), shaped, fc.uint8Array({ maxLength: 200 }), fc.string({ unit: 'binary', maxLength: 100 }));
    await fc.assert(
      fc.asyncProperty(body, async (b) => {
        const before = count('bugs');
        const events = count('bug_events');
        const res = await post(b);
        if (res.status === 201) {
          expect(count('bugs')).toBe(before + 1);
          return;
        }
        if (res.status === 200) {
          expect(count('bugs')).toBe(before);
          expect(JSON.parse(res.text)).toMatchObject({ ok: true });
          return;
        }
        expectRefused(res);
        expect(count('bugs')).toBe(before);
        expect(count('bug_events')).toBe(events);
      }),
      runs('webhook', 200),
    );
  });

  it('huge bodies: 413 before parsing, nothing written', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 64 * 1024 + 1, max: 2 * 1024 * 1024 }), fc.constantFrom('x', '{"key":"HUGE-1","title":"'), async (size, prefix) => {
        const before = count('bugs');
        const res = await post(prefix + 'a'.repeat(size - prefix.length));
        expect(res.status).toBe(413);
        expect(JSON.parse(res.text)).toMatchObject({ error: 'payload_too_large' });
        expect(count('bugs')).toBe(before);
      }),
      runs('webhook-huge', 8),
    );
  });
});

describe('config files: random mutations of the example YAML', () => {
  const example = readFileSync(exampleConfigPath(), 'utf8');
  const lines = example.split('\n');
  const mutation = fc.oneof(
    fc.nat({ max: lines.length - 1 }).map((i) => (ls: string[]) => ls.filter((_, j) => j !== i)),
    fc.nat({ max: lines.length - 1 }).map((i) => (ls: string[]) => [...ls.slice(0, i + 1), ls[i] ?? '', ...ls.slice(i + 1)]),
    fc.tuple(fc.nat({ max: lines.length - 1 }), fc.string({ unit: 'binary', maxLength: 20 })).map(([i, s]) => (ls: string[]) =>
      ls.map((l, j) => (j === i ? l.replace(/:\s.*$/, `: ${s}`) : l)),
    ),
    fc.tuple(fc.nat({ max: lines.length - 1 }), fc.constantFrom('  ', '\t', '- ', '{', '[', '&a ', '*a', '!!binary ', '<<: *x', '~')).map(([i, s]) => (ls: string[]) =>
      ls.map((l, j) => (j === i ? s + l : l)),
    ),
    fc.nat({ max: example.length }).map((n) => () => example.slice(0, n).split('\n')),
  );
  it('parses or fails with ConfigError lines naming the file; nothing else is thrown', () => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (ms) => {
        const mutated = ms.reduce((ls, m) => m(ls), lines).join('\n');
        try {
          parseOrgConfig(mutated, 'mutated.yml');
        } catch (err) {
          expect(err).toBeInstanceOf(ConfigError);
          if (!(err instanceof ConfigError)) return;
          expect(err.problems.length).toBeGreaterThan(0);
          for (const p of err.problems) expect(p).toMatch(/^mutated\.yml: \S/);
        }
      }),
      runs('config', 400),
    );
  });
});

describe('forged and stale signatures', () => {
  it('Slack requests: 401, no handler ran, nothing written', async () => {
    const spy = vi.spyOn(App.prototype, 'processEvent');
    const tamper = fc.oneof(
      fc.record({ kind: fc.constant('secret' as const), secret: fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s !== SIGNING_SECRET) }),
      // Older than 5 minutes. Bolt accepts timestamps from the future (only Slack can sign them, so
      // they cannot be replays); Cadence's own webhook refuses both directions (below).
      fc.record({ kind: fc.constant('stale' as const), skew: fc.integer({ min: -(10 ** 7), max: -301 }) }),
      fc.record({ kind: fc.constant('body' as const), extra: fc.string({ minLength: 1, maxLength: 10 }) }),
      fc.record({ kind: fc.constant('signature' as const), signature: fc.oneof(fc.string({ maxLength: 80 }), fc.stringMatching(/^v0=[0-9a-f]{64}$/)) }),
    );
    try {
      await fc.assert(
        fc.asyncProperty(tamper, text, async (how, value) => {
          const before = count('insights');
          const body = slashCommandBody({ command: '/insight', text: `Forged ${value}`, user_id: 'U0000FORGER', channel_id: 'C0000PAYMNT' });
          const now = Math.floor(Date.now() / 1000);
          const signed = (secret: string, ts: number, raw: string) => ({ signingSecret: SIGNING_SECRET, timestampSeconds: ts, signature: slackSignature(secret, ts, raw) });
          const res =
            how.kind === 'secret'
              ? await sendToSlackEndpoint(t.eventsUrl, body, 'application/x-www-form-urlencoded', signed(how.secret, now, body))
              : how.kind === 'stale'
                ? await sendToSlackEndpoint(t.eventsUrl, body, 'application/x-www-form-urlencoded', signed(SIGNING_SECRET, now + how.skew, body))
                : how.kind === 'body'
                  ? await sendToSlackEndpoint(t.eventsUrl, `${body}${encodeURIComponent(how.extra)}`, 'application/x-www-form-urlencoded', signed(SIGNING_SECRET, now, body))
                  : await sendToSlackEndpoint(t.eventsUrl, body, 'application/x-www-form-urlencoded', { signingSecret: SIGNING_SECRET, signature: how.signature });
          expect(res.status).toBe(401);
          expect(spy).not.toHaveBeenCalled();
          expect(count('insights')).toBe(before);
        }),
        runs('slack-signatures', 100),
      );
    } finally {
      spy.mockRestore();
    }
  }, 120_000);

  it('tracker webhook: 401 for a wrong, malformed or stale signature, nothing written', async () => {
    const valid = JSON.stringify({ key: 'SIG-1', title: 'Signed wrongly', qualified_at: new Date(Date.now() - 3_600_000).toISOString() });
    const tamper = fc.oneof(
      fc.string({ maxLength: 80 }).map((signature) => ({ signature, skew: 0 })),
      fc.stringMatching(/^v1=[0-9a-f]{64}$/).map((signature) => ({ signature, skew: 0 })),
      fc.oneof(fc.integer({ min: 301, max: 10 ** 7 }), fc.integer({ min: -(10 ** 7), max: -301 })).map((skew) => ({ signature: undefined, skew })),
    );
    await fc.assert(
      fc.asyncProperty(tamper, async ({ signature, skew }) => {
        const before = count('bugs');
        const timestamp = Math.floor(Date.now() / 1000) + skew;
        const res = await fetch(`${t.baseUrl}/webhooks/bugs`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-cadence-timestamp': String(timestamp), 'x-cadence-signature': signature ?? signWebhook(WEBHOOK_SECRET, timestamp, valid) },
          body: valid,
        });
        expect(res.status).toBe(401);
        expect(count('bugs')).toBe(before);
      }),
      runs('webhook-signatures', 100),
    );
  });
});

/*
 * Opportunities, the agenda and digests, on an app whose clock is Monday 23
 * November 2026, 11:00 in Paris: sign-ups for Thursday's PAM and decision
 * session are open, so a valid sign-up can be accepted.
 */
describe('opportunities, agenda and digests', () => {
  const NOW = new Date('2026-11-23T10:00:00Z');
  const PM = 'U0000PMPAY2';
  let a: TestApp;
  let mine: number[] = [];
  beforeAll(async () => {
    a = await startTestApp({ clock: fixedClock(NOW) });
    // Targets for show / edit / move / sign-up: the PM's own, someone else's, a draft.
    mine = [seedOpportunity(a.db, PM, 'pitched', NOW), seedOpportunity(a.db, PM, 'rework', NOW), seedOpportunity(a.db, PM, 'draft', NOW)];
    seedOpportunity(a.db, 'U0000PMDIS1', 'pitched', NOW);
    seedOpportunity(a.db, 'U0000PMDIS1', 'draft', NOW);
  });
  afterAll(async () => {
    await a.stop();
  });
  const countIn = (table: string) => (a.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
  const TABLES = ['opportunities', 'opportunity_history', 'opportunity_evidence', 'opportunity_initiatives', 'agenda_items', 'agenda_locks', 'digest_runs', 'delivery_outbox'] as const;
  const footprint = () => {
    const counts = {} as Record<(typeof TABLES)[number], number>;
    for (const table of TABLES) counts[table] = countIn(table);
    return counts;
  };
  const ids = fc.oneof(fc.constantFrom('1', '2', '3', '4', '5', '#1', '#5', '0', '-1', '99999', '1e3', '1.5', '0x1', '999999999999999999999'), fc.string({ maxLength: 6 }));
  const words = fc.oneof(
    fc.constantFrom('list', 'show', 'edit', 'move', 'health', 'help', 'mine', 'status:draft', 'status:all', 'status:nope', 'tribe:payments', 'tribe:"Pay', 'commitment:conversion',
      'commitment:', 'go', 'no_go', 'no-go', 'on agenda', 'rework', 'draft', 'pitched', 'shipped', 'in_roadmap', 'signup', 'withdraw', 'pam', 'decision', 'PAM', '“', '”'),
    ids,
    text,
  );
  const commandText = fc.oneof(text, fc.array(words, { maxLength: 8 }).map((ws) => ws.join(' ')));

  /** An answer in the ack, or (empty ack) a form that opened: resolves with the text, '' for a form. */
  async function command(name: string, value: string, user: string): Promise<string> {
    const opened = a.slack.callsTo('views.open').length;
    const res = await a.command({ command: name, text: value, user_id: user, channel_id: 'C0GENERAL' });
    expect(res.status).toBe(200);
    if (res.text === '') {
      await a.slack.waitForCalls('views.open', opened + 1);
      return '';
    }
    const body = res.json() as { text: string; response_type: string };
    expect(body.response_type).toBe('ephemeral');
    expect(body.text.trim().length).toBeGreaterThan(0);
    return body.text;
  }

  it('/pitch: always an answer or its form; only a move the answer reports changes anything', async () => {
    await fc.assert(
      fc.asyncProperty(commandText, fc.constantFrom(PM, 'U0000VPPRD1', 'U0000OUTSDR'), async (value, user) => {
        const before = footprint();
        const told = await command('/pitch', value, user);
        const moved = /^Opportunity #\d+ moved from \*[^*]+\* to \*[^*]+\*\.$/.test(told);
        expect(footprint()).toEqual({ ...before, opportunity_history: before.opportunity_history + (moved ? 1 : 0) });
      }),
      runs('pitch-command', 150),
    );
  });

  it('/agenda: always an answer or the sign-up form; nothing written', async () => {
    await fc.assert(
      fc.asyncProperty(commandText, async (value) => {
        const before = footprint();
        // Someone with no sign-up: `withdraw` has nothing to take back.
        await command('/agenda', value, 'U0000OUTSDR');
        expect(footprint()).toEqual(before);
      }),
      runs('agenda-command', 150),
    );
  });

  it('/cadence digest: always an answer (the digest or what to type), nothing written', async () => {
    await fc.assert(
      fc.asyncProperty(commandText, async (value) => {
        const before = footprint();
        const answered = a.slack.callsTo('response_url').length;
        const res = await a.command({ command: '/cadence', text: `digest ${value}`, user_id: 'U0000PMPAY1', channel_id: 'C0GENERAL' });
        expect(res.status).toBe(200);
        if (res.text === '') {
          // The digest itself comes through the response URL, only for the asker.
          const [answer] = (await a.slack.waitForCalls('response_url', answered + 1)).slice(answered);
          expect(answer?.args.response_type).toBe('ephemeral');
          expect(String(answer?.args.text).trim().length).toBeGreaterThan(0);
        } else {
          expect(String((res.json() as { text: string }).text)).toMatch(/^(Usage: `\/cadence digest`|There is no tribe `)/);
        }
        expect(footprint()).toEqual(before);
      }),
      runs('digest-command', 60),
    );
  });

  const PITCH_BLOCKS = ['title', 'problem', 'segment', 'evidence', 'metric', 'today', 'target', 'value', 'kind', 'commitment', 'tribe', 'initiatives', 'reach', 'impact', 'confidence', 'effort', 'origin', 'draft'];
  const expectErrorsOn = (res: { json(): unknown }, blocks: readonly string[]) => {
    const answer = res.json() as { response_action?: string; errors?: Record<string, string> };
    expect(answer.response_action).toBe('errors');
    const entries = Object.entries(answer.errors ?? {});
    expect(entries.length).toBeGreaterThan(0);
    for (const [block, message] of entries) {
      expect(blocks).toContain(block);
      expect(message.trim().length).toBeGreaterThan(0);
      expect(message.length).toBeLessThanOrEqual(2000);
    }
  };

  it('the pitch form (new or edit, forged metadata): stored exactly when accepted, otherwise errors on its own fields', async () => {
    const v = <T>(valid: fc.Arbitrary<T>) => maybe(fc.oneof(valid, field));
    const values = fc.record({
      title: v(fc.constantFrom('Checkout abandonment on mobile', 'x'.repeat(151), '  ')),
      problem: v(fc.constantFrom('Mobile shoppers give up at the payment step.')),
      segment: v(fc.constantFrom('Mid-market accounts')),
      metric: v(fc.constantFrom('Conversion')),
      today: v(fc.constantFrom('2 %', '')),
      target: v(fc.constantFrom('3 %')),
      value: v(fc.constantFrom('120k', '1.5m', '-1', '1e400', '0', 'NaN', '120 000')),
      kind: v(fc.constantFrom('painkiller', 'vitamin')),
      commitment: v(fc.constantFrom('conversion', 'retention', 'leads')),
      tribe: v(fc.constantFrom('payments', 'discovery')),
      initiatives: v(fc.constantFrom('- One-page checkout', '- a\n- b\n- c', '')),
      reach: v(fc.constantFrom('1200', '0', '-5', '1e12', '12.5')),
      impact: v(fc.constantFrom('0.25', '0.5', '1', '2', '3', '4')),
      confidence: v(fc.constantFrom('50', '80', '100', '120')),
      effort: v(fc.constantFrom('1.5', '0', '-1', '0.25', '1000')),
      origin: v(fc.constantFrom('bottom_up', 'top_down')),
      evidence: fc.array(fc.oneof(fc.constantFrom('1', '2', '99999', '0', '-1'), fc.string({ maxLength: 8 })), { maxLength: 4 }),
      draft: fc.boolean(),
    });
    const valid = {
      title: 'Checkout abandonment on mobile',
      problem: 'Mobile shoppers give up at the payment step.',
      segment: 'Mid-market accounts',
      metric: 'Conversion',
      today: '2 %',
      target: '3 %',
      value: '120k',
      kind: 'painkiller',
      commitment: 'conversion',
      tribe: 'payments',
      initiatives: '- One-page checkout',
      reach: '1200',
      impact: '2',
      confidence: '80',
      effort: '1.5',
      origin: 'bottom_up',
      evidence: [],
      draft: false,
    };
    const metadata = fc.oneof(
      fc.constantFrom('{}', '{"channel":"C0GENERAL"}', '{"id":1}', '{"id":4}', '{"id":5}', '{"id":99999}', '{"id":"1"}', '{"id":-1}', '{"id":1,"before":[1,2,3]}', '{"before":"x"}', 'null', '[]', ''),
      fc.string({ maxLength: 30 }),
      fc.json({ maxDepth: 2 }),
    );
    await fc.assert(
      fc.asyncProperty(values, metadata, async (input, privateMetadata) => {
        const before = footprint();
        const state: StateValues = {};
        for (const [block, value] of Object.entries(input)) {
          if (block === 'evidence' || block === 'draft') continue;
          const select = ['kind', 'commitment', 'tribe', 'impact', 'confidence', 'origin'].includes(block);
          state[block] = { value: select ? stateValue.staticSelect(typeof value === 'string' ? value : null) : stateValue.plainText(typeof value === 'string' ? value : null) };
        }
        state['evidence'] = { opp_evidence_search: multiExternal(input.evidence) };
        if (input.draft) state['draft'] = { value: stateValue.checkboxes(['draft']) };
        const res = await a.interact(viewSubmissionPayload({ user: PM, callbackId: 'opp_pitch_modal', values: state, privateMetadata }));
        expect(res.status).toBe(200);
        if (res.text !== '') {
          expectErrorsOn(res, PITCH_BLOCKS);
          expect(footprint()).toEqual(before);
          return;
        }
        // Accepted: an edit of one of the PM's own (the metadata named it) or a new opportunity.
        const edited = /^\{"id":(\d+)/.exec(privateMetadata)?.[1];
        expect(countIn('opportunities')).toBe(before.opportunities + (edited ? 0 : 1));
        if (edited) expect(mine).toContain(Number(edited));
      }),
      {
        ...runs('pitch-view', 150),
        // Valid ones: a new pitch, a draft, an edit of the PM's own; then an edit of someone else's and of their draft.
        examples: [
          [valid, '{"channel":"C0GENERAL"}'],
          [{ ...valid, draft: true }, '{}'],
          [valid, '{"id":1,"before":[]}'],
          [valid, '{"id":4}'],
          [valid, '{"id":5}'],
        ],
      },
    );
    expect(countIn('opportunities'), 'the property saw accepted pitches').toBeGreaterThan(5);
  });

  it('the agenda sign-up form (forged private_metadata, random fields): stored exactly when accepted, otherwise errors on its own fields', async () => {
    const refs = fc.oneof(
      fc.constantFrom('pam|2026-11-26T14:00', 'decision|2026-11-26T09:00', 'pam|2026-11-19T14:00', 'pam|2026-12-03T14:00', 'pam|2026-11-26T15:00', 'weekly|2026-11-27T16:00', 'nope|2026-11-26T14:00', 'pam|', '|', 'pam|2026-02-30T14:00'),
      fc.string({ maxLength: 40 }),
    );
    const metadata = fc.oneof(
      fc.record({ ref: refs, channel: fc.oneof(fc.constantFrom('C0000PAMEET', 'D0000DM0001', 'U0000PMPAY2', ''), fc.string({ maxLength: 12 })) }, { requiredKeys: ['ref'] }).map((m) => JSON.stringify(m)),
      fc.record({ ref: refs, extra: fc.jsonValue() }).map((m) => JSON.stringify(m)),
      fc.json({ maxDepth: 2 }),
      fc.string({ maxLength: 40 }),
    );
    const values = fc.record({
      opportunity: maybe(fc.oneof(fc.constantFrom('1', '2', '3', '4', '5', '99999', '0', '1e3'), field)),
      topic: maybe(fc.oneof(fc.constantFrom('Pricing page test', ' ', 'x'.repeat(201)), field)),
      ask: maybe(fc.oneof(fc.constantFrom('feedback', 'decision'), field)),
      duration: maybe(fc.oneof(fc.constantFrom('10', '20', '30', '15', '0', '-10', '600'), field)),
      blocks: fc.subarray(['opportunity', 'topic', 'ask', 'duration']),
    });
    await fc.assert(
      fc.asyncProperty(values, metadata, async (v, privateMetadata) => {
        const before = footprint();
        const state: StateValues = {};
        for (const block of v.blocks) {
          const value = v[block as 'opportunity' | 'topic' | 'ask' | 'duration'];
          state[block] = { value: block === 'topic' ? stateValue.plainText(value) : block === 'ask' ? stateValue.radio(value) : stateValue.staticSelect(value) };
        }
        const res = await a.interact(viewSubmissionPayload({ user: PM, callbackId: 'agenda_signup_modal', values: state, privateMetadata }));
        expect(res.status).toBe(200);
        if (res.text === '') {
          expect(countIn('agenda_items')).toBe(before.agenda_items + 1);
          return;
        }
        expectErrorsOn(res, ['opportunity', 'topic', 'ask', 'duration']);
        expect(footprint()).toEqual(before);
      }),
      {
        ...runs('signup-view', 150),
        // Valid ones (a rare draw among random fields), so the property also sees acceptance: the PM's
        // pitched and reworked opportunities on the PAM, a topic on the decision session, one a second time.
        examples: [
          [{ opportunity: '1', topic: null, ask: 'decision', duration: '20', blocks: ['opportunity', 'ask', 'duration'] }, '{"ref":"pam|2026-11-26T14:00","channel":"C0000PAMEET"}'],
          [{ opportunity: '2', topic: null, ask: 'feedback', duration: '10', blocks: ['opportunity', 'ask', 'duration'] }, '{"ref":"pam|2026-11-26T14:00"}'],
          [{ opportunity: '1', topic: null, ask: 'decision', duration: '20', blocks: ['opportunity', 'ask', 'duration'] }, '{"ref":"pam|2026-11-26T14:00"}'],
          [{ opportunity: '3', topic: null, ask: 'decision', duration: '20', blocks: ['opportunity', 'ask', 'duration'] }, '{"ref":"pam|2026-11-26T14:00"}'],
          [{ opportunity: '4', topic: null, ask: 'decision', duration: '20', blocks: ['opportunity', 'ask', 'duration'] }, '{"ref":"pam|2026-11-26T14:00"}'],
          [{ opportunity: null, topic: 'Pricing page test', ask: 'decision', duration: '30', blocks: ['topic', 'ask', 'duration'] }, '{"ref":"decision|2026-11-26T09:00"}'],
        ],
      },
    );
    // The property could accept: valid sign-ups were among the cases.
    expect(countIn('agenda_items')).toBeGreaterThan(0);
  });
});

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { signWebhook } from '../../src/bugs/webhook.js';
import { runCli } from '../../src/cli/run.js';
import type { Clock } from '../../src/clock.js';
import { parseCsv } from '../../src/export/csv.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { startFakeSlack, type RecordedCall } from '../../src/sandbox/slack/web-api.js';
import { buildOrgConfig, orgConfigText } from '../helpers/org.js';
import { blockActionPayload, viewSubmissionPayload, stateValue } from '../helpers/signer.js';
import { tempDir } from '../helpers/tmp.js';

const SECRET = 'whsec-test-0123456789abcdef';
const T0 = new Date('2026-11-16T09:00:00Z'); // Monday 10:00 in Paris
const H = 3_600_000;
const D = 24 * H;
const QA = 'U0000QA0001';
const DEV = 'U0000DEV001';
const LEAD = 'U0000PMPAY2'; // lead of the checkout team in the example config
const ADMIN = 'U0000ADMIN1';
/** Unix seconds, as in Slack's <!date^…> tokens. */
const u = (iso: string) => Math.floor(Date.parse(iso) / 1000);

interface Harness {
  t: TestApp;
  clock: Clock & { set(at: Date): void };
  config: string;
  dir: string;
}

const running: Harness[] = [];
afterEach(async () => {
  for (const h of running.splice(0)) await h.t.stop();
});

async function start(opts: { overrides?: Record<string, unknown>; secret?: string | null; at?: Date } = {}): Promise<Harness> {
  let now = opts.at ?? T0;
  const clock = { now: () => new Date(now.getTime()), set: (at: Date) => void (now = at) };
  const org = buildOrgConfig(opts.overrides);
  const t = await startTestApp({ org, clock, secrets: opts.secret === null ? {} : { webhookSecret: opts.secret ?? SECRET } });
  const tmp = tempDir();
  const config = join(tmp.dir, 'cadence.yml');
  writeFileSync(config, orgConfigText(opts.overrides));
  const h = { t, clock, config, dir: tmp.dir };
  running.push({ ...h, t: { ...t, stop: async () => (await t.stop(), tmp.cleanup()) } });
  return h;
}

/** `cadence jobs run bug-escalation --at <iso>` in-process, against the app's database and Slack stand-in. */
async function jobAt(h: Harness, at: Date | string): Promise<string> {
  let out = '';
  let err = '';
  const code = await runCli(['jobs', 'run', 'bug-escalation', '--at', typeof at === 'string' ? at : at.toISOString()], {
    stdout: (c) => void (out += c),
    stderr: (c) => void (err += c),
    env: { CADENCE_DB: h.t.dbPath, CADENCE_CONFIG: h.config, SLACK_BOT_TOKEN: 'xoxb-test-token', SLACK_API_URL: h.t.slack.apiUrl, LOG_LEVEL: 'error' },
    cwd: h.dir,
  });
  if (code !== 0) throw new Error(`bug-escalation failed (${code}): ${err}`);
  return out;
}

async function cli(h: Harness, argv: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await runCli(argv, { stdout: (c) => void (out += c), stderr: (c) => void (out += c), env: { CADENCE_DB: h.t.dbPath, CADENCE_CONFIG: h.config }, cwd: h.dir });
  return { code, out };
}

async function bug(h: Harness, text: string, user = QA): Promise<{ text: string; blocks?: unknown[] }> {
  const res = await h.t.command({ command: '/bug', text, user_id: user, channel_id: 'C0000QACHAN' });
  expect(res.status).toBe(200);
  return res.json() as { text: string; blocks?: unknown[] };
}

async function webhook(h: Harness, body: unknown, opts: { raw?: string; timestamp?: number; signature?: string } = {}) {
  const raw = opts.raw ?? JSON.stringify(body);
  const timestamp = opts.timestamp ?? Math.floor(h.clock.now().getTime() / 1000);
  const res = await fetch(`${h.t.baseUrl}/webhooks/bugs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-cadence-timestamp': String(timestamp), 'x-cadence-signature': opts.signature ?? signWebhook(SECRET, timestamp, raw) },
    body: raw,
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

const counts = (h: Harness) =>
  Object.fromEntries(
    ['bugs', 'bug_events', 'bug_notices', 'delivery_outbox'].map((table) => [table, (h.t.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n]),
  );
const posts = (h: Harness) => h.t.slack.callsTo('chat.postMessage');
const summary = (calls: RecordedCall[]) => calls.map((c) => `${String(c.args['channel'])}: ${String(c.args['text'])}`);

describe('/bug registers a qualified bug', () => {
  it('stores it with its deadline, answers ephemerally and DMs the owner once', async () => {
    const h = await start();
    const answer = await bug(h, 'pay-1 Checkout fails on Safari severity:high team:checkout <@U0000DEV001|dev> <https://tracker.example/PAY-1>');
    expect(answer.text).toContain(`Registered *<https://tracker.example/PAY-1|PAY-1>*. It is due <!date^${u('2026-11-23T09:00:00Z')}^{date_short}, {time}|Mon 23 Nov, 10:00 (Paris time)>.`);
    expect(h.t.db.prepare('SELECT key, title, severity, team, owner, url, source, reported_by, deadline, next_notice_at FROM bugs').get()).toEqual({
      key: 'PAY-1',
      title: 'Checkout fails on Safari',
      severity: 'high',
      team: 'checkout',
      owner: DEV,
      url: 'https://tracker.example/PAY-1',
      source: 'command',
      reported_by: QA,
      deadline: '2026-11-23T09:00:00.000Z',
      next_notice_at: '2026-11-22T09:00:00.000Z',
    });
    const [dm] = await h.t.slack.waitForCalls('chat.postMessage', 1);
    expect(dm?.args['channel']).toBe(`D${DEV}`);
    expect(String(dm?.args['text'])).toContain('<@U0000QA0001> made you the owner of *<https://tracker.example/PAY-1|PAY-1>*');
    expect(dm?.warning).toBeUndefined();

    // The same key again answers with the existing bug and registers nothing.
    const before = counts(h);
    const again = await bug(h, 'PAY-1 Checkout fails on Safari again');
    expect(again.text).toContain('is already open');
    expect(again.text).toContain('Checkout fails on Safari');
    expect(counts(h)).toEqual(before);
    expect(posts(h)).toHaveLength(1);
  });

  it('answers every bad input with what to do, and writes nothing', async () => {
    const h = await start();
    await bug(h, 'PAY-7 Known bug');
    const before = counts(h);
    const cases: [string, string][] = [
      ['PAY-2', 'Add a title after the key: `/bug PAY-2 Checkout fails on Safari`.'],
      ['PAY:2 Title', '`PAY:2` is not a bug key'],
      ['PAY-2 Title team:payments', 'There is no impact team `payments`. Teams: `checkout`, `billing`, `search`, `recommendations`.'],
      ['PAY-2 Title severity:urgent', '`urgent` is not a severity: use critical, high, medium or low'],
      ['PAY-2 Title qualified:2026-11-17', 'The qualification date `2026-11-17` is in the future'],
      ['PAY-2 Title qualified:last-week', '`last-week` is not a date'],
      ['PAY-2 Title @olga', 'I could not recognise `@olga` as a person'],
      ['resolve NOPE-1', 'I do not know bug `NOPE-1`.'],
      ['reopen NOPE-1', 'I do not know bug `NOPE-1`.'],
      ['resolve', 'Which bug? `/bug resolve PAY-123`.'],
      ['assign PAY-7', 'Usage: `/bug assign PAY-123 @person`.'],
      ['reopen PAY-7', 'is still open'],
      ['list everything', 'Usage: `/bug list [team:<team>] [breached|due-soon]`'],
    ];
    for (const [text, expected] of cases) {
      const answer = await bug(h, text);
      expect({ text, answer: answer.text }).toEqual({ text, answer: expect.stringContaining(expected) });
    }
    expect(counts(h)).toEqual(before);
  });

  it('/bug alone opens the form; its errors land on the fields, a valid submission registers', async () => {
    const h = await start();
    const ack = await h.t.command({ command: '/bug', text: '', user_id: QA, channel_id: 'C0000QACHAN' });
    expect([ack.status, ack.text]).toEqual([200, '']);
    const [open] = await h.t.slack.waitForCalls('views.open', 1);
    const view = open?.args['view'] as { callback_id: string; private_metadata: string; blocks: { block_id: string }[] };
    expect(view.callback_id).toBe('bug_register');
    expect(view.blocks.map((b) => b.block_id)).toEqual(['bug_key', 'bug_title', 'bug_severity', 'bug_team', 'bug_owner', 'bug_qualified', 'bug_url']);

    const values = (key: string, qualified: string | null) => ({
      bug_key: { value: stateValue.plainText(key) },
      bug_title: { value: stateValue.plainText('Invoice PDF is blank') },
      bug_severity: { value: stateValue.staticSelect('critical') },
      bug_team: { value: stateValue.staticSelect('billing') },
      bug_owner: { value: stateValue.usersSelect(DEV) },
      bug_qualified: { value: stateValue.datepicker(qualified) },
      bug_url: { value: stateValue.plainText(null) },
    });
    const before = counts(h);
    const bad = await h.t.interact(viewSubmissionPayload({ user: QA, callbackId: 'bug_register', values: values('BIL 9', '2027-01-01'), privateMetadata: view.private_metadata }));
    expect(bad.json()).toEqual({
      response_action: 'errors',
      errors: {
        bug_key: expect.stringContaining('`BIL 9` is not a bug key'),
        bug_qualified: 'The qualification date `2027-01-01` is in the future: give the moment QA qualified the bug, or leave it out for now.',
      },
    });
    expect(counts(h)).toEqual(before);

    const ok = await h.t.interact(viewSubmissionPayload({ user: QA, callbackId: 'bug_register', values: values('bil-9', '2026-11-13'), privateMetadata: view.private_metadata }));
    expect(ok.status).toBe(200);
    expect(ok.text).toBe('');
    const [confirmation] = await h.t.slack.waitForCalls('chat.postEphemeral', 1);
    expect(confirmation?.args).toMatchObject({ channel: 'C0000QACHAN', user: QA });
    expect(h.t.db.prepare('SELECT key, severity, team, owner, source, qualified_at FROM bugs').get()).toEqual({
      key: 'BIL-9',
      severity: 'critical',
      team: 'billing',
      owner: DEV,
      source: 'modal',
      qualified_at: '2026-11-12T23:00:00.000Z',
    });
    const dup = await h.t.interact(viewSubmissionPayload({ user: QA, callbackId: 'bug_register', values: values('BIL-9', null), privateMetadata: view.private_metadata }));
    expect(dup.json()).toEqual({ response_action: 'errors', errors: { bug_key: 'BIL-9 is already registered: `/bug show BIL-9` shows it, `/bug reopen BIL-9` reopens it.' } });
  });
});

describe('the escalation ladder, run with `cadence jobs run bug-escalation --at`', () => {
  it('sends level 1, 2 and 3 once each, to the right people, with the exact messages', async () => {
    const h = await start();
    await bug(h, 'PAY-10 Refunds are rounded down team:checkout <@U0000DEV001|dev>', ADMIN);
    await h.t.slack.waitForCalls('chat.postMessage', 1);
    h.t.slack.reset();

    expect(await jobAt(h, new Date(T0.getTime() + 6 * D - 60_000))).toContain('0 bug(s) due');
    expect(posts(h)).toEqual([]);

    const out = await jobAt(h, '2026-11-22T10:00:00+01:00');
    expect(out).toContain('1 bug(s) due, 1 notice(s) queued, 1 sent, 0 failed, 0 pending');
    expect(summary(posts(h))).toEqual([
      `D${DEV}: :hourglass_flowing_sand: *PAY-10* is due <!date^${u('2026-11-23T09:00:00Z')}^{date_short}, {time}|Mon 23 Nov, 10:00 (Paris time)> — Refunds are rounded down`,
    ]);
    const notice = posts(h)[0];
    expect(notice?.response?.['channel']).toBe(`D${DEV}`);
    const blocks = notice?.args['blocks'] as { type: string; elements?: { action_id?: string }[] }[];
    expect(blocks.map((b) => b.type)).toEqual(['section', 'context', 'actions']);
    expect(blocks[2]?.elements?.map((e) => e.action_id)).toEqual(['bug_resolve', 'bug_reassign']);

    // A run repeated at the same time, and one later before the deadline, send nothing new.
    await jobAt(h, '2026-11-22T10:00:00+01:00');
    await jobAt(h, '2026-11-23T09:59:00+01:00');
    expect(posts(h)).toHaveLength(1);

    await jobAt(h, '2026-11-23T10:00:00+01:00');
    expect(summary(posts(h)).slice(1)).toEqual([
      `C0000CHKOUT: :rotating_light: *PAY-10* breached its SLA: it was due <!date^${u('2026-11-23T09:00:00Z')}^{date_short}, {time}|Mon 23 Nov, 10:00 (Paris time)>. Refunds are rounded down`,
      `D${DEV}: :rotating_light: *PAY-10* breached its SLA: it was due <!date^${u('2026-11-23T09:00:00Z')}^{date_short}, {time}|Mon 23 Nov, 10:00 (Paris time)>. Refunds are rounded down`,
      `D${LEAD}: :rotating_light: *PAY-10* breached its SLA: it was due <!date^${u('2026-11-23T09:00:00Z')}^{date_short}, {time}|Mon 23 Nov, 10:00 (Paris time)>. Refunds are rounded down`,
    ]);

    await jobAt(h, '2026-11-25T09:59:00+01:00');
    expect(posts(h)).toHaveLength(4);
    await jobAt(h, '2026-11-25T10:00:00+01:00');
    await jobAt(h, '2026-11-28T10:00:00+01:00');
    expect(summary(posts(h)).slice(4)).toEqual([
      `C0000BUGESC: :fire: *PAY-10* is still open 48 h after its deadline (<!date^${u('2026-11-23T09:00:00Z')}^{date_short}, {time}|Mon 23 Nov, 10:00 (Paris time)>) — Refunds are rounded down`,
    ]);
    expect(h.t.slack.calls.filter((c) => !c.ok)).toEqual([]);
  });

  it('a stand-in failing with 429 (long Retry-After) then recovering: delivered exactly once', async () => {
    const h = await start();
    await bug(h, 'PAY-11 Slow refunds team:checkout', ADMIN);
    h.t.slack.inject('chat.postMessage', { status: 429, retryAfterSeconds: 120 });
    expect(await jobAt(h, '2026-11-22T10:00:00+01:00')).toContain('0 sent, 0 failed, 1 pending');
    expect(posts(h)).toHaveLength(0);
    expect(await jobAt(h, '2026-11-22T10:01:00+01:00')).toContain('0 sent, 0 failed, 1 pending');
    expect(await jobAt(h, '2026-11-22T10:15:00+01:00')).toContain('1 sent, 0 failed, 0 pending');
    expect(summary(posts(h))).toEqual([expect.stringMatching(/^C0000CHKOUT: :hourglass_flowing_sand: \*PAY-11\* is due/)]);
    await jobAt(h, '2026-11-22T10:30:00+01:00');
    expect(posts(h)).toHaveLength(1);
    expect(h.t.slack.calls.filter((c) => c.method === 'chat.postMessage').map((c) => c.error ?? 'ok')).toEqual(['ratelimited', 'ok']);
  });

  it('a short Retry-After and a 500 are waited out within the same run', async () => {
    const h = await start();
    await bug(h, 'PAY-12 Coupons ignored team:checkout', ADMIN);
    h.t.slack.inject('chat.postMessage', { status: 429, retryAfterSeconds: 1 });
    expect(await jobAt(h, '2026-11-22T10:00:00+01:00')).toContain('1 sent, 0 failed, 0 pending');
    h.t.slack.inject('chat.postMessage', { status: 500 });
    // Level 2 goes to the team channel (refused with a 500) and the lead (sent).
    expect(await jobAt(h, '2026-11-23T10:00:00+01:00')).toContain('1 sent, 0 failed, 1 pending');
    expect(await jobAt(h, '2026-11-23T10:00:30+01:00')).toContain('0 sent, 0 failed, 1 pending'); // backing off
    expect(await jobAt(h, '2026-11-23T10:15:00+01:00')).toContain('1 sent, 0 failed, 0 pending');
    expect(posts(h).map((c) => c.args['channel'])).toEqual(['C0000CHKOUT', `D${LEAD}`, 'C0000CHKOUT']);
    expect(h.t.slack.calls.filter((c) => c.method === 'chat.postMessage').map((c) => c.error ?? 'ok')).toEqual(['ratelimited', 'ok', 'http_500', 'ok', 'ok']);
  });

  it('overlapping runs and a restart on the same database never repeat a level', async () => {
    const slack = await startFakeSlack();
    const tmp = tempDir();
    const dbPath = join(tmp.dir, 'cadence.db');
    try {
      const clock = { now: () => T0 };
      const first = await startTestApp({ clock, slack, dbPath, secrets: { webhookSecret: SECRET } });
      await first.command({ command: '/bug', text: 'PAY-13 Tax missing team:checkout', user_id: ADMIN });
      const job = first.cadence.ctx;
      const { runBugEscalation } = await import('../../src/bugs/escalation.js');
      const at = new Date(T0.getTime() + 7 * D);
      slack.inject('chat.postMessage', { delayMs: 200 });
      await Promise.all([runBugEscalation(job, at), runBugEscalation(job, at), runBugEscalation(job, at)]);
      expect(slack.callsTo('chat.postMessage').map((c) => c.args['channel'])).toEqual(expect.arrayContaining(['C0000CHKOUT', `D${LEAD}`]));
      expect(slack.callsTo('chat.postMessage')).toHaveLength(2);
      await first.stop();

      const second = await startTestApp({ clock, slack, dbPath, secrets: { webhookSecret: SECRET } });
      await runBugEscalation(second.cadence.ctx, at);
      await runBugEscalation(second.cadence.ctx, new Date(at.getTime() + H));
      expect(slack.callsTo('chat.postMessage')).toHaveLength(2);
      await second.stop();
    } finally {
      await slack.close();
      tmp.cleanup();
    }
  });
});

describe('resolving stops the ladder', () => {
  it('Mark resolved on a notice: the owner may, a bystander may not; nothing is sent afterwards', async () => {
    const h = await start();
    await bug(h, 'PAY-20 Wrong VAT team:checkout <@U0000DEV001|dev>', ADMIN);
    await h.t.slack.waitForCalls('chat.postMessage', 1);
    await jobAt(h, '2026-11-22T10:00:00+01:00');
    const notice = posts(h)[1];
    expect(notice?.args['channel']).toBe(`D${DEV}`);
    const ts = String(notice?.response?.['ts']);

    const click = (user: string, responseUrl: string) =>
      h.t.interact(blockActionPayload({ user, actionId: 'bug_resolve', blockId: 'bug_actions:PAY-20', value: 'PAY-20', channel: `D${DEV}`, messageTs: ts, responseUrl }));
    const before = counts(h);
    await click('U0000STRANG', h.t.slack.responseUrl('stranger'));
    const [denied] = await h.t.slack.waitForCalls('response_url', 1);
    expect(denied?.args).toMatchObject({ response_type: 'ephemeral', replace_original: false, text: expect.stringContaining('Only PAY-20’s owner, its team lead') });
    expect(counts(h)).toEqual(before);

    h.clock.set(new Date('2026-11-22T12:00:00Z'));
    await click(DEV, h.t.slack.responseUrl('owner'));
    const responses = await h.t.slack.waitForCalls('response_url', 2);
    expect(responses[1]?.args).toMatchObject({ replace_original: true, text: expect.stringContaining(':white_check_mark: *PAY-20* was resolved by <@U0000DEV001>') });
    // Every message already posted about the bug (the assignment DM, the notice) loses its buttons.
    const updates = await h.t.slack.waitForCalls('chat.update', 2);
    expect(updates.map((c) => `${String(c.args['channel'])}/${String(c.args['ts'])}`).sort()).toEqual(
      posts(h).map((c) => `${String(c.response?.['channel'])}/${String(c.response?.['ts'])}`).sort(),
    );
    expect(updates.every((c) => !JSON.stringify(c.args['blocks']).includes('bug_resolve'))).toBe(true);
    expect(h.t.db.prepare('SELECT resolved_at, resolved_by, next_notice_at FROM bugs WHERE key = ?').get('PAY-20')).toEqual({
      resolved_at: '2026-11-22T12:00:00.000Z',
      resolved_by: DEV,
      next_notice_at: null,
    });

    await jobAt(h, '2026-11-23T10:00:00+01:00');
    await jobAt(h, '2026-11-30T10:00:00+01:00');
    expect(posts(h)).toHaveLength(2);
  });

  it('/bug resolve, then /bug reopen starts a new clock and a new ladder', async () => {
    const h = await start();
    await bug(h, 'PAY-21 Receipts missing team:checkout', LEAD);
    h.clock.set(new Date(T0.getTime() + 2 * D));
    expect((await bug(h, 'resolve pay-21', 'U0000STRANG')).text).toContain('Only PAY-21’s owner');
    expect((await bug(h, 'resolve pay-21', LEAD)).text).toBe('Resolved *PAY-21* after 2 d 0 h, within its SLA.');
    expect((await bug(h, 'resolve PAY-21', LEAD)).text).toContain('was already resolved');
    h.clock.set(new Date(T0.getTime() + 10 * D));
    expect((await bug(h, 'reopen PAY-21', QA)).text).toContain(`Reopened *PAY-21*: a fresh SLA clock started, due <!date^${u('2026-12-03T09:00:00Z')}`);
    expect(h.t.db.prepare('SELECT clock_id, deadline FROM bugs').get()).toEqual({ clock_id: 2, deadline: '2026-12-03T09:00:00.000Z' });
    await jobAt(h, '2026-11-23T10:00:00+01:00'); // the first clock's deadline: nothing, it is gone
    expect(posts(h)).toHaveLength(0);
    await jobAt(h, '2026-12-03T10:00:00+01:00');
    expect(summary(posts(h))).toEqual([expect.stringContaining('C0000CHKOUT: :rotating_light: *PAY-21* breached its SLA'), expect.stringContaining(`D${LEAD}: :rotating_light:`)]);
  });

  it('Reassign from a notice changes the owner and tells the new one', async () => {
    const h = await start();
    await bug(h, 'PAY-22 Discount applied twice team:checkout', LEAD);
    const payload = blockActionPayload({ user: LEAD, actionId: 'bug_reassign', blockId: 'bug_actions:PAY-22', actionType: 'users_select', channel: 'C0000CHKOUT', responseUrl: h.t.slack.responseUrl('r') });
    const actions = payload['actions'];
    if (Array.isArray(actions)) actions[0].selected_user = DEV;
    await h.t.interact(payload);
    const [answer] = await h.t.slack.waitForCalls('response_url', 1);
    expect(answer?.args['text']).toBe('*PAY-22* now belongs to <@U0000DEV001>.');
    const [dm] = await h.t.slack.waitForCalls('chat.postMessage', 1);
    expect(dm?.args['channel']).toBe(`D${DEV}`);
    expect(h.t.db.prepare('SELECT owner FROM bugs').get()).toEqual({ owner: DEV });
  });
});

describe('POST /webhooks/bugs', () => {
  const delivery = {
    key: 'CHK-100',
    title: 'Apple Pay button missing',
    severity: 'high',
    team: 'checkout',
    qualified_at: '2026-11-16T08:00:00Z',
    owner: 'dev@example.com',
    url: 'https://tracker.example/CHK-100',
  };

  it('creates, ignores the same delivery twice, resolves on a later resolved_at', async () => {
    const h = await start();
    const created = await webhook(h, delivery);
    expect(created).toEqual({
      status: 201,
      json: { ok: true, status: 'created', key: 'CHK-100', deadline: '2026-11-23T08:00:00.000Z', resolved_at: null, clock: 1 },
    });
    const lookup = h.t.slack.callsTo('users.lookupByEmail');
    expect(lookup.map((c) => c.args['email'])).toEqual(['dev@example.com']);
    const stored = h.t.db.prepare('SELECT owner, owner_email, source, updated_at FROM bugs').get() as Record<string, string>;
    expect(stored).toMatchObject({ owner_email: 'dev@example.com', source: 'webhook' });
    expect(stored['owner']).toMatch(/^U[0-9A-F]{8}$/);

    const before = counts(h);
    const again = await webhook(h, delivery);
    expect(again).toEqual({ status: 200, json: expect.objectContaining({ status: 'unchanged' }) });
    expect(counts(h)).toEqual(before);
    expect(h.t.db.prepare('SELECT updated_at FROM bugs').get()).toEqual({ updated_at: stored['updated_at'] });
    expect(h.t.slack.callsTo('users.lookupByEmail')).toHaveLength(1);

    h.clock.set(new Date('2026-11-18T10:00:00Z'));
    const resolved = await webhook(h, { ...delivery, resolved_at: '2026-11-18T09:30:00Z' });
    expect(resolved).toEqual({ status: 200, json: expect.objectContaining({ status: 'updated', resolved_at: '2026-11-18T09:30:00.000Z', changed: ['resolved_at'] }) });
    expect((await webhook(h, { ...delivery, resolved_at: '2026-11-18T09:45:00Z' })).json['status']).toBe('unchanged');
    // A stale delivery without resolved_at does not undo the fix; an explicit reopen does.
    expect((await webhook(h, delivery)).json['status']).toBe('unchanged');
    const reopened = await webhook(h, { ...delivery, resolved_at: '2026-11-18T09:30:00Z', reopened_at: '2026-11-18T09:50:00Z' });
    expect(reopened.json).toMatchObject({ status: 'updated', clock: 2, resolved_at: null, deadline: '2026-11-25T09:50:00.000Z' });
    expect((await webhook(h, { ...delivery, resolved_at: '2026-11-18T09:30:00Z', reopened_at: '2026-11-18T09:50:00Z' })).json['status']).toBe('unchanged');
    await jobAt(h, '2026-11-30T00:00:00Z');
    expect(posts(h).map((c) => c.args['channel'])).toEqual(['C0000CHKOUT', `D${String(stored['owner'])}`, `D${LEAD}`, 'C0000BUGESC']);
  });

  it('refuses a bad or stale signature (401), bad JSON or fields (400), a big body (413), and writes nothing', async () => {
    const h = await start();
    const before = counts(h);
    const now = Math.floor(T0.getTime() / 1000);
    expect((await webhook(h, delivery, { signature: signWebhook('not-the-secret-at-all', now, JSON.stringify(delivery)) })).status).toBe(401);
    expect((await webhook(h, delivery, { signature: 'sha256=abc' })).json).toMatchObject({ error: 'invalid_signature', message: expect.stringContaining('malformed') });
    expect((await webhook(h, delivery, { timestamp: now - 301 })).json).toMatchObject({ error: 'invalid_signature', message: expect.stringContaining('stale') });
    expect((await webhook(h, delivery, { timestamp: now + 301 })).status).toBe(401);
    expect((await webhook(h, null, { raw: '{"key": "CHK-1",' })).json).toMatchObject({ error: 'invalid_json' });
    const missing = await webhook(h, { title: '  ' });
    expect(missing).toEqual({
      status: 400,
      json: {
        ok: false,
        error: 'invalid_body',
        errors: [
          { field: 'key', message: 'is required' },
          { field: 'title', message: 'must not be empty' },
          { field: 'qualified_at', message: 'is required' },
        ],
      },
    });
    const wrongTypes = await webhook(h, { ...delivery, key: 12, severity: 'urgent', team: 3, qualified_at: '16/11/2026', owner: 'bob', url: 'javascript:alert(1)' });
    expect((wrongTypes.json['errors'] as { field: string }[]).map((e) => e.field)).toEqual(['key', 'severity', 'team', 'qualified_at', 'owner', 'url']);
    const semantic = await webhook(h, { ...delivery, team: 'payments', qualified_at: '2026-11-17T09:00:00Z' });
    expect(semantic.json['errors']).toEqual([
      { field: 'team', message: 'unknown impact team "payments"; configured: checkout, billing, search, recommendations' },
      { field: 'qualified_at', message: 'is in the future' },
    ]);
    const big = await webhook(h, { ...delivery, title: 'x'.repeat(70_000) });
    expect(big).toEqual({ status: 413, json: expect.objectContaining({ error: 'payload_too_large' }) });
    expect((await webhook(h, [delivery])).json).toMatchObject({ errors: [{ field: '(body)', message: 'must be a JSON object' }] });
    expect(counts(h)).toEqual(before);
    expect(h.t.slack.calls.filter((c) => c.method !== 'auth.test')).toEqual([]);
  });

  it('a chunked body without Content-Length is cut off at 64 kB with a 413 the client can read', async () => {
    const h = await start();
    const { request } = await import('node:http');
    const url = new URL(`${h.t.baseUrl}/webhooks/bugs`);
    const status = await new Promise<number>((resolve, reject) => {
      // Well-formed, fresh signature headers: an unsigned request is refused before its body (issue 19, item 9).
      const signed = { 'x-cadence-timestamp': String(Math.floor(h.t.cadence.ctx.clock.now().getTime() / 1000)), 'x-cadence-signature': `v1=${'0'.repeat(64)}` };
      const req = request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked', ...signed } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.write(`{"key":"BIG-1","title":"${'x'.repeat(40_000)}`);
      req.write('y'.repeat(40_000));
      req.end('"}');
    });
    expect(status).toBe(413);
    expect(counts(h).bugs).toBe(0);
  });

  it('is disabled (404) without CADENCE_WEBHOOK_SECRET, even with a valid-looking signature', async () => {
    const h = await start({ secret: null });
    const res = await webhook(h, delivery);
    expect(res.status).toBe(404);
    expect(counts(h).bugs).toBe(0);
  });
});

describe('SLA modes end to end', () => {
  it('business days skip a weekend and two holidays (Christmas, New Year)', async () => {
    const h = await start({ overrides: { bugs: { slaMode: 'business' } }, at: new Date('2026-12-24T09:30:00Z') });
    const created = await webhook(h, { key: 'XM-1', title: 'Gift cards rejected', team: 'checkout', qualified_at: '2026-12-24T09:00:00Z' });
    // Thu 24 Dec 10:00 Paris; Fri 25 and Fri 1 Jan are holidays: 7 working days end Wed 6 Jan 10:00.
    expect(created.json['deadline']).toBe('2027-01-06T09:00:00.000Z');
    await jobAt(h, '2026-12-28T10:00:00+01:00');
    expect(posts(h)).toHaveLength(0);
    await jobAt(h, '2027-01-05T10:00:00+01:00');
    expect(summary(posts(h))).toEqual([expect.stringContaining(`C0000CHKOUT: :hourglass_flowing_sand: *XM-1* is due <!date^${u('2027-01-06T09:00:00Z')}^{date_short}, {time}|Wed 6 Jan, 10:00 (Paris time)>`)]);
    await jobAt(h, '2027-01-06T09:59:00+01:00');
    expect(posts(h)).toHaveLength(1);
    await jobAt(h, '2027-01-06T10:00:00+01:00');
    expect(posts(h)).toHaveLength(3);
  });

  it('calendar mode across the Paris DST change: 168 h, so the local deadline moves to 11:00', async () => {
    const h = await start({ at: new Date('2026-03-25T09:00:00Z') });
    expect((await bug(h, 'DST-1 Clock skew team:checkout', ADMIN)).text).toContain('|Wed 1 Apr, 11:00 (Paris time)>');
    await jobAt(h, '2026-04-01T10:59:00+02:00');
    expect(summary(posts(h))).toEqual([expect.stringContaining(':hourglass_flowing_sand: *DST-1*')]);
    await jobAt(h, '2026-04-01T11:00:00+02:00');
    expect(summary(posts(h)).slice(1)).toEqual([
      `C0000CHKOUT: :rotating_light: *DST-1* breached its SLA: it was due <!date^${u('2026-04-01T09:00:00Z')}^{date_short}, {time}|Wed 1 Apr, 11:00 (Paris time)>. Clock skew`,
      `D${LEAD}: :rotating_light: *DST-1* breached its SLA: it was due <!date^${u('2026-04-01T09:00:00Z')}^{date_short}, {time}|Wed 1 Apr, 11:00 (Paris time)>. Clock skew`,
    ]);
  });
});

describe('list, show, stats, French, export', () => {
  it('answers ephemerally with what is open, breached and the figures', async () => {
    const h = await start();
    await bug(h, 'PAY-30 Old breach team:checkout qualified:2026-11-05', ADMIN);
    await bug(h, 'PAY-31 Due tomorrow team:billing qualified:2026-11-10T08:00', ADMIN);
    await bug(h, 'PAY-32 Fresh team:search', ADMIN);
    await bug(h, 'PAY-33 Fixed team:checkout qualified:2026-11-12', ADMIN);
    await bug(h, 'resolve PAY-33', ADMIN);

    const all = await bug(h, 'list');
    expect(all.text.split('\n')).toEqual(['Open bugs', 'PAY-30 Old breach', 'PAY-31 Due tomorrow', 'PAY-32 Fresh']);
    expect((await bug(h, 'list breached')).text.split('\n')).toEqual(['Breached bugs', 'PAY-30 Old breach']);
    expect((await bug(h, 'list due-soon')).text.split('\n')).toEqual(['Bugs due within 48 h', 'PAY-31 Due tomorrow']);
    expect((await bug(h, 'list team:search')).text.split('\n')).toEqual(['Open bugs · Search', 'PAY-32 Fresh']);

    const show = await bug(h, 'show pay-30');
    expect(show.text).toContain('PAY-30 Old breach');
    expect(JSON.stringify(show.blocks)).toContain('Breached');

    const stats = await bug(h, 'stats');
    expect(stats.text.split('\n')[1]).toBe(
      '*All teams*: 3 open · 1 due within 48 h · 1 breached · fixed within SLA: 100 % (1 fixed in 30 days) · median time to fix: 4 d 10 h',
    );

    await h.t.command({ command: '/cadence', text: 'language fr', user_id: 'U0000FRENCH' });
    expect((await bug(h, 'list breached', 'U0000FRENCH')).text.split('\n')[0]).toBe('Bugs hors délai');
    expect((await bug(h, 'resolve NOPE-9', 'U0000FRENCH')).text).toBe('Je ne connais pas le bug `NOPE-9`. `/bug list` affiche les bugs ouverts.');

    const csv = await cli(h, ['export', 'bugs', '--format', 'csv']);
    expect(csv.code).toBe(0);
    const rows = parseCsv(csv.out);
    expect(rows[0]?.slice(0, 4)).toEqual(['key', 'title', 'severity', 'team']);
    expect(rows.slice(1).map((r) => [r[0], r[13], r[16]])).toEqual([
      ['PAY-30', 'open', ''],
      ['PAY-31', 'open', ''],
      ['PAY-32', 'open', ''],
      ['PAY-33', 'resolved', 'true'],
    ]);
    const json = JSON.parse((await cli(h, ['export', 'bugs'])).out) as { key: string; deadline: string }[];
    expect(json.map((r) => r.key)).toEqual(['PAY-30', 'PAY-31', 'PAY-32', 'PAY-33']);
  });
});

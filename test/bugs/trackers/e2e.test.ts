/**
 * Tracker webhooks end to end: the real app on a real port, deliveries signed
 * as each tracker signs them, the strict Slack stand-in, a real SQLite file.
 * Every tracker goes qualify → escalate → resolve → reopen → drop.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { runBugEscalation } from '../../../src/bugs/escalation.js';
import { bugFiguresAt } from '../../../src/bugs/service.js';
import { bugStore } from '../../../src/bugs/store.js';
import type { Clock } from '../../../src/clock.js';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { noticeHoursOf } from '../../../src/bugs/ladder.js';
import { nextNoticeMoment } from '../../../src/bugs/notice-hours.js';
import { buildOrgConfig } from '../../helpers/org.js';
import { DEV, TRACKERS_CONFIG, hmac, jiraIssue, linearIssue, shared } from './fixtures.js';

const SECRETS = {
  jiraWebhookSecret: 'jira-secret-0123456789abcdef',
  linearWebhookSecret: 'lin_wh_0123456789abcdef0123',
  githubWebhookSecret: 'github-secret-0123456789abc',
  gitlabWebhookToken: 'gitlab-token-0123456789abcd',
  webhookToken: 'cadence-bearer-0123456789abc',
};
const H = 3_600_000;
const D = 24 * H;


interface Harness {
  t: TestApp;
  clock: Clock & { set(at: Date): void };
}
const running: TestApp[] = [];
afterEach(async () => {
  for (const t of running.splice(0)) await t.stop();
});

async function start(at: Date, trackers: Record<string, unknown> = TRACKERS_CONFIG, secrets: Record<string, string> = SECRETS): Promise<Harness> {
  let now = at;
  const clock = { now: () => new Date(now.getTime()), set: (d: Date) => void (now = d) };
  const t = await startTestApp({ org: buildOrgConfig({ trackers }), clock, secrets });
  running.push(t);
  return { t, clock };
}

type Tracker = 'jira' | 'linear' | 'github' | 'gitlab';
interface SendOpts {
  raw?: string;
  delivery?: string;
  headers?: Record<string, string>;
  sign?: false | string;
  event?: string;
}

/** POSTs a body the way the tracker does: its headers, its signature. */
async function send(h: Harness, tracker: Tracker, body: unknown, opts: SendOpts = {}) {
  const raw = opts.raw ?? JSON.stringify(body);
  const delivery = opts.delivery ?? randomUUID();
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const secret = opts.sign === undefined ? undefined : opts.sign;
  if (tracker === 'jira') {
    headers['x-atlassian-webhook-identifier'] = delivery;
    if (secret !== false) headers['x-hub-signature'] = `sha256=${hmac(secret ?? SECRETS.jiraWebhookSecret, raw)}`;
  } else if (tracker === 'linear') {
    headers['linear-delivery'] = delivery;
    headers['linear-event'] = 'Issue';
    if (secret !== false) headers['linear-signature'] = hmac(secret ?? SECRETS.linearWebhookSecret, raw);
  } else if (tracker === 'github') {
    headers['x-github-event'] = opts.event ?? 'issues';
    headers['x-github-delivery'] = delivery;
    headers['x-github-hook-id'] = '292430182';
    if (secret !== false) headers['x-hub-signature-256'] = `sha256=${hmac(secret ?? SECRETS.githubWebhookSecret, raw)}`;
  } else {
    headers['x-gitlab-event'] = opts.event ?? 'Issue Hook';
    headers['idempotency-key'] = delivery;
    headers['x-gitlab-event-uuid'] = randomUUID();
    if (secret !== false) headers['x-gitlab-token'] = secret ?? SECRETS.gitlabWebhookToken;
  }
  const res = await fetch(`${h.t.baseUrl}/webhooks/${tracker}`, { method: 'POST', headers: { ...headers, ...opts.headers }, body: raw });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

function counts(h: Harness) {
  const n = (table: string) => (h.t.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
  return {
    bugs: n('bugs'),
    events: n('bug_events'),
    deliveries: n('tracker_deliveries'),
    links: n('tracker_links'),
    outbox: n('delivery_outbox'),
    insights: n('insights'),
  };
}

const NOTHING = { bugs: 0, events: 0, deliveries: 0, links: 0, outbox: 0, insights: 0 };

/** The whole life of one bug, whatever the tracker: the steps give each tracker's payloads. */
interface Steps {
  tracker: Tracker;
  key: string;
  team: string;
  qualifyAt: Date;
  qualify(): unknown;
  resolveAt: Date;
  resolve(): unknown;
  /** The resolve payload delivered late (Linear re-stamps webhookTimestamp on each attempt). */
  lateResolve?(): unknown;
  reopenAt: Date;
  reopen(): unknown;
  dropAt: Date;
  drop(): unknown;
  dropReason: string;
}

async function lifecycle(s: Steps): Promise<void> {
  const h = await start(s.qualifyAt);
  const store = bugStore(h.t.db);

  // Qualify: registered at the tracker's time, with the mapped team.
  const created = await send(h, s.tracker, s.qualify());
  expect(created).toMatchObject({ status: 201, json: { status: 'created', key: s.key, state: 'open' } });
  const bug = store.get(s.key);
  expect(bug).toMatchObject({ team: s.team, source: 'webhook', clockId: 1 });
  expect(bug?.qualifiedAt.toISOString()).toBe(s.qualifyAt.toISOString());

  // An owner named by e-mail is looked up after the answer: let that settle first.
  await expect.poll(() => store.get(s.key)?.ownerEmail === null || store.get(s.key)?.owner !== null).toBe(true);

  // The same delivery again (the tracker retries): nothing changes.
  const before = counts(h);
  const again = await send(h, s.tracker, s.qualify(), { delivery: 'retry-1' });
  expect(again.json['status']).toBe('unchanged');
  expect(await send(h, s.tracker, s.qualify(), { delivery: 'retry-1' })).toMatchObject({ status: 200, json: { status: 'duplicate' } });
  expect(counts(h)).toEqual({ ...before, deliveries: before.deliveries + 1 });

  // Escalate: past the deadline, the team hears about it once.
  const deadline = store.get(s.key)?.deadline ?? new Date(0);
  // The breach notice goes at the first working moment after the deadline (decision 0034).
  const hours = noticeHoursOf(h.t.cadence.ctx.org);
  const escalateAt = hours ? nextNoticeMoment(new Date(deadline.getTime() + H), hours) : new Date(deadline.getTime() + H);
  h.clock.set(escalateAt);
  await runBugEscalation(h.t.cadence.ctx, escalateAt);
  const notices = h.t.slack.callsTo('chat.postMessage').filter((c) => String(c.args['text']).includes(s.key));
  expect(notices.length).toBeGreaterThan(0);
  expect(store.notices(s.key).map((n) => n.name)).toContain('breached');

  // Resolve at the tracker's closing time.
  h.clock.set(new Date(s.resolveAt.getTime() + 60_000));
  const resolved = await send(h, s.tracker, s.resolve());
  expect(resolved).toMatchObject({ status: 200, json: { status: 'updated', state: 'resolved' } });
  expect(store.get(s.key)?.resolvedAt?.toISOString()).toBe(s.resolveAt.toISOString());

  // Reopen: a new clock from the tracker's reopening time.
  h.clock.set(new Date(s.reopenAt.getTime() + 60_000));
  const reopened = await send(h, s.tracker, s.reopen());
  expect(reopened).toMatchObject({ status: 200, json: { status: 'updated', state: 'open', clock: 2 } });
  expect(store.get(s.key)?.clockStartedAt.toISOString()).toBe(s.reopenAt.toISOString());

  // A late delivery of the old closed state (a new delivery id) is old news.
  const late = await send(h, s.tracker, s.lateResolve ? s.lateResolve() : s.resolve());
  expect(late.json).toMatchObject({ status: 'unchanged', state: 'open' });

  // Drop: closed without a fix.
  h.clock.set(new Date(s.dropAt.getTime() + 60_000));
  const dropped = await send(h, s.tracker, s.drop());
  expect(dropped).toMatchObject({ status: 200, json: { status: 'updated', state: 'dropped' } });
  const final = store.get(s.key);
  expect(final?.droppedReason).toBe(s.dropReason);
  expect(store.events(s.key).map((e) => e.kind)).toEqual(expect.arrayContaining(['registered', 'resolved', 'reopened', 'dropped']));
  const figures = bugFiguresAt(h.t.cadence.ctx, h.clock.now()).overall;
  expect(figures).toMatchObject({ open: 0, breached: 0, resolvedLast30Days: 0, droppedLast30Days: 1 });
  expect(h.t.db.prepare('SELECT COUNT(*) AS n FROM tracker_links').get()).toEqual({ n: 1 });
}

describe('Jira Cloud: qualify → escalate → resolve → reopen → drop', () => {
  const T = new Date('2026-11-16T09:00:00Z');
  const done = { name: 'Done', category: 'done' as const };
  it('follows the issue state, not the event name', async () => {
    await lifecycle({
      tracker: 'jira',
      key: 'PAY-123',
      team: 'checkout',
      qualifyAt: T,
      qualify: () => jiraIssue({ event: 'jira:issue_created', at: T }),
      resolveAt: new Date(T.getTime() + 9 * D),
      resolve: () => jiraIssue({ at: new Date(T.getTime() + 9 * D), status: done, resolution: 'Done', resolutiondate: new Date(T.getTime() + 9 * D) }),
      reopenAt: new Date(T.getTime() + 10 * D),
      reopen: () => jiraIssue({ at: new Date(T.getTime() + 10 * D), status: { name: 'Reopened', category: 'new' }, changelog: [{ field: 'resolution', fromString: 'Done', toString: null }] }),
      dropAt: new Date(T.getTime() + 11 * D),
      drop: () => jiraIssue({ at: new Date(T.getTime() + 11 * D), status: done, resolution: "Won't Do", resolutiondate: new Date(T.getTime() + 11 * D) }),
      dropReason: "Won't Do",
    });
  });
});

describe('Linear: qualify → escalate → resolve → reopen → drop', () => {
  const T = new Date('2026-11-16T09:00:00Z');
  const at = (days: number) => new Date(T.getTime() + days * D);
  it('completed resolves, canceled drops', async () => {
    await lifecycle({
      tracker: 'linear',
      key: 'ENG-42',
      team: 'checkout',
      qualifyAt: T,
      qualify: () => linearIssue({ action: 'create', at: T }),
      resolveAt: at(9),
      resolve: () => linearIssue({ at: at(9), state: { name: 'Done', type: 'completed' }, completedAt: at(9), timestamp: at(9).getTime() + 1000 }),
      lateResolve: () => linearIssue({ at: at(9), state: { name: 'Done', type: 'completed' }, completedAt: at(9), timestamp: at(10).getTime() + 60_000 }),
      reopenAt: at(10),
      reopen: () => linearIssue({ at: at(10), state: { name: 'In Progress', type: 'started' } }),
      dropAt: at(11),
      drop: () => linearIssue({ at: at(11), state: { name: 'Canceled', type: 'canceled' }, canceledAt: at(11) }),
      dropReason: 'Canceled',
    });
  });
});

describe('GitHub: the shared octokit payloads, qualify → escalate → resolve → reopen → drop', () => {
  // issues.labeled.json as published (updated_at 2019-05-15T15:20:18Z, label "bug");
  // the closed states are that payload with the fields GitHub sets on close
  // (state, state_reason, closed_at, updated_at: "Webhook events and payloads", issues);
  // issues.reopened.json as published (closed_at 2021-07-05, updated_at 2021-10-11).
  const labeled = shared('github/issues.labeled.json');
  const reopened = shared('github/issues.reopened.json');
  const closed = (base: Record<string, unknown>, at: string, reason: 'completed' | 'not_planned') => {
    const issue = { ...(base['issue'] as Record<string, unknown>), state: 'closed', state_reason: reason, closed_at: at, updated_at: at };
    return { ...base, action: 'closed', issue };
  };
  it('closed as completed resolves, closed as not planned drops', async () => {
    await lifecycle({
      tracker: 'github',
      key: 'CODERTOCAT/HELLO-WORLD#1',
      team: 'checkout',
      qualifyAt: new Date('2019-05-15T15:20:18Z'),
      qualify: () => labeled,
      resolveAt: new Date('2021-07-05T18:07:10Z'),
      resolve: () => closed(labeled, '2021-07-05T18:07:10Z', 'completed'),
      reopenAt: new Date('2021-10-11T16:40:56Z'),
      reopen: () => reopened,
      dropAt: new Date('2021-10-12T09:00:00Z'),
      drop: () => closed(reopened, '2021-10-12T09:00:00Z', 'not_planned'),
      dropReason: 'not_planned',
    });
  });
});

describe('GitLab: the shared docs payload, qualify → escalate → resolve → reopen → drop', () => {
  // issue.open.docs-example.json as published (label "API", updated_at 2013-12-03T17:15:43Z);
  // close / reopen are the same hook with object_attributes.state, action,
  // closed_at and updated_at as GitLab sets them ("Webhook events", issue events).
  const open = shared('gitlab/issue.open.docs-example.json');
  const withState = (state: 'opened' | 'closed', action: string, at: string, extraLabels: string[] = []) => {
    const oa = { ...(open['object_attributes'] as Record<string, unknown>), state, action, updated_at: at, closed_at: state === 'closed' ? at : null };
    const labels = [...(open['labels'] as unknown[]), ...extraLabels.map((title, i) => ({ id: 900 + i, title, type: 'ProjectLabel' }))];
    return { ...open, object_attributes: oa, labels };
  };
  it('closed resolves, closed with wontfix drops; the owner e-mail is looked up after the answer', async () => {
    await lifecycle({
      tracker: 'gitlab',
      key: 'GITLABHQ/GITLAB-TEST#23',
      team: 'billing',
      qualifyAt: new Date('2013-12-03T17:15:43Z'),
      qualify: () => open,
      resolveAt: new Date('2013-12-12T10:00:00Z'),
      resolve: () => withState('closed', 'close', '2013-12-12T10:00:00Z'),
      reopenAt: new Date('2013-12-13T10:00:00Z'),
      reopen: () => withState('opened', 'reopen', '2013-12-13T10:00:00Z'),
      dropAt: new Date('2013-12-14T10:00:00Z'),
      drop: () => withState('closed', 'close', '2013-12-14T10:00:00Z', ['wontfix']),
      dropReason: 'wontfix',
    });
  });

  it('reads the legacy payload (no event_type, no user.id) the same way', async () => {
    const h = await start(new Date('2013-12-03T18:00:00Z'));
    const legacy = shared('gitlab/issue.open.docs-example-legacy.json');
    const res = await send(h, 'gitlab', legacy);
    expect(res).toMatchObject({ status: 201, json: { status: 'created', key: 'GITLABHQ/GITLAB-TEST#23', state: 'open' } });
    expect(bugStore(h.t.db).get('GITLABHQ/GITLAB-TEST#23')).toMatchObject({ team: 'billing', ownerEmail: 'dev.one@acme.example' });
  });
});

describe('owners', () => {
  it('an e-mail owner is matched in Slack after the answer, and kept on later deliveries', async () => {
    const h = await start(new Date('2013-12-03T18:00:00Z'));
    const open = shared('gitlab/issue.open.docs-example.json');
    await send(h, 'gitlab', open);
    await h.t.slack.waitForCalls('users.lookupByEmail', 1);
    const store = bugStore(h.t.db);
    await expect.poll(() => store.get('GITLABHQ/GITLAB-TEST#23')?.owner).toMatch(/^U[0-9A-F]{8}$/);
    const owner = store.get('GITLABHQ/GITLAB-TEST#23')?.owner;
    const again = await send(h, 'gitlab', open);
    expect(again.json['status']).toBe('unchanged');
    expect(store.get('GITLABHQ/GITLAB-TEST#23')?.owner).toBe(owner);
  });

  it('an assignee not in the map: stored without owner, the team channel is told who to map (once)', async () => {
    const T = new Date('2026-11-16T09:00:00Z');
    const h = await start(T);
    const body = jiraIssue({ event: 'jira:issue_created', at: T, assignee: { accountId: '712020:unknown-person', displayName: 'New Hire <!here>' } });
    const res = await send(h, 'jira', body);
    expect(res.status).toBe(201);
    expect(res.json['warnings']).toEqual([expect.stringContaining('712020:unknown-person')]);
    expect(bugStore(h.t.db).get('PAY-123')).toMatchObject({ owner: null, ownerEmail: null });
    const [msg] = await h.t.slack.waitForCalls('chat.postMessage', 1);
    expect(msg?.args['channel']).toBe('C0000CHKOUT');
    expect(String(msg?.args['text'])).toContain('trackers.jira.owners');
    expect(String(msg?.args['text'])).not.toContain('<!here>');
    await send(h, 'jira', jiraIssue({ at: new Date(T.getTime() + H), assignee: { accountId: '712020:unknown-person', displayName: 'New Hire <!here>' }, priority: 'High' }));
    expect(h.t.db.prepare("SELECT COUNT(*) AS n FROM delivery_outbox WHERE dedupe_key LIKE '%unmapped-owner%'").get()).toEqual({ n: 1 });
  });
});

describe('changes from the tracker', () => {
  const T = new Date('2026-11-16T09:00:00Z');
  it('a new priority moves the deadline; a moved issue (new key, same id) stays one bug', async () => {
    const h = await start(T);
    const store = bugStore(h.t.db);
    await send(h, 'jira', jiraIssue({ event: 'jira:issue_created', at: T, priority: 'Low' }));
    const low = store.get('PAY-123');
    const res = await send(h, 'jira', jiraIssue({ at: new Date(T.getTime() + H), priority: 'Highest' }));
    expect(res.json['changed']).toEqual(['severity']);
    const high = store.get('PAY-123');
    expect(high?.severity).toBe('critical');
    expect(high && low && high.deadline.getTime() <= low.deadline.getTime()).toBe(true);
    // Moved to WEB: Jira gives a new key, the same id.
    const moved = await send(h, 'jira', jiraIssue({ at: new Date(T.getTime() + 2 * H), key: 'WEB-7', components: [] }));
    expect(moved.json).toMatchObject({ key: 'PAY-123', changed: expect.arrayContaining(['team', 'tracker_key']) });
    expect(store.get('WEB-7')).toBeUndefined();
    expect(store.get('PAY-123')?.team).toBe('search');
    expect(h.t.db.prepare('SELECT tracker_key FROM tracker_links').all()).toEqual([{ tracker_key: 'WEB-7' }]);
  });

  it('deleted in Jira drops the bug', async () => {
    const h = await start(T);
    await send(h, 'jira', jiraIssue({ event: 'jira:issue_created', at: T }));
    const res = await send(h, 'jira', jiraIssue({ event: 'jira:issue_deleted', at: new Date(T.getTime() + H) }));
    expect(res.json).toMatchObject({ state: 'dropped' });
    expect(bugStore(h.t.db).get('PAY-123')?.droppedReason).toBe('deleted');
  });
});

describe('a bug registered by hand with /bug', () => {
  const T = new Date('2026-11-16T09:00:00Z');
  it('is adopted by the tracker (one bug, linked); without team mappings its team stays as set in Slack', async () => {
    const noTeams = { ...TRACKERS_CONFIG, jira: { ...TRACKERS_CONFIG.jira, teams: {} } };
    const h = await start(T, noTeams);
    const res = await h.t.command({ command: '/bug', text: 'PAY-123 Card payment fails team:billing', user_id: 'U0000QA0001', channel_id: 'C0000QACHAN' });
    expect(res.status).toBe(200);
    expect(bugStore(h.t.db).get('PAY-123')).toMatchObject({ team: 'billing', source: 'command' });
    const delivered = await send(h, 'jira', jiraIssue({ at: new Date(T.getTime() + H), priority: 'High' }));
    expect(delivered.json).toMatchObject({ status: 'updated', key: 'PAY-123' });
    expect(bugStore(h.t.db).get('PAY-123')).toMatchObject({ team: 'billing', severity: 'high', owner: DEV });
    expect(counts(h)).toMatchObject({ bugs: 1, links: 1 });
  });
});

describe('Jira Service Management request → insight', () => {
  it('the shared IT-4 request becomes one insight (source ticket, link), triaged like any other', async () => {
    const h = await start(new Date('2016-05-11T04:34:18Z'));
    const body = shared('jira/jsm-automation-webhook.docs-example.json');
    const first = await send(h, 'jira', body);
    expect(first).toMatchObject({ status: 201, json: { status: 'insight_created' } });
    const row = h.t.db.prepare('SELECT text, source, tribe, permalink, reporter_id FROM insights').get();
    expect(row).toEqual({
      text: 'I cannot get my second screen to work\n\nHave tried multiple ports, cables, but no luck',
      source: 'ticket',
      tribe: 'payments',
      permalink: 'https://mycompany.atlassian.net/browse/IT-4',
      reporter_id: 'U0000ADMIN1',
    });
    const [card] = await h.t.slack.waitForCalls('chat.postMessage', 1);
    expect(card?.args['channel']).toBe('C0000PAYMNT');
    const second = await send(h, 'jira', body);
    expect(second).toMatchObject({ status: 200, json: { status: 'insight_exists' } });
    expect(counts(h).insights).toBe(1);
  });

  it('a JSM request carrying the organization field names the customer; Automation may use a bearer token', async () => {
    const h = await start(new Date('2026-11-16T09:00:00Z'));
    const body = {
      timestamp: Date.parse('2026-11-16T09:00:00Z'),
      issue: {
        id: '20001',
        self: 'https://acme.atlassian.net/rest/api/2/issue/20001',
        key: 'IT-9',
        fields: { summary: 'Export to Excel please', description: 'We need <https://evil.example|this>', customfield_10002: [{ id: 3, name: 'Globex' }], labels: [] },
      },
    };
    const res = await fetch(`${h.t.baseUrl}/webhooks/jira`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${SECRETS.jiraWebhookSecret}` },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(201);
    expect(h.t.db.prepare('SELECT customer, text FROM insights').get()).toEqual({ customer: 'Globex', text: 'Export to Excel please\n\nWe need ﹤https://evil.example|this﹥' });
  });
});

describe('bad input: a clear answer, nothing written', () => {
  const T = new Date('2026-11-16T09:00:00Z');
  const cases: [Tracker, () => unknown][] = [
    ['jira', () => jiraIssue({ event: 'jira:issue_created', at: T })],
    ['linear', () => linearIssue({ action: 'create', at: T })],
    ['github', () => shared('github/issues.labeled.json')],
    ['gitlab', () => shared('gitlab/issue.open.docs-example.json')],
  ];
  for (const [tracker, body] of cases) {
    it(`${tracker}: wrong secret, missing signature, non-JSON, over 1 MB`, async () => {
      const h = await start(T);
      expect(await send(h, tracker, body(), { sign: 'another-secret-0123456789' })).toMatchObject({ status: 401, json: { error: 'invalid_signature' } });
      expect(await send(h, tracker, body(), { sign: false })).toMatchObject({ status: 401, json: { error: 'invalid_signature' } });
      expect(await send(h, tracker, null, { raw: '{"not json' })).toMatchObject({ status: 400, json: { error: 'invalid_json' } });
      const huge = JSON.stringify({ ...(body() as object), padding: 'x'.repeat(1024 * 1024) });
      expect((await send(h, tracker, null, { raw: huge })).status).toBe(413);
      expect(counts(h)).toEqual(NOTHING);
    });
  }

  it('a body over 64 kB but under 1 MB is fine (real Jira and GitHub bodies are that big)', async () => {
    const h = await start(T);
    const res = await send(h, 'jira', { ...jiraIssue({ event: 'jira:issue_created', at: T }), padding: 'x'.repeat(200_000) });
    expect(res.status).toBe(201);
  });

  it('linear: a stale webhookTimestamp (61 s) is refused; the shared Comment example is ignored', async () => {
    const h = await start(T);
    const stale = linearIssue({ action: 'create', at: T, timestamp: T.getTime() - 61_000 });
    expect(await send(h, 'linear', stale)).toMatchObject({ status: 401, json: { message: expect.stringContaining('stale webhookTimestamp') } });
    const comment = shared('linear/comment_create.sdk-test-example.json');
    h.clock.set(new Date(Number(comment['webhookTimestamp']) + 1000));
    expect(await send(h, 'linear', comment)).toMatchObject({ status: 200, json: { status: 'ignored', reason: 'Comment event is not about an issue' } });
    expect(counts(h)).toEqual(NOTHING);
  });

  it('other event kinds and unqualified issues answer 2xx "ignored"', async () => {
    const h = await start(T);
    const github = shared('github/issues.opened.json');
    expect(await send(h, 'github', github, { event: 'issue_comment' })).toMatchObject({ status: 200, json: { status: 'ignored' } });
    expect(await send(h, 'github', {}, { event: 'ping' })).toMatchObject({ status: 200, json: { status: 'ignored' } });
    expect(await send(h, 'jira', { webhookEvent: 'comment_created', comment: { body: 'hi' }, timestamp: T.getTime() })).toMatchObject({ status: 200, json: { status: 'ignored' } });
    expect(await send(h, 'jira', jiraIssue({ at: T, labels: [] }))).toMatchObject({ status: 200, json: { status: 'ignored', reason: expect.stringContaining('not QA-qualified') } });
    expect(await send(h, 'jira', jiraIssue({ at: T, issuetype: 'Story' }))).toMatchObject({ status: 200, json: { status: 'ignored', reason: expect.stringContaining('issue type') } });
    expect(await send(h, 'gitlab', { object_kind: 'note', object_attributes: { note: 'hi' } }, { event: 'Note Hook' })).toMatchObject({ status: 200, json: { status: 'ignored' } });
    expect(await send(h, 'linear', linearIssue({ at: T, labels: ['needs-triage'] }))).toMatchObject({ status: 200, json: { status: 'ignored' } });
    expect(counts(h)).toEqual(NOTHING);
  });

  it('a replayed delivery id answers "duplicate" and changes nothing, even with another body', async () => {
    const h = await start(T);
    await send(h, 'github', shared('github/issues.labeled.json'), { delivery: 'd-1' });
    const before = counts(h);
    const reopened = shared('github/issues.reopened.json');
    expect(await send(h, 'github', reopened, { delivery: 'd-1' })).toMatchObject({ status: 200, json: { status: 'duplicate' } });
    expect(counts(h)).toEqual(before);
  });

  it('no secret set: the route does not exist (404)', async () => {
    const h = await start(T, TRACKERS_CONFIG, {});
    for (const tracker of ['jira', 'linear', 'github', 'gitlab'] as const) {
      const res = await send(h, tracker, {});
      expect(res.status).toBe(404);
    }
    expect(counts(h)).toEqual(NOTHING);
  });
});

describe('/webhooks/bugs with a bearer token (Jira Automation "Send web request")', () => {
  const T = new Date('2026-11-16T09:00:00Z');
  // The body the README's Automation rule sends, its smart values already rendered by Jira.
  const body = { key: 'PAY-77', title: 'Refund button missing', severity: 'high', team: 'checkout', qualified_at: '2026-11-16T09:00:00.0+0100', url: 'https://acme.atlassian.net/browse/PAY-77' };
  const post = (h: Harness, headers: Record<string, string>, raw = JSON.stringify(body)) =>
    fetch(`${h.t.baseUrl}/webhooks/bugs`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: raw });

  it('registers with the right token; a wrong or malformed one is 401 and writes nothing', async () => {
    const h = await start(T);
    expect((await post(h, { authorization: 'Bearer not-the-token-0123456789' })).status).toBe(401);
    expect((await post(h, { authorization: SECRETS.webhookToken })).status).toBe(401);
    expect((await post(h, {})).status).toBe(401);
    expect(counts(h)).toEqual(NOTHING);
    const ok = await post(h, { authorization: `Bearer ${SECRETS.webhookToken}` });
    expect(ok.status).toBe(201);
    expect(bugStore(h.t.db).get('PAY-77')).toMatchObject({ severity: 'high', team: 'checkout' });
  });

  it('without CADENCE_WEBHOOK_TOKEN a bearer is refused, and with neither secret the route is 404', async () => {
    const h = await start(T, TRACKERS_CONFIG, { webhookSecret: 'whsec-test-0123456789abcdef' });
    const res = await post(h, { authorization: 'Bearer anything-0123456789abc' });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { message: string }).message).toMatch(/CADENCE_WEBHOOK_TOKEN/);
    const none = await start(T, TRACKERS_CONFIG, {});
    expect((await post(none, { authorization: `Bearer ${SECRETS.webhookToken}` })).status).toBe(404);
    expect(counts(h)).toEqual(NOTHING);
  });
});

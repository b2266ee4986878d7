import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock.js';
import { logInsight } from '../../src/insights/service.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { blockActionPayload, stateValue, viewSubmissionPayload } from '../helpers/signer.js';

/*
 * Authorization (issue 8, item 8), table-style: every privileged action that
 * exists in this build, who may do it and who may not (from the example
 * config). Each attempt acts on a fresh target through the real receiver; a
 * refused person is told why and nothing changes; an allowed person's action
 * takes effect.
 *
 * Adding a privileged action = adding a row. Waiting for their features:
 *  - agenda: approve the agenda, record an outcome (approvers, admins);
 *  - opportunities: lifecycle transitions (owner, approvers, admins).
 */

const ADMIN = 'U0000ADMIN1';
const APPROVER = 'U0000VPPRD1';
const PAY_LEAD = 'U0000PMPAY1'; // payments tribe lead and member; billing team lead
const PAY_MEMBER = 'U0000PMPAY2'; // payments member; checkout team lead
const DISCOVERY = 'U0000PMDIS1';
const REPORTER = 'U0000SALES1';
const OUTSIDER = 'U0000OUTSDR';
const QA = 'U0000QA0001';
const DEV = 'U0000DEV001';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ clock: fixedClock(new Date('2026-11-21T10:00:00Z')) });
});
afterAll(async () => {
  await t.stop();
});

let serial = 0;
const next = () => ++serial;

/** Polls until `check` holds: listeners answer actions after their ack. Not a timing assertion. */
async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A block action; resolves with what the person was told through response_url ('' when nothing). */
async function act(payload: Parameters<typeof blockActionPayload>[0], done: () => boolean, actionFields: Record<string, unknown> = {}): Promise<string> {
  const id = `auth-${next()}`;
  const body = blockActionPayload({ ...payload, responseUrl: t.slack.responseUrl(id) });
  // Fields the payload builder has no option for (a users_select's selected_user).
  const [action] = Array.isArray(body.actions) ? body.actions : [];
  if (action && typeof action === 'object') Object.assign(action, actionFields);
  const res = await t.interact(body);
  expect(res.status).toBe(200);
  const told = () => t.slack.calls.find((c) => c.method === 'response_url' && c.path.endsWith(`/${id}`));
  await until(() => told() !== undefined || done(), `an answer to ${payload.actionId}`);
  return String(told()?.args.text ?? '');
}

function insight(tribe: string | undefined, reporter = REPORTER): string {
  const logged = logInsight(t.cadence.ctx, { text: `Authorization target ${next()}`, reporterId: reporter, ...(tribe ? { tribe } : {}) });
  return String(logged.insight.id);
}
const insightRow = (id: string) =>
  t.db.prepare('SELECT tribe, impact_team, status, tags, text FROM insights WHERE id = ?').get(id) as
    | { tribe: string | null; impact_team: string | null; status: string; tags: string; text: string }
    | undefined;

async function bug(): Promise<string> {
  const key = `AUTH-${next()}`;
  const res = await t.command({ command: '/bug', text: `${key} Authorization target team:checkout <@${DEV}>`, user_id: QA, channel_id: 'C0000QACHAN' });
  expect(res.text).toContain('Registered');
  return key;
}
const bugRow = (key: string) => t.db.prepare('SELECT owner, resolved_at FROM bugs WHERE key = ?').get(key) as { owner: string | null; resolved_at: string | null };

interface Row {
  action: string;
  allowed: readonly string[];
  refused: readonly string[];
  /** Creates what the action acts on. */
  setup(): Promise<string> | string;
  /** Does it as `user`; resolves with what the person was told. */
  perform(user: string, target: string): Promise<string>;
  /** Whether the action took effect. */
  applied(target: string): boolean;
  refusal: RegExp;
}

const triageUsers = { allowed: [PAY_LEAD, PAY_MEMBER, ADMIN], refused: [DISCOVERY, REPORTER, APPROVER, OUTSIDER] } as const;
const bugUsers = { allowed: [DEV, PAY_MEMBER, QA, ADMIN], refused: [PAY_LEAD, DISCOVERY, APPROVER, OUTSIDER] } as const;

const table: Row[] = [
  {
    action: 'insight triage: assign to an impact team',
    ...triageUsers,
    setup: () => insight('payments'),
    perform: (user, id) => act({ user, actionId: 'insight_assign_team', selectedOption: { value: `${id}:checkout` }, channel: 'C0000PAYMNT' }, () => insightRow(id)?.impact_team === 'checkout'),
    applied: (id) => insightRow(id)?.impact_team === 'checkout',
    refusal: /^Only members of Payments and Cadence admins can triage this insight\.$/,
  },
  {
    action: 'insight triage: archive',
    ...triageUsers,
    setup: () => insight('payments'),
    perform: (user, id) => act({ user, actionId: 'insight_archive', value: id, channel: 'C0000PAYMNT' }, () => insightRow(id)?.status === 'archived'),
    applied: (id) => insightRow(id)?.status === 'archived',
    refusal: /^Only members of Payments and Cadence admins can triage this insight\.$/,
  },
  {
    action: 'insight triage: restore',
    ...triageUsers,
    setup: () => {
      const id = insight('payments');
      t.db.prepare(`UPDATE insights SET status = 'archived', archived_by = ?, archived_at = created_at WHERE id = ?`).run(ADMIN, id);
      return id;
    },
    perform: (user, id) => act({ user, actionId: 'insight_restore', value: id, channel: 'C0000PAYMNT' }, () => insightRow(id)?.status !== 'archived'),
    applied: (id) => insightRow(id)?.status !== 'archived',
    refusal: /^Only members of Payments and Cadence admins can triage this insight\.$/,
  },
  {
    action: 'insight triage: add tags (the form)',
    ...triageUsers,
    setup: () => insight('payments'),
    async perform(user, id) {
      const before = t.slack.callsTo('views.open').length;
      return act({ user, actionId: 'insight_add_tags', value: id, channel: 'C0000PAYMNT' }, () => t.slack.callsTo('views.open').length > before);
    },
    // The form opened for this insight.
    applied: (id) => t.slack.callsTo('views.open').some((c) => JSON.stringify(c.args.view).includes(`{\\"id\\":${id}}`)),
    refusal: /^Only members of Payments and Cadence admins can triage this insight\.$/,
  },
  {
    action: 'insight triage: save tags (form submission)',
    ...triageUsers,
    setup: () => insight('payments'),
    async perform(user, id) {
      const res = await t.interact(
        viewSubmissionPayload({ user, callbackId: 'insight_tags_modal', privateMetadata: JSON.stringify({ id: Number(id) }), values: { tags: { value: stateValue.plainText('pricing') } } }),
      );
      if (res.text === '') await until(() => insightRow(id)?.tags === 'pricing', 'the tags');
      return res.text === '' ? '' : String((res.json() as { errors: Record<string, string> }).errors.tags);
    },
    applied: (id) => insightRow(id)?.tags === 'pricing',
    // The form names the tribe by its key where the buttons use its name (left to the insights feature).
    refusal: /^Only members of payments and Cadence admins can triage this insight\.$/,
  },
  {
    action: 'insight inbox: send to a tribe',
    allowed: [ADMIN],
    refused: [PAY_LEAD, PAY_MEMBER, DISCOVERY, REPORTER, APPROVER],
    setup: () => insight(undefined),
    perform: (user, id) => act({ user, actionId: 'insight_route_tribe', selectedOption: { value: `${id}:payments` }, channel: 'C0000INBOX1' }, () => insightRow(id)?.tribe === 'payments'),
    applied: (id) => insightRow(id)?.tribe === 'payments',
    refusal: /^Only Cadence admins can triage insights in the inbox\.$/,
  },
  {
    action: 'insight: edit details (form submission)',
    allowed: [REPORTER, PAY_LEAD, PAY_MEMBER, ADMIN],
    refused: [DISCOVERY, APPROVER, OUTSIDER],
    setup: () => insight('payments'),
    async perform(user, id) {
      const res = await t.interact(
        viewSubmissionPayload({
          user,
          callbackId: 'insight_modal',
          privateMetadata: JSON.stringify({ id: Number(id) }),
          values: {
            text: { value: stateValue.plainText('Edited by someone allowed') },
            source: { value: stateValue.staticSelect('call') },
            customer: { value: stateValue.plainText(null) },
            arr: { value: stateValue.number(null) },
            segment: { value: stateValue.staticSelect(null) },
            tribe: { value: stateValue.staticSelect('payments') },
            tags: { value: stateValue.plainText(null) },
          },
        }),
      );
      return res.text === '' ? '' : String((res.json() as { errors: Record<string, string> }).errors.text);
    },
    applied: (id) => insightRow(id)?.text === 'Edited by someone allowed',
    refusal: /^Only the person who logged insight #\d+, its tribe’s members and admins can edit it\.$/,
  },
  {
    action: 'insight: undo',
    allowed: [REPORTER],
    refused: [ADMIN, PAY_LEAD, PAY_MEMBER, OUTSIDER],
    setup: () => insight('payments'),
    perform: (user, id) => act({ user, actionId: 'insight_undo', value: id, channel: 'C0000SALES1' }, () => insightRow(id) === undefined),
    applied: (id) => insightRow(id) === undefined,
    refusal: /^Only the person who logged insight #\d+ can undo it\.$/,
  },
  {
    action: 'bug: resolve (button on a notice)',
    ...bugUsers,
    setup: bug,
    perform: (user, key) => act({ user, actionId: 'bug_resolve', value: key, channel: 'C0000CHKOUT' }, () => bugRow(key).resolved_at !== null),
    applied: (key) => bugRow(key).resolved_at !== null,
    refusal: /^Only AUTH-\d+’s owner, its team lead, whoever registered it or a Cadence admin can resolve it\.$/,
  },
  {
    action: 'bug: /bug resolve',
    ...bugUsers,
    setup: bug,
    perform: async (user, key) => String(((await t.command({ command: '/bug', text: `resolve ${key}`, user_id: user })).json() as { text: string }).text),
    applied: (key) => bugRow(key).resolved_at !== null,
    refusal: /^Only AUTH-\d+’s owner, its team lead, whoever registered it or a Cadence admin can resolve it\.$/,
  },
  {
    action: 'bug: reassign (select on a notice)',
    ...bugUsers,
    setup: bug,
    perform: (user, key) =>
      act({ user, actionId: 'bug_reassign', blockId: `bug_actions:${key}`, actionType: 'users_select', channel: 'C0000CHKOUT' }, () => bugRow(key).owner === 'U0000NEWOWN', {
        selected_user: 'U0000NEWOWN',
      }),
    applied: (key) => bugRow(key).owner === 'U0000NEWOWN',
    refusal: /^Only AUTH-\d+’s owner, its team lead, whoever registered it or a Cadence admin can reassign it\.$/,
  },
  {
    action: 'bug: /bug assign',
    ...bugUsers,
    setup: bug,
    perform: async (user, key) => String(((await t.command({ command: '/bug', text: `assign ${key} <@U0000NEWOWN>`, user_id: user })).json() as { text: string }).text),
    applied: (key) => bugRow(key).owner === 'U0000NEWOWN',
    refusal: /^Only AUTH-\d+’s owner, its team lead, whoever registered it or a Cadence admin can reassign it\.$/,
  },
  {
    action: 'rituals: /cadence skip',
    allowed: [ADMIN],
    refused: [APPROVER, PAY_LEAD, DISCOVERY, OUTSIDER],
    // A Thursday PAM in the weeks after the fixed clock, a new one per attempt.
    setup: () => new Date(Date.UTC(2026, 11, 3 + 7 * (next() % 40))).toISOString().slice(0, 10),
    perform: async (user, date) => String(((await t.command({ command: '/cadence', text: `skip pam ${date}`, user_id: user })).json() as { text: string }).text),
    applied: (date) => t.db.prepare('SELECT 1 FROM ritual_skips WHERE ritual_key = ? AND local_date = ?').get('pam', date) !== undefined,
    refusal: /^Only Cadence admins can skip a ritual\. Ask one of: <@U0000ADMIN1>\.$/,
  },
];

describe('authorization: privileged actions, table-style', () => {
  it.each(table)('$action', async (row) => {
    for (const user of row.refused) {
      const target = await row.setup();
      const told = await row.perform(user, target);
      expect(told, `${row.action} by ${user}`).toMatch(row.refusal);
      expect(row.applied(target), `${row.action} by ${user} took effect`).toBe(false);
    }
    for (const user of row.allowed) {
      const target = await row.setup();
      const told = await row.perform(user, target);
      expect(told, `${row.action} by ${user}`).not.toMatch(row.refusal);
      expect(row.applied(target), `${row.action} by ${user} did not take effect`).toBe(true);
    }
  });
});

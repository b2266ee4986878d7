import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock.js';
import { logInsight } from '../../src/insights/service.js';
import { TRANSITIONS, type Status } from '../../src/opportunities/lifecycle.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { blockActionPayload, stateValue, viewSubmissionPayload } from '../helpers/signer.js';
import { multiExternal, pitchValues, seedAgendaItem, seedOpportunity } from './fixtures.js';

/*
 * Authorization (issue 8, item 8), table-style: every privileged action that
 * exists in this build, who may do it and who may not (from the example
 * config). Each attempt acts on a fresh target through the real receiver; a
 * refused person is told why and nothing changes; an allowed person's action
 * takes effect.
 *
 * Adding a privileged action = adding a row. A refused attempt also leaves
 * the row counts of every table a privileged action writes unchanged, and,
 * where the row says how, its target exactly as it was.
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

// Monday 23 November 2026, 11:00 in Paris: sign-ups for Thursday's PAM are open (until Tuesday 09:00),
// approvals too (until Tuesday 18:00), and last Thursday's PAM has started (its outcomes can be recorded).
const NOW = new Date('2026-11-23T10:00:00Z');
const NEXT_PAM = '2026-11-26T14:00';
const LAST_PAM = '2026-11-19T14:00';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ clock: fixedClock(NOW) });
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
  /** The target as stored, when a refusal must leave it exactly as it was. */
  state?(target: string): unknown;
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

// ---------------------------------------------------------------------------
// Opportunities (PRODUCT.md: the lifecycle, who edits, drafts are private)
// ---------------------------------------------------------------------------

const OWNER = PAY_MEMBER; // owns every opportunity below; PAY_LEAD is in the same tribe without owning them

const newOpportunity = (status: Status) => String(seedOpportunity(t.db, OWNER, status, NOW));
const oppRow = (id: string) => t.db.prepare('SELECT status, title FROM opportunities WHERE id = ?').get(id) as { status: Status; title: string } | undefined;
const oppState = (id: string) => ({
  row: t.db.prepare('SELECT * FROM opportunities WHERE id = ?').get(id),
  history: t.db.prepare('SELECT * FROM opportunity_history WHERE opportunity_id = ? ORDER BY id').all(id),
  evidence: t.db.prepare('SELECT * FROM opportunity_evidence WHERE opportunity_id = ? ORDER BY insight_id').all(id),
});
const hasEvidence = (opp: string, insightId: string) => t.db.prepare('SELECT 1 FROM opportunity_evidence WHERE opportunity_id = ? AND insight_id = ?').get(opp, insightId) !== undefined;
/** "<opportunity>:<insight>" targets. */
const pair = (target: string): [string, string] => {
  const [opp = '', insight = ''] = target.split(':');
  return [opp, insight];
};

/** The forms Slack opened, by callback and one private_metadata field. */
function opened(callbackId: string, key: string, value: number | string): boolean {
  return t.slack.callsTo('views.open').some((c) => {
    const view = c.args.view as { callback_id?: string; private_metadata?: string } | undefined;
    if (view?.callback_id !== callbackId) return false;
    const meta = JSON.parse(view.private_metadata || '{}') as Record<string, unknown>;
    return meta[key] === value;
  });
}

/** A slash command answered in its ack; when it opens a form instead, waits for it. */
async function slash(command: string, text: string, user: string, form?: () => boolean): Promise<string> {
  const res = await t.command({ command, text, user_id: user, channel_id: 'C0GENERAL' });
  expect(res.status).toBe(200);
  if (res.text === '') {
    if (form) await until(form, `the form opened by ${command} ${text}`);
    return '';
  }
  return String((res.json() as { text: string }).text);
}

/** A view submission; '' when Slack would close the form, else the error shown on `block`. */
async function submit(user: string, callbackId: string, privateMetadata: unknown, values: Parameters<typeof viewSubmissionPayload>[0]['values'], block: string): Promise<string> {
  const res = await t.interact(viewSubmissionPayload({ user, callbackId, privateMetadata: JSON.stringify(privateMetadata), values }));
  expect(res.status).toBe(200);
  if (res.text === '') return '';
  const errors = (res.json() as { errors: Record<string, string> }).errors;
  return errors[block] ?? JSON.stringify(errors);
}

/** What a read-only action showed, per target: "applied" means the person saw the opportunity. */
const shown = new Map<string, string>();
const saw = (id: string) => (shown.get(id) ?? '').includes(oppRow(id)?.title ?? '\u0000');

type Role = 'owner' | 'approver' | 'admin';
const holders: Record<Role, string> = { owner: OWNER, approver: APPROVER, admin: ADMIN };
const everyone = [OWNER, APPROVER, ADMIN, PAY_LEAD, OUTSIDER];
/**
 * Who may move an opportunity, written out from PRODUCT.md rather than read
 * from lifecycle.ts: the owner pitches, withdraws and re-pitches; approvers
 * put it on the agenda and record outcomes; after a go, owner or approver
 * move it on; admins may do all of it.
 */
const EDGES: readonly [Status, Status, readonly Role[]][] = [
  ['draft', 'pitched', ['owner', 'admin']],
  ['pitched', 'draft', ['owner', 'admin']],
  ['pitched', 'on_agenda', ['approver', 'admin']],
  ['on_agenda', 'go', ['approver', 'admin']],
  ['on_agenda', 'rework', ['approver', 'admin']],
  ['on_agenda', 'no_go', ['approver', 'admin']],
  ['on_agenda', 'pitched', ['owner', 'approver', 'admin']],
  ['rework', 'on_agenda', ['approver', 'admin']],
  ['no_go', 'pitched', ['owner', 'admin']],
  ['go', 'in_roadmap', ['owner', 'approver', 'admin']],
  ['in_roadmap', 'shipped', ['owner', 'approver', 'admin']],
];
const moveRefusal = /^Only (its owner|approvers|admins)(, (its owner|approvers|admins))* can move opportunity #\d+ to \*[^*]+\*\. Nothing changed\.$/;
// Rework needs feedback; every move may carry a note.
const NOTE = 'Reliability feedback: size the reach with support data';

for (const [from, to, roles] of EDGES) {
  const allowed = roles.map((r) => holders[r]);
  const users = { allowed, refused: everyone.filter((u) => !allowed.includes(u)) };
  const common = {
    ...users,
    setup: () => newOpportunity(from),
    applied: (id: string) => oppRow(id)?.status === to,
    state: oppState,
    refusal: moveRefusal,
  };
  table.push(
    { action: `opportunity: ${from} → ${to} (/pitch move)`, ...common, perform: (user, id) => slash('/pitch', `move ${id} ${to} ${NOTE}`, user) },
    {
      action: `opportunity: ${from} → ${to} (the move form)`,
      ...common,
      perform: (user, id) => submit(user, 'opp_transition_modal', { id: Number(id), from, to, channel: 'C0000OPPORT' }, { note: { value: stateValue.plainText(NOTE) } }, 'note'),
    },
  );
}

table.push(
  {
    action: 'opportunity: draft → pitched (the draft’s Pitch button)',
    allowed: [OWNER, ADMIN],
    refused: [APPROVER, PAY_LEAD, OUTSIDER],
    setup: () => newOpportunity('draft'),
    perform: (user, id) => act({ user, actionId: 'opp_pitch_draft', value: id, channel: 'C0GENERAL' }, () => oppRow(id)?.status === 'pitched'),
    applied: (id) => oppRow(id)?.status === 'pitched',
    state: oppState,
    refusal: moveRefusal,
  },
  {
    action: 'opportunity: record a go from the card’s menu (refused before the form opens)',
    allowed: [APPROVER, ADMIN],
    refused: [OWNER, PAY_LEAD, OUTSIDER],
    setup: () => newOpportunity('on_agenda'),
    perform: (user, id) =>
      act({ user, actionId: 'opp_more', actionType: 'overflow', selectedOption: { value: `${id}:go` }, channel: 'C0000OPPORT' }, () => opened('opp_transition_modal', 'id', Number(id))),
    applied: (id) => opened('opp_transition_modal', 'id', Number(id)),
    state: oppState,
    refusal: moveRefusal,
  },
  {
    action: 'opportunity: edit (/pitch edit)',
    allowed: [OWNER, ADMIN],
    refused: [PAY_LEAD, APPROVER, DISCOVERY, OUTSIDER],
    setup: () => newOpportunity('pitched'),
    perform: (user, id) => slash('/pitch', `edit ${id}`, user, () => opened('opp_pitch_modal', 'id', Number(id))),
    applied: (id) => opened('opp_pitch_modal', 'id', Number(id)),
    refusal: /^Only the owner of #\d+ and admins can edit it\.$/,
  },
  {
    action: 'opportunity: edit (the card’s Edit button)',
    allowed: [OWNER, ADMIN],
    refused: [PAY_LEAD, APPROVER, DISCOVERY, OUTSIDER],
    setup: () => newOpportunity('pitched'),
    perform: (user, id) => act({ user, actionId: 'opp_edit', value: id, channel: 'C0000OPPORT' }, () => opened('opp_pitch_modal', 'id', Number(id))),
    applied: (id) => opened('opp_pitch_modal', 'id', Number(id)),
    refusal: /^Only the owner of #\d+ and admins can edit it\.$/,
  },
  {
    action: 'opportunity: save an edit (form submission)',
    allowed: [OWNER, ADMIN],
    refused: [PAY_LEAD, APPROVER, DISCOVERY, OUTSIDER],
    setup: () => newOpportunity('pitched'),
    perform: (user, id) => submit(user, 'opp_pitch_modal', { id: Number(id), channel: 'C0GENERAL' }, pitchValues({ title: stateValue.plainText(`Edited ${id}`) }), 'title'),
    applied: (id) => oppRow(id)?.title === `Edited ${id}`,
    state: oppState,
    refusal: /^Only the owner of #\d+ and admins can edit it\.$/,
  },
  {
    action: 'opportunity: a draft is private (/pitch show)',
    allowed: [OWNER, ADMIN],
    refused: [PAY_LEAD, APPROVER, OUTSIDER],
    setup: () => newOpportunity('draft'),
    async perform(user, id) {
      const told = await slash('/pitch', `show ${id}`, user);
      shown.set(id, told);
      return told;
    },
    applied: saw,
    refusal: /^Opportunity #\d+ is a draft: only its owner and admins see it\.$/,
  },
  {
    action: 'opportunity: a draft is private (Details button)',
    allowed: [OWNER, ADMIN],
    refused: [PAY_LEAD, APPROVER, OUTSIDER],
    setup: () => newOpportunity('draft'),
    async perform(user, id) {
      const told = await act({ user, actionId: 'opp_details', value: id, channel: 'C0GENERAL' }, () => false);
      shown.set(id, told);
      return told;
    },
    applied: saw,
    refusal: /^Opportunity #\d+ is a draft: only its owner and admins see it\.$/,
  },
  {
    action: 'opportunity: a draft is private (Edit button)',
    allowed: [OWNER, ADMIN],
    refused: [PAY_LEAD, APPROVER, OUTSIDER],
    setup: () => newOpportunity('draft'),
    perform: (user, id) => act({ user, actionId: 'opp_edit', value: id, channel: 'C0GENERAL' }, () => opened('opp_pitch_modal', 'id', Number(id))),
    applied: (id) => opened('opp_pitch_modal', 'id', Number(id)),
    refusal: /^Opportunity #\d+ does not exist\.$/,
  },
  {
    action: 'opportunity: a draft is private (/pitch list status:draft)',
    // The list shows each person their own drafts, admins included (they open another's with /pitch show).
    allowed: [OWNER],
    refused: [PAY_LEAD, APPROVER, ADMIN, OUTSIDER],
    // The best score so far, so the list of drafts shows it first or not at all.
    setup: () => String(seedOpportunity(t.db, OWNER, 'draft', NOW, { title: `Private draft ${next()}`, score: 1_000_000 + next() })),
    async perform(user, id) {
      const told = JSON.stringify((await t.command({ command: '/pitch', text: 'list status:draft', user_id: user, channel_id: 'C0GENERAL' })).json());
      shown.set(id, told);
      // The list never refuses: it leaves the draft out. Say so, for the table.
      return saw(id) ? told : 'left out';
    },
    applied: saw,
    refusal: /^left out$/,
  },
  {
    action: 'opportunity: add evidence (the card’s button)',
    allowed: [OWNER, PAY_LEAD, ADMIN],
    refused: [DISCOVERY, APPROVER, OUTSIDER],
    setup: () => newOpportunity('pitched'),
    perform: (user, id) => act({ user, actionId: 'opp_add_evidence', value: id, channel: 'C0000OPPORT' }, () => opened('opp_evidence_modal', 'id', Number(id))),
    applied: (id) => opened('opp_evidence_modal', 'id', Number(id)),
    refusal: /^Only the owner of #\d+, its tribe’s members and admins can add evidence to it\.$/,
  },
  {
    action: 'opportunity: add evidence (form submission)',
    allowed: [OWNER, PAY_LEAD, ADMIN],
    refused: [DISCOVERY, APPROVER, OUTSIDER],
    setup: () => `${newOpportunity('pitched')}:${insight('payments')}`,
    perform: (user, target) => {
      const [opp, ins] = pair(target);
      return submit(user, 'opp_evidence_modal', { id: Number(opp), channel: 'C0000OPPORT' }, { evidence: { opp_evidence_search: multiExternal([ins]) } }, 'evidence');
    },
    applied: (target) => hasEvidence(...pair(target)),
    state: (target) => oppState(pair(target)[0]),
    refusal: /^Only the owner of #\d+, its tribe’s members and admins can add evidence to it\.$/,
  },
  {
    action: 'opportunity: add evidence to a draft (a forged form submission)',
    allowed: [OWNER, ADMIN],
    refused: [PAY_LEAD, APPROVER, OUTSIDER],
    setup: () => `${newOpportunity('draft')}:${insight('payments')}`,
    perform: (user, target) => {
      const [opp, ins] = pair(target);
      return submit(user, 'opp_evidence_modal', { id: Number(opp) }, { evidence: { opp_evidence_search: multiExternal([ins]) } }, 'evidence');
    },
    applied: (target) => hasEvidence(...pair(target)),
    state: (target) => oppState(pair(target)[0]),
    refusal: /^Opportunity #\d+ does not exist\.$/,
  },
  {
    action: 'opportunity: link from an insight’s triage card (form submission)',
    // A Discovery insight and a Payments opportunity: its owner, Discovery's triagers and admins.
    allowed: [OWNER, DISCOVERY, ADMIN],
    refused: [PAY_LEAD, APPROVER, OUTSIDER],
    setup: () => `${newOpportunity('pitched')}:${insight('discovery')}`,
    perform: (user, target) => {
      const [opp, ins] = pair(target);
      return submit(user, 'opp_link_modal', { insight: Number(ins), channel: 'C0000DISCOV' }, { opportunity: { opp_search: stateValue.externalSelect(opp) } }, 'opportunity');
    },
    applied: (target) => hasEvidence(...pair(target)),
    state: (target) => oppState(pair(target)[0]),
    refusal: /^Only the people who triage insight #\d+, the owner of #\d+ and admins can link them\.$/,
  },
);

// ---------------------------------------------------------------------------
// The alignment meeting's agenda (approvers: U0000VPPRD1; admins: U0000ADMIN1)
// ---------------------------------------------------------------------------

const itemRow = (id: string) =>
  t.db.prepare('SELECT status, approval, outcome, opportunity_id AS opp FROM agenda_items WHERE id = ?').get(id) as
    | { status: string; approval: string | null; outcome: string | null; opp: number | null }
    | undefined;
const itemState = (id: string) => ({
  item: t.db.prepare('SELECT * FROM agenda_items WHERE id = ?').get(id),
  opportunity: itemRow(id)?.opp === undefined || itemRow(id)?.opp === null ? undefined : oppState(String(itemRow(id)?.opp)),
});
/** A slotted item on Thursday's agenda (decisions open). */
const proposed = () => String(seedAgendaItem(t.db, OWNER, seedOpportunity(t.db, OWNER, 'pitched', NOW), NEXT_PAM, NOW));
/** An item of last Thursday's locked agenda, its opportunity on the agenda (outcomes open). */
const presented = () => String(seedAgendaItem(t.db, OWNER, seedOpportunity(t.db, OWNER, 'on_agenda', NOW), LAST_PAM, NOW, { locked: true }));
const approvers = { allowed: [APPROVER, ADMIN], refused: [OWNER, PAY_LEAD, OUTSIDER] } as const;
const decisionRefusal = /^Only approvers \(<@U0000VPPRD1>\) and admins can approve or decline agenda items\.$/;
const outcomeRefusal = /^Only approvers \(<@U0000VPPRD1>\) and admins can record outcomes\.$/;
const outcomeApplied = (outcome: 'go' | 'no_go' | 'rework') => (id: string) => {
  const item = itemRow(id);
  return item?.outcome === outcome && oppRow(String(item.opp))?.status === outcome;
};

table.push(
  {
    action: 'agenda: approve an item',
    ...approvers,
    setup: proposed,
    perform: (user, id) => act({ user, actionId: 'agenda_approve', value: id, channel: 'C0000PAMEET' }, () => itemRow(id)?.approval === 'approved'),
    applied: (id) => itemRow(id)?.approval === 'approved',
    state: itemState,
    refusal: decisionRefusal,
  },
  {
    action: 'agenda: decline an item (refused before the form opens)',
    ...approvers,
    setup: proposed,
    perform: (user, id) => act({ user, actionId: 'agenda_decline', value: id, channel: 'C0000PAMEET' }, () => opened('agenda_decline_modal', 'item', Number(id))),
    applied: (id) => opened('agenda_decline_modal', 'item', Number(id)),
    state: itemState,
    refusal: decisionRefusal,
  },
  {
    action: 'agenda: decline an item (form submission)',
    ...approvers,
    setup: proposed,
    perform: (user, id) => submit(user, 'agenda_decline_modal', { item: Number(id) }, { reason: { value: stateValue.plainText('Not enough evidence yet.') } }, 'reason'),
    applied: (id) => itemRow(id)?.approval === 'declined',
    state: itemState,
    refusal: decisionRefusal,
  },
  {
    action: 'agenda: record a go',
    ...approvers,
    setup: presented,
    perform: (user, id) => act({ user, actionId: 'agenda_outcome_go', value: id, channel: 'C0000PAMEET' }, outcomeApplied('go').bind(null, id)),
    applied: outcomeApplied('go'),
    state: itemState,
    refusal: outcomeRefusal,
  },
  {
    action: 'agenda: record a no-go',
    ...approvers,
    setup: presented,
    perform: (user, id) => act({ user, actionId: 'agenda_outcome_no_go', value: id, channel: 'C0000PAMEET' }, outcomeApplied('no_go').bind(null, id)),
    applied: outcomeApplied('no_go'),
    state: itemState,
    refusal: outcomeRefusal,
  },
  {
    action: 'agenda: record a rework (refused before the form opens)',
    ...approvers,
    setup: presented,
    perform: (user, id) => act({ user, actionId: 'agenda_outcome_rework', value: id, channel: 'C0000PAMEET' }, () => opened('agenda_rework_modal', 'item', Number(id))),
    applied: (id) => opened('agenda_rework_modal', 'item', Number(id)),
    state: itemState,
    refusal: outcomeRefusal,
  },
  {
    action: 'agenda: record a rework (form submission)',
    ...approvers,
    setup: presented,
    perform: (user, id) => submit(user, 'agenda_rework_modal', { item: Number(id) }, { feedback: { value: stateValue.plainText('Size the reach first.') } }, 'feedback'),
    applied: outcomeApplied('rework'),
    state: itemState,
    refusal: outcomeRefusal,
  },
  {
    action: 'agenda: withdraw someone’s slot',
    allowed: [OWNER, ADMIN],
    refused: [APPROVER, PAY_LEAD, OUTSIDER],
    setup: proposed,
    perform: (user, id) => act({ user, actionId: 'agenda_withdraw', value: id, channel: 'C0000PAMEET' }, () => itemRow(id)?.status === 'withdrawn'),
    applied: (id) => itemRow(id)?.status === 'withdrawn',
    state: itemState,
    refusal: /^Only the presenter \(<@U0000PMPAY2>\) and admins can withdraw this sign-up\.$/,
  },
  {
    action: 'agenda: sign up with someone else’s opportunity (form submission)',
    allowed: [OWNER],
    refused: [PAY_LEAD, APPROVER, ADMIN, OUTSIDER],
    setup: () => newOpportunity('pitched'),
    perform: (user, id) =>
      submit(
        user,
        'agenda_signup_modal',
        { ref: `pam|${NEXT_PAM}`, channel: 'C0000PAMEET' },
        { opportunity: { value: stateValue.staticSelect(id) }, ask: { value: stateValue.radio('decision') }, duration: { value: stateValue.staticSelect('10') } },
        'opportunity',
      ),
    applied: (id) => t.db.prepare('SELECT 1 FROM agenda_items WHERE opportunity_id = ?').get(id) !== undefined,
    state: oppState,
    refusal: /^#\d+ is not yours: sign up with one of your own opportunities\.$/,
  },
  {
    action: 'agenda: request a slot for someone else’s opportunity (the card’s button)',
    allowed: [OWNER],
    refused: [PAY_LEAD, APPROVER, ADMIN, OUTSIDER],
    setup: () => newOpportunity('pitched'),
    perform: (user, id) => act({ user, actionId: 'opp_request_slot', value: id, channel: 'C0000OPPORT' }, () => requested(id)),
    applied: (id) => requested(id),
    refusal: /^Only the owner of #\d+ can sign it up for the agenda\.$/,
  },
);

/** The sign-up form opened with this opportunity chosen. */
function requested(id: string): boolean {
  return t.slack.callsTo('views.open').some((c) => {
    const view = c.args.view as { callback_id?: string; blocks?: { block_id?: string; element?: { initial_option?: { value?: string } } }[] } | undefined;
    return view?.callback_id === 'agenda_signup_modal' && view.blocks?.find((b) => b.block_id === 'opportunity')?.element?.initial_option?.value === id;
  });
}

/** Every move the lifecycle allows has its rows: a new edge cannot land without its authorization test. */
it('the table covers every lifecycle move', () => {
  const edges = Object.entries(TRANSITIONS).flatMap(([from, tos]) => Object.keys(tos).map((to) => `${from} → ${to}`));
  expect(EDGES.map(([from, to]) => `${from} → ${to}`).sort()).toEqual(edges.sort());
});

/** Tables a privileged action writes: a refusal leaves every count as it was. */
const FOOTPRINT = ['insights', 'bugs', 'ritual_skips', 'opportunities', 'opportunity_history', 'opportunity_evidence', 'agenda_items', 'agenda_locks'];
const footprint = () => Object.fromEntries(FOOTPRINT.map((table) => [table, (t.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n]));

describe('authorization: privileged actions, table-style', () => {
  it.each(table)('$action', async (row) => {
    for (const user of row.refused) {
      const target = await row.setup();
      const before = { counts: footprint(), state: row.state?.(target) };
      const told = await row.perform(user, target);
      expect(told, `${row.action} by ${user}`).toMatch(row.refusal);
      expect(row.applied(target), `${row.action} by ${user} took effect`).toBe(false);
      expect({ counts: footprint(), state: row.state?.(target) }, `${row.action} by ${user} changed something`).toEqual(before);
    }
    for (const user of row.allowed) {
      const target = await row.setup();
      const told = await row.perform(user, target);
      expect(told, `${row.action} by ${user}`).not.toMatch(row.refusal);
      expect(row.applied(target), `${row.action} by ${user} did not take effect`).toBe(true);
    }
  });
});

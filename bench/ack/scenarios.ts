import type { Db } from '../../src/db/open.js';
import type { FakeSlack } from '../../src/sandbox/slack/web-api.js';
import { blockActionPayload, blockSuggestionPayload, interactionBody, messageShortcutPayload, slashCommandBody, stateValue, viewSubmissionPayload, type StateValues } from '../../test/helpers/signer.js';

/**
 * The requests the acknowledgement-latency suite sends, to the real Cadence app
 * and to the bare Bolt app alike. THIS LIST IS THE EXTENSION POINT: when a
 * feature lands, add its request here (`/insight <text>`, the `/pitch` view
 * submission, a triage block action...), with a `check` proving the answer is
 * the feature's real answer and, when it writes, a `verify` proving it wrote.
 */
export interface AckScenario {
  /** Short and stable: it names the figures in the report. */
  name: string;
  /** What the request exercises, for the report. */
  description: string;
  /** Work that goes on after the ack (Web API calls, writes, searches): the open-loop headroom target is lower for these. */
  postAck?: boolean;
  /**
   * The body Slack would send for the i-th request (i is unique per request: use it for distinct users, ids).
   * `slack.responseUrl()` gives a response_url on the stand-in, for listeners that respond() after the ack
   * (the suite always passes it; without it the body carries Slack's usual hooks.slack.com address).
   */
  build(i: number, slack?: Pick<FakeSlack, 'responseUrl'>): { contentType: 'application/x-www-form-urlencoded' | 'application/json'; body: string };
  /** A problem with Cadence's answer, or undefined when it is the expected one. The bare app only has to answer 200. */
  check?(status: number, body: string): string | undefined;
  /** Prepares the Cadence database before the server starts (runs in the server's process). */
  seed?(db: Db): void;
  /** After the run, in the server's process: a problem with what was stored, or undefined. `sent` counts every request sent, warm-up included. */
  verify?(db: Db, sent: number): string | undefined;
  /** After the run, against the Slack stand-in: a problem with the Web API calls made after the ack, or undefined. */
  verifySlack?(slack: FakeSlack, sent: number): Promise<string | undefined>;
}

const form = 'application/x-www-form-urlencoded' as const;

function expectText(fragment: string): (status: number, body: string) => string | undefined {
  return (_status, body) => (body.includes(fragment) ? undefined : `expected an answer containing ${JSON.stringify(fragment)}, got ${body.slice(0, 200)}`);
}

export const ackScenarios: readonly AckScenario[] = [
  {
    name: '/cadence help',
    description: 'slash command answered in the ack body: a language lookup (one SELECT) and the Block Kit help message',
    build: (i) => ({ contentType: form, body: slashCommandBody({ command: '/cadence', text: 'help', user_id: benchUser(i) }) }),
    check: expectText('Cadence runs your product rituals'),
  },
  {
    name: '/cadence language fr',
    description: 'slash command with one write transaction in the ack path (an upsert into user_settings), a new user each time',
    build: (i) => ({ contentType: form, body: slashCommandBody({ command: '/cadence', text: 'language fr', user_id: benchUser(i) }) }),
    check: expectText('en français'),
    verify(db, sent) {
      const row = db.prepare<[], { n: number }>(`SELECT COUNT(*) AS n FROM user_settings WHERE user_id LIKE 'UBENCH%' AND language = 'fr'`).get();
      return row?.n === sent ? undefined : `expected ${sent} stored language choices, found ${row?.n ?? 0}`;
    },
  },
  {
    name: 'message shortcut log_insight',
    postAck: true,
    description: 'interactivity payload (message_action): acked empty, then one Web API call to the stand-in after the ack',
    build: (i) => ({
      contentType: form,
      body: interactionBody(
        messageShortcutPayload({
          user: benchUser(i),
          callbackId: 'log_insight',
          channel: 'C0GENERAL',
          message: { text: 'The export to CSV times out for Acme', user: 'U0CUSTOMER', ts: `1767600000.${String(i).padStart(6, '0')}` },
        }),
      ),
    }),
    check: (_status, body) => (body === '' ? undefined : `expected an empty ack, got ${body.slice(0, 200)}`),
    async verifySlack(slack, sent) {
      // Today the pending listener posts an ephemeral notice; once insights land it opens a modal instead.
      const deadline = Date.now() + 10_000;
      for (;;) {
        const n = slack.calls.filter((c) => c.ok && (c.method === 'chat.postEphemeral' || c.method === 'views.open')).length;
        if (n >= sent) return undefined;
        if (Date.now() > deadline) return `expected ${sent} Web API calls after the acks, the stand-in received ${n}`;
        await new Promise((r) => setTimeout(r, 50));
      }
    },
  },
  {
    name: '/insight <text>',
    postAck: true,
    description:
      'slash command that logs an insight in the ack path (one write transaction with tags) and answers with the confirmation in the ack body; after the ack, the duplicate hint (a search over the full-text index; every request here reads like the ones before, so each gets a hint) goes to the response_url on the stand-in, and the triage card to the tribe channel',
    build: (i, slack) => ({
      contentType: form,
      body: slashCommandBody({
        command: '/insight',
        text: `Export to CSV times out for large accounts, case ${i} #exports customer:"Acme Corp" source:call`,
        // Not benchUser: the language scenario makes those people French.
        user_id: `UINSIGHT${String(i).padStart(6, '0')}`,
        channel_id: 'C0000PAYMNT',
        ...(slack ? { response_url: slack.responseUrl(`insight-${i}`) } : {}),
      }),
    }),
    check: expectText('Logged insight'),
    verify(db, sent) {
      const row = db.prepare<[], { n: number }>(`SELECT COUNT(*) AS n FROM insights WHERE reporter_id LIKE 'UINSIGHT%'`).get();
      return row?.n === sent ? undefined : `expected ${sent} insights logged, found ${row?.n ?? 0}`;
    },
    async verifySlack(slack, sent) {
      const deadline = Date.now() + 15_000;
      for (;;) {
        const cards = slack.callsTo('chat.postMessage').filter((c) => c.args.channel === 'C0000PAYMNT').length;
        // The very first insight has nothing to read like; every later one reads like its predecessors.
        const hints = slack.callsTo('response_url').filter((c) => String(c.args.text).includes('reads like')).length;
        if (cards >= sent && hints >= sent - 1) return undefined;
        if (Date.now() > deadline) return `expected ${sent} triage cards and ${sent - 1} duplicate hints after the acks, the stand-in received ${cards} and ${hints}`;
        await new Promise((r) => setTimeout(r, 50));
      }
    },
  },
  {
    name: 'triage: assign to a team',
    postAck: true,
    description: 'block action on a triage card (static select) by the tribe lead: acked empty, then the permission check and one write after the ack',
    seed(db) {
      const insert = db.prepare(
        `INSERT INTO insights (id, text, source, tribe, reporter_id, created_at, updated_at) VALUES (?, ?, 'call', 'payments', 'U0SEEDER01', '2026-01-05T09:00:00.000Z', '2026-01-05T09:00:00.000Z')`,
      );
      db.transaction(() => {
        for (let id = 1; id <= TRIAGE_TARGETS; id++) insert.run(id, `Seeded insight ${id} for the triage benchmark`);
      })();
    },
    build: (i) => ({
      contentType: form,
      body: interactionBody(
        blockActionPayload({
          user: 'U0000PMPAY1',
          actionId: 'insight_assign_team',
          selectedOption: { value: `${(i % TRIAGE_TARGETS) + 1}:${i % 2 === 0 ? 'checkout' : 'billing'}` },
          channel: 'C0000PAYMNT',
        }),
      ),
    }),
    check: (_status, body) => (body === '' ? undefined : `expected an empty ack, got ${body.slice(0, 200)}`),
    verify(db, sent) {
      const row = db.prepare<[], { n: number }>(`SELECT COUNT(*) AS n FROM insights WHERE reporter_id = 'U0SEEDER01' AND impact_team IS NOT NULL`).get();
      const want = Math.min(sent, TRIAGE_TARGETS);
      return row?.n === want ? undefined : `expected ${want} insights assigned to a team, found ${row?.n ?? 0}`;
    },
  },
  {
    name: '/pitch view submission',
    postAck: true,
    description:
      'view submission of a valid pitch (every field, RICE inputs, three evidence insights): validation, the evidence lookup and one write transaction (opportunity, initiatives, evidence links, history) before the empty ack; the card is posted to the opportunities channel after it',
    seed(db) {
      const insert = db.prepare(
        `INSERT INTO insights (id, text, source, tribe, reporter_id, created_at, updated_at) VALUES (?, ?, 'call', 'payments', 'U0SEEDER02', '2026-01-05T09:00:00.000Z', '2026-01-05T09:00:00.000Z')`,
      );
      db.transaction(() => {
        for (const id of PITCH_EVIDENCE) insert.run(id, `Mobile shoppers give up at the payment step (evidence ${id})`);
      })();
    },
    build: (i) => ({
      contentType: form,
      body: interactionBody(viewSubmissionPayload({ user: `UPITCH${String(i).padStart(6, '0')}`, callbackId: 'opp_pitch_modal', values: pitchValues(i), privateMetadata: JSON.stringify({ channel: 'C0000PAYMNT' }) })),
    }),
    check: (_status, body) => (body === '' ? undefined : `expected an empty ack (no validation errors), got ${body.slice(0, 200)}`),
    verify(db, sent) {
      const row = db
        .prepare<[], { n: number; links: number }>(`SELECT COUNT(*) AS n, SUM(evidence_count) AS links FROM opportunities WHERE owner_id LIKE 'UPITCH%' AND status = 'pitched'`)
        .get();
      return row?.n === sent && row.links === sent * PITCH_EVIDENCE.length ? undefined : `expected ${sent} pitches with ${PITCH_EVIDENCE.length} evidence links each, found ${row?.n ?? 0} with ${row?.links ?? 0} links`;
    },
    async verifySlack(slack, sent) {
      const deadline = Date.now() + 15_000;
      for (;;) {
        const n = slack.callsTo('chat.postMessage').filter((c) => c.args.channel === 'C0000OPPORT').length;
        if (n >= sent) return undefined;
        if (Date.now() > deadline) return `expected ${sent} opportunity cards posted after the acks, the stand-in received ${n}`;
        await new Promise((r) => setTimeout(r, 50));
      }
    },
  },
  {
    name: 'evidence options load',
    description:
      'block_suggestion from the pitch modal\'s evidence select (an external select): a full-text search over the insights for what the person typed, answered with up to 50 options in the ack body',
    build: (i) => ({
      contentType: form,
      body: interactionBody(
        blockSuggestionPayload({
          user: `UOPTION${String(i).padStart(6, '0')}`,
          actionId: 'opp_evidence_search',
          blockId: 'evidence',
          value: EVIDENCE_QUERIES[i % EVIDENCE_QUERIES.length] ?? '',
          viewCallbackId: 'opp_pitch_modal',
        }),
      ),
    }),
    check: (_status, body) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(body);
      } catch {
        return `expected a JSON list of options, got ${body.slice(0, 200)}`;
      }
      const options = parsed && typeof parsed === 'object' && 'options' in parsed ? parsed.options : undefined;
      return Array.isArray(options) && options.length > 0 ? undefined : `expected at least one option, got ${body.slice(0, 200)}`;
    },
  },
];

/** What people type in the evidence select: every query matches seeded insights (the pitch and triage seeds). */
const EVIDENCE_QUERIES = ['mobile', 'payment step', 'seeded insight', 'shoppers give up', 'triage benchmark', ''];

/** Insights the pitch scenario cites as evidence (ids far from the triage scenario's). */
const PITCH_EVIDENCE = [900_001, 900_002, 900_003];

/** The state of a filled-in pitch modal, as Slack sends it (block id → action id → value). */
function pitchValues(i: number): StateValues {
  const fields = {
    title: stateValue.plainText(`Checkout abandonment on mobile, variant ${i}`),
    problem: stateValue.plainText('Mobile shoppers give up at the payment step: 38 % drop there.'),
    segment: stateValue.plainText('Mobile shoppers in mid-market accounts'),
    metric: stateValue.plainText('Mobile checkout conversion'),
    today: stateValue.plainText('2.1 %'),
    target: stateValue.plainText('3 %'),
    value: stateValue.plainText('120k'),
    kind: stateValue.radio('painkiller'),
    commitment: stateValue.staticSelect('conversion'),
    tribe: stateValue.staticSelect('payments'),
    initiatives: stateValue.plainText('- One-page checkout\n- Apple Pay and Google Pay'),
    reach: stateValue.number(String(1000 + (i % 5000))),
    impact: stateValue.staticSelect('2'),
    confidence: stateValue.staticSelect('80'),
    effort: stateValue.number('1.5'),
    origin: stateValue.radio('bottom_up'),
  };
  const values: StateValues = {};
  for (const [block, value] of Object.entries(fields)) values[block] = { value };
  values['evidence'] = {
    opp_evidence_search: { type: 'multi_external_select', selected_options: PITCH_EVIDENCE.map((id) => ({ text: { type: 'plain_text', text: `#${id}` }, value: String(id) })) },
  };
  return values;
}

/** Seeded insights the triage scenario cycles through (ids 1..N: seeds run before any request). */
const TRIAGE_TARGETS = 3_000;

/** Distinct, Slack-shaped user ids per request, recognisable in the database. */
export function benchUser(i: number): string {
  return `UBENCH${String(i).padStart(6, '0')}`;
}

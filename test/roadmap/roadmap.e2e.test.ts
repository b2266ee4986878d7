import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run.js';
import type { Clock } from '../../src/clock.js';
import { parseCsv } from '../../src/export/csv.js';
import { createOpportunity, transition } from '../../src/opportunities/service.js';
import { linkEvidence } from '../../src/opportunities/store.js';
import { validateBlocks } from '../../src/sandbox/slack/block-kit.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { orgConfigText } from '../helpers/org.js';
import { tempDir } from '../helpers/tmp.js';

// Monday 23 November 2026, 10:00 UTC: cycle 8 (9 Nov – 20 Dec) with the example config's defaults.
const START = new Date('2026-11-23T10:00:00.000Z');
let now = START;
const clock: Clock = { now: () => new Date(now.getTime()) };
let t: TestApp;

const PM = 'U0000PMPAY2'; // payments member
const LEAD = 'U0000PMPAY1'; // payments lead
const PM_DIS = 'U0000PMDIS1'; // discovery lead
const VP = 'U0000VPPRD1'; // approver
const ADMIN = 'U0000ADMIN1';
const FR = 'U0FRENCH01';

beforeEach(async () => {
  now = START;
  t = await startTestApp({ clock });
});
afterEach(async () => {
  await t.stop();
});

function count(table: string): number {
  return t.db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number;
}
function written(): Record<string, number> {
  return Object.fromEntries(['roadmap_plans', 'roadmap_plan_history', 'work_kinds', 'indicator_values'].map((x) => [x, count(x)]));
}
async function roadmap(text: string, user = PM): Promise<{ text: string; blocks?: unknown[] }> {
  const res = await t.command({ command: '/roadmap', text, user_id: user, channel_id: 'C0GENERAL' });
  expect(res.status).toBe(200);
  const body = res.json() as { text: string; blocks?: unknown[]; response_type: string };
  expect(body.response_type).toBe('ephemeral');
  return body;
}
function opportunity(title: string, over: { commitment?: string; tribe?: string; topDown?: boolean; owner?: string; score?: string } = {}): number {
  const { opportunity } = createOpportunity(
    t.cadence.ctx,
    {
      title,
      problem: 'A problem worth solving.',
      segment: 'Mid-market',
      metric: 'Churn',
      today: '3 %',
      target: '2 %',
      value: '50k',
      kind: 'painkiller',
      commitment: over.commitment ?? 'retention',
      tribe: over.tribe ?? 'payments',
      initiatives: '- Do it',
      reach: over.score ?? '100',
      impact: '1',
      confidence: '100',
      effort: '1',
      origin: over.topDown ? 'top_down' : 'bottom_up',
      evidence: [],
    },
    { ownerId: over.owner ?? PM },
  );
  return opportunity.id;
}
function move(id: number, ...path: string[]): void {
  for (const to of path) {
    const r = transition(t.cadence.ctx, id, to as 'go', to === 'in_roadmap' || to === 'shipped' ? PM : VP, null);
    expect(r.ok, `${id} → ${to}`).toBe(true);
  }
}

describe('/roadmap', () => {
  it('shows each commitment’s indicators and Now / Next / Later / Shipped, the unaligned apart, and the balance per tribe', async () => {
    const splitInvoices = opportunity('Split invoices <!channel>', { score: '300' });
    const dunning = opportunity('Smarter dunning', { score: '200' });
    const refactor = opportunity('Refactor the payment adapters', { score: '100', topDown: true });
    const later = opportunity('Multi-currency wallets', { score: '50' });
    const shipped = opportunity('Retry failed cards', { commitment: 'conversion', score: '80' });
    const discovery = opportunity('Onboarding quiz', { commitment: 'leads', tribe: 'discovery', owner: PM_DIS });
    opportunity('Still only pitched');
    move(splitInvoices, 'on_agenda', 'go', 'in_roadmap');
    move(dunning, 'on_agenda', 'go');
    move(refactor, 'on_agenda', 'go', 'in_roadmap');
    move(later, 'on_agenda', 'go');
    move(shipped, 'on_agenda', 'go', 'in_roadmap', 'shipped');
    move(discovery, 'on_agenda', 'go');
    // Entering the roadmap plans the next cycle (9) unless planned already.
    expect(t.db.prepare('SELECT cycle FROM roadmap_plans WHERE opportunity_id = ?').pluck().get(splitInvoices)).toBe(9);

    expect((await roadmap(`plan ${splitInvoices} now`)).text).toContain(`#${splitInvoices} is planned for cycle 8 (9 Nov – 20 Dec)`);
    expect((await roadmap(`plan ${dunning} c12`)).text).toContain('cycle 12');
    expect((await roadmap(`plan ${later} 13`, VP)).text).toContain('cycle 13');
    expect((await roadmap(`kind ${refactor} tech`)).text).toContain('*tech* work');
    expect((await roadmap('set retention logo churn 2,4 target:1.5', ADMIN)).text).toContain('the first value recorded');
    expect((await roadmap('set retention Logo-Churn 2.1', ADMIN)).text).toContain('*2.1* (target 1.5) (was 2.4)');
    // A commitment that left the config: its opportunity is listed apart.
    t.db.prepare("UPDATE opportunities SET commitment = 'old-okr' WHERE id = ?").run(discovery);

    const view = await roadmap('');
    expect(validateBlocks(view.blocks, 'message')).toEqual([]);
    const all = JSON.stringify(view.blocks);
    expect(all).toContain('Now: cycle 8 (9 Nov – 20 Dec) · next: cycle 9 from 4 Jan');
    const retention = JSON.stringify(view.blocks?.find((b) => JSON.stringify(b).includes('Keep the customers we have')));
    expect(retention).toContain('📈 logo churn: *2.1* (target 1.5, was 2.4)');
    expect(retention).toContain('net revenue retention: no value yet');
    expect(retention).toMatch(/\*Now\*\\n {2}• #\d+ Split invoices &lt;!channel&gt; — <@U0000PMPAY2>, RICE 300, Payments, C8/);
    expect(retention).toMatch(/\*Next\*\\n {2}• #\d+ Refactor the payment adapters .*C9 · tech\\n {2}• #\d+ Smarter dunning .*C12/);
    expect(retention).toMatch(/\*Later\*\\n {2}• #\d+ Multi-currency wallets .*C13/);
    expect(JSON.stringify(view.blocks?.find((b) => JSON.stringify(b).includes('Turn more trials')))).toMatch(/\*Shipped this semester\*\\n {2}• #\d+ Retry failed cards/);
    expect(JSON.stringify(view.blocks?.find((b) => JSON.stringify(b).includes('Generate more qualified leads')))).toContain('Nothing serves this commitment yet.');
    expect(all).toMatch(/Serving no commitment.*Onboarding quiz/);
    expect(all).not.toContain('Still only pitched');
    // Payments: 4 planned (go or in roadmap), 1 tech = 25 %, 1 top-down = 25 %; Discovery: 1, no tech.
    expect(all).toContain('Payments: tech 25% (within 20%–50%) · top-down 25% (⚠️ at or above the 20% goal) · 4 opportunities');
    expect(all).toContain('Discovery: tech 0% (⚠️ below the 20%–50% band) · top-down 0% (under 20%) · 1 opportunity');

    // Filters, and "and N more" past three per horizon.
    for (let i = 0; i < 4; i++) move(opportunity(`Extra ${i}`), 'on_agenda', 'go');
    const payments = await roadmap('tribe:payments commitment:retention');
    const text = JSON.stringify(payments.blocks);
    expect(text).toContain('Filtered: tribe:payments, commitment:retention');
    expect(text).toContain('and 2 more');
    expect(text).not.toContain('Turn more trials');
    expect(text).not.toContain('Discovery:');

    // In French, with French typography.
    await t.command({ command: '/cadence', text: 'language fr', user_id: FR, channel_id: 'C0GENERAL' });
    const fr = JSON.stringify((await roadmap('', FR)).blocks);
    expect(fr).toContain('En cours\u202f: cycle 8 (9 nov. – 20 déc.)');
    expect(fr).toContain('*Maintenant*');
    expect(fr).toContain('Payments\u202f: tech 13\u202f% (⚠️ sous la fourchette 20\u202f%–50\u202f%)');
  });

  it('refuses every bad input with a message that says what to do, and writes nothing', async () => {
    const go = opportunity('Split invoices');
    move(go, 'on_agenda', 'go');
    const pitched = opportunity('Only pitched');
    const before = written();
    const cases: [string, string, RegExp][] = [
      ['set nosuch leads 3', ADMIN, /There is no commitment `nosuch`\. Commitments: `leads`, `conversion`, `retention`/],
      ['set retention happiness 3', ADMIN, /`retention` has no indicator “happiness”\. Its indicators: “logo churn”, “net revenue retention”/],
      ['set retention logo churn lots', ADMIN, /`lots` is not a number/],
      ['set retention logo churn 2 target:soon', ADMIN, /`soon` is not a number/],
      ['set retention logo churn 2.1', PM, /Only admins set indicator values \(<@U0000ADMIN1>\)/],
      ['set retention', ADMIN, /Usage: `\/roadmap set/],
      [`plan ${go} soon`, PM, /`soon` is not a cycle/],
      [`plan ${go} c0`, PM, /`c0` is not a cycle/],
      [`plan ${go} c7`, PM, /Cycle c7 is over: plan for the current cycle \(C8\)/],
      [`plan ${go} c40`, PM, /more than two years away/],
      [`plan ${go} c9`, PM_DIS, /Only the owner of #\d+, approvers and admins may change its cycle/],
      [`plan ${pitched} c9`, PM, /is \*Pitched\*: only opportunities with a go or in the roadmap get a cycle/],
      ['plan 999 c9', PM, /There is no opportunity #999/],
      [`plan ${go}`, PM, /Usage: `\/roadmap plan/],
      [`kind ${go} magic`, PM, /Usage: `\/roadmap kind/],
      [`kind ${go} tech`, LEAD, /Only the owner of #\d+, approvers and admins may change its kind of work/],
      ['tribe:nosuch', PM, /There is no tribe `nosuch`\. Tribes: `payments`, `discovery`/],
      ['commitment:<!here>', PM, /There is no commitment `&lt;!here&gt;`/],
      ['whatever', PM, /`\/roadmap \[tribe:<key>\]/],
    ];
    for (const [text, user, expected] of cases) {
      const answer = await roadmap(text, user);
      expect(answer.text, text).toMatch(expected);
      if (!/Usage|not a cycle|`\/roadmap \[/.test(answer.text)) expect(answer.text, text).toContain('Nothing was changed.');
      expect(written(), text).toEqual(before);
    }
    // During the buffer between semesters there is no "now".
    now = new Date('2026-12-28T10:00:00Z');
    expect((await roadmap(`plan ${go} now`)).text).toContain('buffer between semesters');
    expect(written()).toEqual(before);
  });

  it('keeps the history of indicator values, and shows the cycles', async () => {
    await roadmap('set leads demo requests 120 target:200', ADMIN);
    now = new Date(now.getTime() + 7 * 86_400_000);
    await roadmap('set leads demo requests 150', ADMIN);
    const history = (await roadmap('history leads demo requests')).text;
    expect(history).toContain('*demo requests* (leads), newest first:');
    expect(history.indexOf('*150*')).toBeLessThan(history.indexOf('*120*'));
    expect(history).toContain('(target 200) by <@U0000ADMIN1>');
    // A localised date token, not an ISO date (decision 0028).
    expect(history).toMatch(/• <!date\^\d+\^\{date_short\}\|\w{3} \d{1,2} \w{3} \d{4}> — \*150\*/);
    expect(history).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    expect((await roadmap('history leads leads generated')).text).toContain('has no value yet');
    const cycles = (await roadmap('cycles')).text;
    expect(cycles).toContain('Cycle 8: 9 Nov – 20 Dec ← now');
    expect(cycles).toContain('Cycle 9: 4 Jan – 14 Feb');
  });

  it('`/pitch health` shows the tech and top-down shares of the roadmap per tribe, with its filters', async () => {
    const refactor = opportunity('Refactor the adapters');
    move(refactor, 'on_agenda', 'go');
    await roadmap(`kind ${refactor} tech`);
    move(opportunity('Onboarding quiz', { tribe: 'discovery', owner: PM_DIS, topDown: true }), 'on_agenda', 'go');
    const health = async (text: string) => {
      const res = await t.command({ command: '/pitch', text, user_id: PM, channel_id: 'C0GENERAL' });
      const body = res.json() as { blocks: unknown[] };
      expect(validateBlocks(body.blocks, 'message')).toEqual([]);
      return JSON.stringify(body.blocks);
    };
    const all = await health('health');
    expect(all).toContain('Balance of the roadmap');
    expect(all).toContain('Payments: tech 100% (⚠️ above the 20%–50% band)');
    expect(all).toContain('Discovery: tech 0% (⚠️ below the 20%–50% band) · top-down 100% (⚠️ at or above the 20% goal)');
    expect(all).toContain('Whole organisation: tech 50%');
    const payments = await health('health tribe:payments');
    expect(payments).toContain('Payments: tech 100%');
    expect(payments).not.toContain('Discovery:');
  });

  it('shows the balance in the Home tab of leads and approvers, not of others', async () => {
    move(opportunity('Split invoices'), 'on_agenda', 'go');
    await t.event({ type: 'app_home_opened', user: LEAD, channel: 'D0LEAD', tab: 'home', event_ts: '1.0' });
    await t.event({ type: 'app_home_opened', user: 'U0SALES001', channel: 'D0SALES', tab: 'home', event_ts: '2.0' });
    const calls = await t.slack.waitForCalls('views.publish', 2);
    const lead = JSON.stringify(calls.find((c) => c.args['user_id'] === LEAD)?.args['view']);
    const sales = JSON.stringify(calls.find((c) => c.args['user_id'] === 'U0SALES001')?.args['view']);
    expect(lead).toContain('Roadmap balance');
    expect(lead).toContain('Payments: tech 0% (⚠️ below the 20%–50% band)');
    expect(lead).not.toContain('Discovery:');
    expect(sales).not.toContain('Roadmap balance');
  });

  it('`cadence export roadmap` writes one row per opportunity in the roadmap (csv and json)', async () => {
    const insight = t.db
      .prepare("INSERT INTO insights (text, source, customer, reporter_id, created_at, updated_at) VALUES ('x', 'call', 'Acme', 'U0CSM00001', ?, ?)")
      .run(now.toISOString(), now.toISOString()).lastInsertRowid;
    const id = opportunity('Split invoices');
    linkEvidence(t.db, id, [Number(insight)], PM, now);
    move(id, 'on_agenda', 'go', 'in_roadmap');
    await roadmap(`kind ${id} maintenance`);
    opportunity('Only pitched');
    const dir = tempDir();
    try {
      const config = join(dir.dir, 'cadence.yml');
      writeFileSync(config, orgConfigText());
      const run = async (format: string) => {
        let out = '';
        const code = await runCli(['export', 'roadmap', '--format', format], {
          stdout: (s: string) => (out += s),
          stderr: () => undefined,
          env: { CADENCE_DB: t.dbPath, CADENCE_CONFIG: config },
          cwd: dir.dir,
          now: () => now,
        });
        expect(code).toBe(0);
        return out;
      };
      const json = JSON.parse(await run('json')) as Record<string, unknown>[];
      expect(json).toEqual([
        {
          id,
          title: 'Split invoices',
          status: 'in_roadmap',
          commitment: 'retention',
          commitment_title: 'Keep the customers we have',
          tribe: 'payments',
          cycle: 9,
          cycle_start: '2027-01-04',
          cycle_end: '2027-02-14',
          kind_of_work: 'maintenance',
          top_down: false,
          owner: PM,
          rice: 100,
          evidence_count: 1,
          customers: ['Acme'],
        },
      ]);
      const csv = parseCsv(await run('csv'));
      expect(csv[0]).toEqual(['id', 'title', 'status', 'commitment', 'commitment_title', 'tribe', 'cycle', 'cycle_start', 'cycle_end', 'kind_of_work', 'top_down', 'owner', 'rice', 'evidence_count', 'customers']);
      expect(csv).toHaveLength(2);
    } finally {
      dir.cleanup();
    }
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { claimDigests } from '../../src/digests/service.js';
import { deliverPending } from '../../src/delivery/outbox.js';
import { pairingJob } from '../../src/pairing/service.js';
import { ritualsJob } from '../../src/features.js';
import { runJob } from '../../src/scheduler/runner.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { buildOrgConfig } from '../helpers/org.js';
import { blockActionPayload } from '../helpers/signer.js';
import { ConfigError } from '../../src/config/errors.js';

const apps: TestApp[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await a.stop();
});

const PMS = ['U0000PMPAY1', 'U0000PMPAY2', 'U0000PMDIS1'];
const CSMS = ['U0000CSM001', 'U0000CSM002'];
const immersion = {
  key: 'immersion',
  name: 'Vis ma vie',
  channel: 'C0000PRODUC',
  recurrence: { rrule: 'FREQ=MONTHLY;BYDAY=1TU', dtstart: '2026-01-06', time: '10:00' },
  durationMinutes: 120,
  steps: [{ key: 'pair', at: '+0m', action: 'pairing' }],
};
const org = () => buildOrgConfig({ rituals: [immersion], pairing: { pms: PMS, csms: CSMS } });
const rituals = (t: TestApp, iso: string) => runJob(t.cadence.ctx, ritualsJob, new Date(iso), 'manual');
const pairing = (t: TestApp, iso: string) => runJob(t.cadence.ctx, pairingJob, new Date(iso), 'manual');
const pairs = (t: TestApp) => t.db.prepare('SELECT id, round, pm, csm, channel, status FROM pairing_pairs ORDER BY id').all() as { id: number; round: number; pm: string; csm: string; channel: string | null; status: string }[];

describe('product ↔ customer-success pairing, end to end', () => {
  it('pairs everyone each month, opens one group DM per pair, introduces it once, and records Done / Skip', async () => {
    const t = await startTestApp({ org: org(), clock: { now: () => new Date('2026-12-01T10:00:00Z') } });
    apps.push(t);
    // Tuesday 1 December 2026, 10:00 Paris.
    await rituals(t, '2026-12-01T09:00:00Z');
    expect(pairs(t).map((p) => [p.round, p.pm, p.csm])).toEqual([
      [0, 'U0000PMDIS1', 'U0000CSM001'],
      [0, 'U0000PMPAY1', 'U0000CSM002'],
      [0, 'U0000PMPAY2', 'U0000CSM001'],
    ]);
    // The first attempt to open one DM fails: that pair waits for the next run, the others go on.
    t.slack.inject('conversations.open', { status: 500 });
    await pairing(t, '2026-12-01T09:00:30Z');
    await pairing(t, '2026-12-01T09:01:30Z');
    await pairing(t, '2026-12-01T09:02:30Z');
    const opens = t.slack.callsTo('conversations.open').map((c) => c.args.users);
    expect([...new Set(opens)].sort()).toEqual(['U0000PMDIS1,U0000CSM001', 'U0000PMPAY1,U0000CSM002', 'U0000PMPAY2,U0000CSM001']);
    const intros = t.slack.callsTo('chat.postMessage');
    expect(intros).toHaveLength(3);
    expect(intros.every((c) => String(c.args.channel).startsWith('G') && c.warning === undefined)).toBe(true);
    const first = pairs(t)[0];
    const intro = intros.find((c) => c.args.channel === first?.channel);
    expect(intro?.args.text).toContain('<@U0000PMDIS1>, spend 2 hours with <@U0000CSM001> this month');
    const buttons = (intro?.args.blocks as { type: string; elements?: { action_id: string; text: { text: string } }[] }[]).find((b) => b.type === 'actions')?.elements;
    expect(buttons?.map((b) => b.text.text)).toEqual(['Done', 'Skip this time', 'Log an insight']);

    // Someone else cannot mark it; the CSM can; marking twice is refused.
    const click = (user: string, actionId: string) =>
      t.interact(blockActionPayload({ user, actionId, value: String(first?.id), channel: first?.channel ?? '', messageTs: String(intro?.response?.ts ?? '1.1'), responseUrl: t.slack.responseUrl() }));
    await click('U0000PMPAY1', 'pairing_done');
    await click('U0000CSM001', 'pairing_done');
    await click('U0000PMDIS1', 'pairing_skip');
    const replies = await t.slack.waitForCalls('response_url', 2);
    expect(replies.map((r) => r.args.text)).toEqual(['Only the two people of this pair can mark it.', 'This session is already marked.']);
    expect(pairs(t)[0]?.status).toBe('done');
    const [update] = await t.slack.waitForCalls('chat.update', 1);
    expect(JSON.stringify(update?.args.blocks)).toContain('✅ Done, marked by <@U0000CSM001>.');
    expect(JSON.stringify(update?.args.blocks)).not.toContain('pairing_done');

    // Log an insight: the insight form, source csm.
    await click('U0000PMDIS1', 'pairing_insight');
    const [view] = await t.slack.waitForCalls('views.open', 1);
    expect(view?.warning).toBeUndefined();
    const form = view?.args.view as { callback_id: string; blocks: { block_id?: string; element?: { initial_option?: { value: string } } }[] };
    expect(form.callback_id).toBe('insight_modal');
    expect(form.blocks.find((b) => b.block_id === 'source')?.element?.initial_option?.value).toBe('csm');

    // January: round 1 rotates the CSMs; no pair of December repeats.
    await rituals(t, '2027-01-05T09:00:00Z');
    const january = pairs(t).filter((p) => p.round === 1).map((p) => `${p.pm}+${p.csm}`);
    const december = pairs(t).filter((p) => p.round === 0).map((p) => `${p.pm}+${p.csm}`);
    expect(january).toHaveLength(3);
    expect(january.filter((k) => december.includes(k))).toEqual([]);
  });

  it('admins see the quarter’s participation with /cadence pairing stats; the digest has a line; others are refused', async () => {
    const t = await startTestApp({ org: org(), clock: { now: () => new Date('2026-12-10T10:00:00Z') } });
    apps.push(t);
    await rituals(t, '2026-12-01T09:00:00Z');
    t.db.prepare("UPDATE pairing_pairs SET status = 'done' WHERE pm = 'U0000PMPAY1'").run();
    t.db.prepare("UPDATE pairing_pairs SET status = 'skipped' WHERE pm = 'U0000PMPAY2'").run();
    const stats = await t.command({ command: '/cadence', text: 'pairing stats', user_id: 'U0000ADMIN1' });
    const text = (stats.json() as { text: string }).text;
    expect(text.split('\n')).toEqual([
      '*Product ↔ customer-success immersion, Q4 2026*: sessions 3 · done 1 · skipped 1 · not marked yet 1',
      '• <@U0000CSM001>: done 0 · skipped 1 · open 1',
      '• <@U0000CSM002>: done 1 · skipped 0 · open 0',
      '• <@U0000PMDIS1>: done 0 · skipped 0 · open 1',
      '• <@U0000PMPAY1>: done 1 · skipped 0 · open 0',
      '• <@U0000PMPAY2>: done 0 · skipped 1 · open 0',
    ]);
    const refused = await t.command({ command: '/cadence', text: 'pairing stats', user_id: 'U0000PMPAY1' });
    expect((refused.json() as { text: string }).text).toBe('Only Cadence admins can see pairing participation. Ask one of: <@U0000ADMIN1>.');
    const usage = await t.command({ command: '/cadence', text: 'pairing', user_id: 'U0000ADMIN1' });
    expect((usage.json() as { text: string }).text).toBe('Usage: `/cadence pairing stats`.');

    claimDigests(t.cadence.ctx, new Date('2026-12-07T08:00:00Z'));
    await deliverPending(t.cadence.ctx, new Date('2026-12-07T08:00:00Z'));
    const digest = t.slack.callsTo('chat.postMessage').find((c) => c.args.channel === 'C0000DIGEST');
    expect(JSON.stringify(digest?.args.blocks)).toContain('*Immersion* (Q4 2026): sessions done 1/3 · skipped 1');
    expect(digest?.warning).toBeUndefined();
  });

  it('a pairing ritual without pools is refused, naming the key', () => {
    let problems: string[] = [];
    try {
      buildOrgConfig({ rituals: [immersion] });
    } catch (err) {
      if (err instanceof ConfigError) problems = err.problems;
    }
    expect(problems).toEqual([
      'test-config.yml: pairing.csms: needs at least one customer-success manager (a ritual has a pairing step)',
      'test-config.yml: pairing.pms: needs at least one product manager, or pmsFromTeams: true (a ritual has a pairing step)',
    ]);
  });
});

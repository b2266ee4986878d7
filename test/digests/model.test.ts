import { describe, expect, it } from 'vitest';
import { translator } from '../../src/i18n/index.js';
import { clip, digestMessage, headline, listWithMore, trendMark } from '../../src/digests/blocks.js';
import { buildDigestModel, trendOf } from '../../src/digests/model.js';
import type { BugAggregates, InsightAggregates, OpportunityAggregates } from '../../src/digests/queries.js';
import { latestDigestPeriods } from '../../src/digests/service.js';
import { validateBlocks } from '../../src/sandbox/slack/block-kit.js';
import { buildOrgConfig, exampleOrgConfig } from '../helpers/org.js';

const org = exampleOrgConfig();
const NOW = new Date('2026-11-23T08:00:00Z');
const emptyInsights: InsightAggregates = { count: 0, previousCount: 0, bySource: [], topTags: [], weightiest: [], untriagedByTribe: [], oldestUntriaged: undefined };
const emptyBugs: BugAggregates = { open: [], resolved: [], worstBreached: [] };
const emptyOpps: OpportunityAggregates = { newPitches: 0, newPitchList: [], top: [], decisions: [], decisionCount: 0, withoutEvidence: 0, insightToShipDays: [] };
const render = (model: ReturnType<typeof buildDigestModel>, lang: 'en' | 'fr' = 'en', variant: 'channel' | 'full' = 'full') =>
  digestMessage(translator(lang), org, model, {
    variant,
    buttonValue: 'payments|2026-11-16T08:00:00.000Z|2026-11-23T08:00:00.000Z',
    scopeName: 'Acme Product',
    from: new Date('2026-11-16T08:00:00Z'),
    to: NOW,
    zone: 'Europe/Paris',
    lang,
    dueSoonHours: 48,
    windowDays: 30,
    healthWindowDays: 90,
    topN: 5,
  });

/** Every text a reader sees in the blocks, one block per line group. */
function shown(blocks: readonly unknown[]): string {
  return JSON.stringify(blocks)
    .match(/"text":"((?:[^"\\]|\\.)*)"/g)!
    .map((m) => JSON.parse(m.slice(7)) as string)
    .join('\n');
}

describe('digest model', () => {
  it('an empty week is quiet and says so in one line, without a header', () => {
    const model = buildDigestModel(emptyInsights, emptyBugs, emptyOpps, NOW);
    expect(model.quiet).toBe(true);
    const msg = render(model, 'en', 'channel');
    expect(msg.blocks.map((b) => b.type)).toEqual(['section']);
    expect(msg.text).toBe('*Weekly digest · Acme Product*: a quiet week, nothing new, nothing to triage, no open bug.');
    expect(msg.text.split('\n')).toHaveLength(1);
    expect(render(model, 'fr', 'channel').text).toBe('*Récap de la semaine · Acme Product*\u202F: semaine calme, rien de nouveau, rien à trier, aucun bug ouvert.');
    expect(validateBlocks(msg.blocks, 'message')).toEqual([]);
  });

  it('quiet means no news: the standing backlog, last week’s insights and older fixes do not break the calm; a fix in the period does', () => {
    const backlog: OpportunityAggregates = { ...emptyOpps, top: [{ id: 2, title: 'One-click refunds', score: 2400, status: 'go' }], withoutEvidence: 1 };
    const oldFix: BugAggregates = {
      ...emptyBugs,
      resolved: [{ team: 'checkout', qualified_at: '2026-11-01T00:00:00Z', clock_started_at: '2026-11-01T00:00:00Z', deadline: '2026-11-08T00:00:00Z', resolved_at: '2026-11-02T00:00:00Z' }],
    };
    const from = new Date('2026-11-16T08:00:00Z');
    expect(buildDigestModel({ ...emptyInsights, previousCount: 7 }, oldFix, backlog, NOW, from).quiet).toBe(true);
    const newFix: BugAggregates = { ...emptyBugs, resolved: [{ ...oldFix.resolved[0]!, resolved_at: '2026-11-17T00:00:00Z' }] };
    const fixed = buildDigestModel(emptyInsights, newFix, emptyOpps, NOW, from);
    expect([fixed.quiet, fixed.bugs.fixedInPeriod]).toEqual([false, 1]);
    expect(buildDigestModel({ ...emptyInsights, untriagedByTribe: [{ key: 'payments', n: 1 }] }, emptyBugs, emptyOpps, NOW, from).quiet).toBe(false);
    expect(buildDigestModel(emptyInsights, { ...emptyBugs, open: [{ team: 'checkout', open: 1, dueSoon: 0, breached: 0 }] }, emptyOpps, NOW, from).quiet).toBe(false);
  });

  it('three headline numbers on top, with real plurals: 0, 1 and 2 in English and French', () => {
    const model = (insights: number, triage: number, breached: number) =>
      buildDigestModel(
        { ...emptyInsights, count: insights, untriagedByTribe: triage ? [{ key: 'payments', n: triage }] : [] },
        { ...emptyBugs, open: breached ? [{ team: 'checkout', open: breached, dueSoon: 0, breached }] : [] },
        emptyOpps,
        NOW,
      );
    const en = (m: ReturnType<typeof model>) => headline(translator('en'), 'en', m);
    const fr = (m: ReturnType<typeof model>) => headline(translator('fr'), 'fr', m);
    expect(en(model(0, 0, 0))).toBe('*0* new insights · *0* to triage · *0* bugs breached');
    expect(en(model(1, 1, 1))).toBe('*1* new insight · *1* to triage · *1* bug breached');
    expect(en(model(2, 2, 2))).toBe('*2* new insights · *2* to triage · *2* bugs breached');
    expect(fr(model(0, 0, 0))).toBe('*0* nouvel insight · *0* à trier · *0* bug hors délai');
    expect(fr(model(1, 1, 1))).toBe('*1* nouvel insight · *1* à trier · *1* bug hors délai');
    expect(fr(model(2, 2, 2))).toBe('*2* nouveaux insights · *2* à trier · *2* bugs hors délai');
    expect(fr(model(25_000, 0, 0))).toBe('*25\u202F000* nouveaux insights · *0* à trier · *0* bug hors délai');
    // The headline is the first section, right under the period.
    const msg = render(model(6, 4, 1), 'en', 'channel');
    expect(msg.blocks[2]).toEqual({ type: 'section', text: { type: 'mrkdwn', text: '*6* new insights · *4* to triage · *1* bug breached' } });
    expect(msg.text).toBe('Weekly digest · Acme Product: *6* new insights · *4* to triage · *1* bug breached');
    expect(render(model(6, 4, 1), 'fr', 'channel').text).toBe('Récap de la semaine · Acme Product\u202F: *6* nouveaux insights · *4* à trier · *1* bug hors délai');
  });

  it('plural lines: accounts, pitches, opportunities without evidence, open bugs (0/1/2, both languages)', () => {
    const model = (n: number) =>
      buildDigestModel(
        { ...emptyInsights, count: 3, weightiest: [{ customer: 'Acme', arr: null, segment: null, n: Math.max(1, n) }] },
        { ...emptyBugs, open: n ? [{ team: 'checkout', open: n, dueSoon: 0, breached: 0 }] : [] },
        { ...emptyOpps, newPitches: n, newPitchList: n ? [{ id: 7, title: 'Split invoices', score: 10, status: 'pitched' }] : [], withoutEvidence: n },
        NOW,
      );
    const en1 = shown(render(model(1)).blocks);
    expect(en1).toContain('Accounts: Acme (1 insight)');
    expect(en1).toContain('1 new pitch: #7 Split invoices (RICE 10)');
    expect(en1).toContain('1 open opportunity with no evidence yet');
    expect(en1).toContain('Checkout: 1 open');
    const en2 = shown(render(model(2)).blocks);
    expect(en2).toContain('Accounts: Acme (2 insights)');
    expect(en2).toContain('2 new pitches: #7 Split invoices (RICE 10) and 1 more');
    expect(en2).toContain('2 open opportunities with no evidence yet');
    const en0 = shown(render(model(0)).blocks);
    expect(en0).toContain('No new pitch');
    expect(en0).toContain('No open bug');
    expect(en0).not.toContain('no evidence');
    const fr1 = shown(render(model(1), 'fr').blocks);
    expect(fr1).toContain('Comptes\u202F: Acme (1 insight)');
    expect(fr1).toContain('1 nouvelle opportunité proposée\u202F: #7 Split invoices (RICE 10)');
    expect(fr1).toContain('1 opportunité ouverte encore sans preuve');
    expect(fr1).toContain('Checkout\u202F: 1 ouvert');
    const fr2 = shown(render(model(2), 'fr').blocks);
    expect(fr2).toContain('2 nouvelles opportunités proposées\u202F: #7 Split invoices (RICE 10) et 1 de plus');
    expect(fr2).toContain('2 opportunités ouvertes encore sans preuve');
    expect(fr2).toContain('Checkout\u202F: 2 ouverts');
    expect(shown(render(model(0), 'fr').blocks)).toContain('Aucune nouvelle opportunité proposée');
    for (const text of [en0, en1, en2, fr1, fr2]) expect(text).not.toMatch(/\((?:s|es|x|ies)\)/);
  });

  it('lateness reads in days: under a day, 1 day, 6 days (never "153 h")', () => {
    const late = (deadline: string) =>
      buildDigestModel(emptyInsights, { ...emptyBugs, open: [{ team: 'checkout', open: 1, dueSoon: 0, breached: 1 }], worstBreached: [{ key: 'PAY-9', title: 'Card declined', team: 'checkout', deadline, url: null }] }, emptyOpps, NOW);
    const sixDays = late('2026-11-16T23:00:00Z'); // 153 h before NOW
    expect(sixDays.bugs.worstBreached[0]).toMatchObject({ overdueHours: 153, overdueDays: 6 });
    expect(shown(render(sixDays).blocks)).toContain('`PAY-9` Card declined: 6 days late');
    expect(shown(render(sixDays, 'fr').blocks)).toContain('`PAY-9` Card declined\u202F: en retard de 6\u00A0jours');
    const oneDay = late('2026-11-22T06:00:00Z'); // 26 h
    expect(shown(render(oneDay).blocks)).toContain('`PAY-9` Card declined: 1 day late');
    expect(shown(render(oneDay, 'fr').blocks)).toContain('`PAY-9` Card declined\u202F: en retard de 1\u00A0jour');
    const hours = late('2026-11-22T20:00:00Z'); // 12 h
    expect(shown(render(hours).blocks)).toContain('`PAY-9` Card declined: less than a day late');
    expect(shown(render(hours, 'fr').blocks)).toContain('en retard de moins d’un jour');
    expect(shown(render(sixDays).blocks)).not.toMatch(/\d+ h past/);
  });

  it('the oldest insight to triage: its age in days, today, 1 day, 6 days, both languages, one colon per line', () => {
    const line = (createdAt: string, lang: 'en' | 'fr') => {
      const insights: InsightAggregates = {
        ...emptyInsights,
        untriagedByTribe: [{ key: 'payments', n: 1 }],
        oldestUntriaged: { id: 3, tribe: 'payments', created_at: createdAt, text: 'Checkout is slow', triage_channel: null, triage_ts: null },
      };
      return shown(render(buildDigestModel(insights, emptyBugs, emptyOpps, NOW), lang).blocks).split('\n').find((l) => l.includes('Checkout is slow'));
    };
    expect(line('2026-11-23T02:00:00Z', 'en')).toBe('• Oldest to triage (today): #3 “Checkout is slow”');
    expect(line('2026-11-22T02:00:00Z', 'en')).toBe('• Oldest to triage (1 day): #3 “Checkout is slow”');
    expect(line('2026-11-17T02:00:00Z', 'en')).toBe('• Oldest to triage (6 days): #3 “Checkout is slow”');
    expect(line('2026-11-23T02:00:00Z', 'fr')).toBe('• Le plus ancien à trier (aujourd’hui)\u202F: #3 «\u202FCheckout is slow\u202F»');
    expect(line('2026-11-22T02:00:00Z', 'fr')).toBe('• Le plus ancien à trier (1\u00A0jour)\u202F: #3 «\u202FCheckout is slow\u202F»');
    expect(line('2026-11-17T02:00:00Z', 'fr')).toBe('• Le plus ancien à trier (6\u00A0jours)\u202F: #3 «\u202FCheckout is slow\u202F»');
  });

  it('one short line per fact: sections keep their line breaks, a bullet per fact, and a Full digest button on the channel post only', () => {
    const insights: InsightAggregates = { ...emptyInsights, count: 2, previousCount: 1, bySource: [{ key: 'call', n: 2 }], untriagedByTribe: [{ key: 'payments', n: 2 }] };
    const msg = render(buildDigestModel(insights, emptyBugs, emptyOpps, NOW), 'en', 'channel');
    const section = msg.blocks.find((b) => b.type === 'section' && b.text?.text.startsWith('*Insights*'));
    expect(section?.type === 'section' && section.text?.text.split('\n')).toEqual(['*Insights*', '• Previous period: 1 (▲ +1)', '• Sources: Customer call 2', '• To triage: Payments 2']);
    expect(msg.blocks.at(-1)).toEqual({
      type: 'actions',
      elements: [{ type: 'button', action_id: 'digest_full', text: { type: 'plain_text', text: 'Full digest' }, value: 'payments|2026-11-16T08:00:00.000Z|2026-11-23T08:00:00.000Z' }],
    });
    expect(validateBlocks(msg.blocks, 'message')).toEqual([]);
    const full = render(buildDigestModel(insights, emptyBugs, emptyOpps, NOW), 'en', 'full');
    expect(full.blocks.some((b) => b.type === 'actions')).toBe(false);
    expect(full.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'Full digest · Acme Product' } });
  });

  it('trends: up, down, same', () => {
    expect([trendOf(5, 3), trendOf(2, 3), trendOf(3, 3)]).toEqual(['up', 'down', 'same']);
    expect([trendMark('up', 2), trendMark('down', -4), trendMark('same', 0)]).toEqual(['▲ +2', '▼ −4', '=']);
  });

  it('bug figures per team: most urgent first, ties by key; share and median over resolved bugs', () => {
    const bugs: BugAggregates = {
      open: [
        { team: 'billing', open: 2, dueSoon: 1, breached: 0 },
        { team: 'checkout', open: 3, dueSoon: 0, breached: 1 },
        { team: 'search', open: 3, dueSoon: 0, breached: 1 },
        { team: null, open: 1, dueSoon: 0, breached: 0 },
      ],
      resolved: [
        // 24 h, within; 200 h, late; 48 h, exactly at the deadline (within).
        { team: 'checkout', qualified_at: '2026-11-01T00:00:00Z', clock_started_at: '2026-11-01T00:00:00Z', deadline: '2026-11-08T00:00:00Z', resolved_at: '2026-11-02T00:00:00Z' },
        { team: 'checkout', qualified_at: '2026-11-01T00:00:00Z', clock_started_at: '2026-11-01T00:00:00Z', deadline: '2026-11-08T00:00:00Z', resolved_at: '2026-11-09T08:00:00Z' },
        { team: 'billing', qualified_at: '2026-11-10T00:00:00Z', clock_started_at: '2026-11-10T00:00:00Z', deadline: '2026-11-12T00:00:00Z', resolved_at: '2026-11-12T00:00:00Z' },
      ],
      worstBreached: [],
    };
    const model = buildDigestModel(emptyInsights, bugs, emptyOpps, NOW);
    expect(model.bugs.byTeam.map((t) => t.team)).toEqual(['checkout', 'search', 'billing', '']);
    expect(model.bugs.overall).toEqual({ open: 9, dueSoon: 1, breached: 2, fixedWithinSlaShare: 2 / 3, medianHoursToFix: 48 });
    expect(model.bugs.byTeam[0]).toMatchObject({ team: 'checkout', fixedWithinSlaShare: 0.5, medianHoursToFix: 112 });
    const msg = render(model);
    const text = shown(msg.blocks);
    expect(text).toContain('• 9 open · 1 due within 2 days · 2 breached');
    expect(text).toContain('• 67% fixed within the SLA (last 30 days) · median fix 2 days');
    expect(text).toContain('• Checkout: 3 open · 1 breached\n• Search: 3 open · 1 breached\n• Billing: 2 open · 1 due soon\n• no team: 1 open');
    const fr = shown(render(model, 'fr').blocks);
    expect(fr).toMatch(/67\s% corrigés dans le délai/); // French puts a narrow no-break space before %
    expect(fr).toContain('• 9 ouverts · 1 à échéance sous 2\u00A0jours · 2 hors délai');
  });

  it('a huge week stays within Slack limits, lists ending with "and N more"', () => {
    const insights: InsightAggregates = {
      count: 25_000,
      previousCount: 30_000,
      bySource: ['call', 'ticket', 'sales', 'csm', 'test', 'internal', 'other'].map((key, i) => ({ key, n: 1000 - i })),
      topTags: Array.from({ length: 5 }, (_, i) => ({ key: `theme-${'x'.repeat(40)}-${i}`, n: 100 - i })),
      weightiest: Array.from({ length: 5 }, (_, i) => ({ customer: `Customer <${'y'.repeat(200)}> ${i}`, arr: 1_000_000 - i, segment: null, n: 3 })),
      untriagedByTribe: Array.from({ length: 40 }, (_, i) => ({ key: `tribe-${i}`, n: 500 - i })),
      oldestUntriaged: { id: 1, tribe: 'payments', created_at: '2025-01-01T00:00:00Z', text: 'z'.repeat(3000), triage_channel: 'C0000PAYMNT', triage_ts: '1.2' },
    };
    const bugs: BugAggregates = {
      open: Array.from({ length: 200 }, (_, i) => ({ team: `team-${i}`, open: 500, dueSoon: 10, breached: 5 + i })),
      resolved: [],
      worstBreached: Array.from({ length: 5 }, (_, i) => ({ key: `PAY-${i}`, title: 't'.repeat(500), team: null, deadline: '2026-11-01T00:00:00Z', url: `https://tracker.example.com/PAY-${i}` })),
    };
    const model = buildDigestModel(insights, bugs, emptyOpps, NOW);
    const msg = render(model);
    expect(validateBlocks(msg.blocks, 'message')).toEqual([]);
    expect(msg.blocks.length).toBeLessThanOrEqual(50);
    expect(msg.text).toBe('Full digest · Acme Product: *25,000* new insights · *19,220* to triage · *20,900* bugs breached');
    const json = JSON.stringify(msg.blocks);
    expect(json).toContain('Previous period: 30,000 (▼ −5,000)');
    expect(json).toContain('and 192 more'); // 200 teams, 8 shown
    expect(json).toContain('and 32 more'); // 40 tribes waiting for triage, 8 shown
    expect(json).not.toContain('<yyyy'); // customer names are escaped
    // The channel post shows three of each list, and still fits.
    const channel = render(model, 'en', 'channel');
    expect(validateBlocks(channel.blocks, 'message')).toEqual([]);
    expect(JSON.stringify(channel.blocks)).toContain('and 197 more'); // 200 teams, 3 shown
    for (const b of channel.blocks) if (b.type === 'section') expect(b.text?.text.length).toBeLessThanOrEqual(3000);
  });

  it('opportunities: new pitches, top by RICE, decisions with outcomes, no evidence, and the insight-to-ship median', () => {
    const opps: OpportunityAggregates = {
      newPitches: 3,
      newPitchList: [{ id: 7, title: 'Split invoices', score: 1280, status: 'pitched' }],
      top: [{ id: 2, title: 'One-click refunds', score: 2400.5, status: 'go' }],
      decisions: [
        { id: 2, title: 'One-click refunds', to_status: 'go', note: null },
        { id: 4, title: 'Dark mode', to_status: 'rework', note: 'Quantify the value' },
      ],
      decisionCount: 2,
      withoutEvidence: 4,
      insightToShipDays: [10, 30, 41.6],
    };
    const model = buildDigestModel(emptyInsights, emptyBugs, opps, NOW);
    expect(model.quiet).toBe(false);
    expect(model.opportunities.medianDaysInsightToShip).toBe(30);
    const text = shown(render(model).blocks);
    expect(text).toContain('• 3 new pitches: #7 Split invoices (RICE 1,280) and 2 more');
    expect(text).toContain('• Top by RICE: #2 One-click refunds (2,401)');
    expect(text).toContain('• Decided at the alignment meeting: #2 One-click refunds ✅ go, #4 Dark mode 🔁 rework');
    expect(text).toContain('• 4 open opportunities with no evidence yet');
    expect(text).toContain('• First insight to shipping: 30 days median (3 shipped, last 90 days)');
    const fr = shown(render(model, 'fr').blocks);
    expect(fr).toContain('• Du premier insight à la livraison\u202F: 30\u00A0jours en médiane (3 livrées, 90 derniers jours)');
  });

  it('listWithMore respects both the item and the character budget', () => {
    const tr = translator('en');
    expect(listWithMore(['a', 'b', 'c'], 2, tr)).toBe('a, b and 1 more');
    expect(listWithMore(['aaaa', 'bbbb', 'cccc'], 10, tr, 9)).toBe('aaaa and 2 more');
    expect(listWithMore([], 3, tr)).toBe('');
  });
});

describe('digest periods', () => {
  it('a weekly Monday 09:00 digest covers the week since the previous Monday, in local time', () => {
    const p = latestDigestPeriods({ org }, new Date('2026-11-23T08:30:00Z'));
    expect(p?.occurrence.key).toBe('2026-11-23T09:00');
    expect(p?.period).toEqual({ from: new Date('2026-11-16T08:00:00Z'), to: new Date('2026-11-23T08:00:00Z') });
    expect(p?.previous.from).toEqual(new Date('2026-11-09T08:00:00Z'));
  });

  it('the week of the autumn DST change is 169 hours long, and the digest still posts at 09:00 local', () => {
    const p = latestDigestPeriods({ org }, new Date('2026-10-26T08:00:00Z'));
    expect(p?.occurrence.start).toEqual(new Date('2026-10-26T08:00:00Z')); // 09:00 CET
    expect(p?.period.from).toEqual(new Date('2026-10-19T07:00:00Z')); // 09:00 CEST
    expect(((p?.period.to.getTime() ?? 0) - (p?.period.from.getTime() ?? 0)) / 3_600_000).toBe(169);
  });

  it('honours a configured cadence (every other Wednesday 17:00)', () => {
    const custom = buildOrgConfig({ digests: { recurrence: { rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=WE', dtstart: '2026-11-04', time: '17:00' } } });
    const p = latestDigestPeriods({ org: custom }, new Date('2026-11-20T12:00:00Z'));
    expect(p?.occurrence.key).toBe('2026-11-18T17:00');
    expect(p?.period.from).toEqual(new Date('2026-11-04T16:00:00Z'));
  });
});

describe('clip', () => {
  it('keeps line breaks (one line per fact), tidies each line, drops blank ones, and cuts within the limit', () => {
    expect(clip('*Insights*\n•  4   new\r\n\n\t• Sources: call 2  ', 3000)).toBe('*Insights*\n• 4 new\n• Sources: call 2');
    expect(clip('Sources\u202F: 4\u00A0jours', 3000)).toBe('Sources\u202F: 4\u00A0jours'); // French no-break spaces are typography, kept
    const long = clip(`${'a'.repeat(50)}\n${'b'.repeat(50)}`, 60);
    expect(long.length).toBeLessThanOrEqual(60);
    expect(long.startsWith(`${'a'.repeat(50)}\n`)).toBe(true);
  });

  it('user text inside a digest stays on its own line and inert: no ping, no disguised link, no line break of its own', () => {
    const bugs: BugAggregates = {
      open: [{ team: 'checkout', open: 1, dueSoon: 0, breached: 1 }],
      resolved: [],
      worstBreached: [{ key: 'PAY-9', title: 'Boom\n<!channel>\n<https://evil.example|https://bank.example>', team: 'checkout', deadline: '2026-11-20T00:00:00Z', url: null }],
    };
    const insights: InsightAggregates = {
      ...emptyInsights,
      count: 1,
      untriagedByTribe: [{ key: 'payments', n: 1 }],
      oldestUntriaged: { id: 4, tribe: 'payments', created_at: '2026-11-20T00:00:00Z', text: 'Line one\n\n<@U0000ADMIN1> see <https://evil.example|the docs>', triage_channel: null, triage_ts: null },
    };
    for (const lang of ['en', 'fr'] as const) {
      const blocks = render(buildDigestModel(insights, bugs, emptyOpps, NOW), lang, 'channel').blocks;
      const json = JSON.stringify(blocks);
      expect(json).not.toContain('<!channel>');
      expect(json).not.toContain('<@U0000ADMIN1>');
      expect(json).not.toContain('|https://bank.example>');
      expect(json).not.toContain('|the docs>');
      const lines = shown(blocks).split('\n');
      // The title is one line, escaped; the verbatim shows its real link target.
      expect(lines.some((l) => l.includes('Boom &lt;!channel&gt; &lt;https://evil.example|https://bank.example&gt;'))).toBe(true);
      expect(lines.some((l) => l.includes('Line one @U0000ADMIN1 see the docs (<https://evil.example>)') || l.includes('Line one &lt;@U0000ADMIN1&gt;'))).toBe(true);
    }
  });
});

describe('untrusted titles in the digest', () => {
  it('a bug title or customer name written as a Slack mention cannot ping anyone', () => {
    const bugs: BugAggregates = {
      open: [{ team: 'checkout', open: 1, dueSoon: 0, breached: 1 }],
      resolved: [],
      worstBreached: [{ key: 'PAY-9', title: 'Boom <!channel> <@U0000ADMIN1>', team: 'checkout', deadline: '2026-11-20T00:00:00Z', url: null }],
    };
    const insights: InsightAggregates = { ...emptyInsights, count: 1, weightiest: [{ customer: '<!here> Corp', arr: null, segment: null, n: 1 }] };
    const json = JSON.stringify(render(buildDigestModel(insights, bugs, emptyOpps, NOW)).blocks);
    expect(json).not.toContain('<!channel>');
    expect(json).not.toContain('<!here>');
    expect(json).not.toContain('<@U0000ADMIN1>');
    expect(json).toContain('&lt;!channel&gt;');
  });
});

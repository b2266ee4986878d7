import { describe, expect, it } from 'vitest';
import { translator } from '../../src/i18n/index.js';
import { digestMessage, listWithMore, trendMark } from '../../src/digests/blocks.js';
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
const render = (model: ReturnType<typeof buildDigestModel>, lang: 'en' | 'fr' = 'en') =>
  digestMessage(translator(lang), org, model, {
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

describe('digest model', () => {
  it('an empty week is quiet and says so in one line', () => {
    const model = buildDigestModel(emptyInsights, emptyBugs, emptyOpps, NOW);
    expect(model.quiet).toBe(true);
    const msg = render(model);
    expect(msg.blocks.map((b) => b.type)).toEqual(['header', 'context', 'section']);
    expect(msg.text).toContain('A quiet week for Acme Product');
    expect(validateBlocks(msg.blocks, 'message')).toEqual([]);
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
    expect(msg.text).toContain('*9* open · *1* due within 48 h · *2* breached');
    expect(msg.text).toContain('67% fixed within the SLA over the last 30 days · median time to fix 2 d');
    const fr = render(model, 'fr');
    expect(fr.text).toMatch(/67\s% corrigés dans le délai/); // French puts a narrow no-break space before %
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
    const msg = render(buildDigestModel(insights, bugs, emptyOpps, NOW));
    expect(validateBlocks(msg.blocks, 'message')).toEqual([]);
    expect(msg.blocks.length).toBeLessThanOrEqual(50);
    expect(msg.text).toContain('*25000* new this period ▼ −5000 (previous period: 30000)');
    const json = JSON.stringify(msg.blocks);
    expect(json).toContain('and 192 more'); // 200 teams, 8 shown
    expect(json).toContain('and 32 more'); // 40 tribes waiting for triage, 8 shown
    expect(json).not.toContain('<yyyy'); // customer names are escaped
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
    const text = render(model).text;
    expect(text).toContain('*3* new pitch(es): #7 Split invoices (RICE 1,280) and 2 more');
    expect(text).toContain('Top by RICE: #2 One-click refunds (2,401)');
    expect(text).toContain('Alignment-meeting decisions (2): #2 One-click refunds ✅ go, #4 Dark mode 🔁 rework');
    expect(text).toContain('4 open opportunit(ies) with no evidence yet.');
    expect(text).toContain('Product Ops health: median 30 day(s) from the first insight to shipping (3 shipped over the last 90 days).');
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

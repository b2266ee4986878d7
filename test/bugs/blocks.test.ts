import { describe, expect, it } from 'vitest';
import { escapeText } from '../../src/slack/text.js';
import { bugCard, deadlineDate, formatDuration, listMessage, noticeMessage, registerModal, resolvedNotice, slackDate, statsMessage } from '../../src/bugs/blocks.js';
import { computeBugFigures } from '../../src/bugs/figures.js';
import { ladderOf } from '../../src/bugs/ladder.js';
import type { Bug } from '../../src/bugs/store.js';
import { translator } from '../../src/i18n/index.js';
import { validateBlocks, validateView } from '../../src/sandbox/slack/block-kit.js';
import { buildOrgConfig, exampleOrgConfig } from '../helpers/org.js';

const org = exampleOrgConfig();
const NOW = new Date('2026-11-20T09:00:00Z');

function buildBug(overrides: Partial<Bug> = {}): Bug {
  const q = new Date('2026-11-16T09:00:00Z');
  return {
    key: 'PAY-1',
    title: 'Checkout fails on Safari',
    severity: 'high',
    team: 'checkout',
    owner: 'U0000DEV001',
    ownerEmail: null,
    url: 'https://tracker.example/PAY-1',
    source: 'command',
    reportedBy: 'U0000QA0001',
    qualifiedAt: q,
    clockId: 1,
    clockStartedAt: q,
    deadline: new Date('2026-11-23T09:00:00Z'),
    resolvedAt: null,
    resolvedBy: null,
    nextNoticeAt: null,
    createdAt: q,
    updatedAt: q,
    ...overrides,
  };
}

describe('bug Block Kit builders stay within Slack limits', () => {
  const huge = buildBug({ key: `K-${'9'.repeat(62)}`, title: `<@U1> & ${'é'.repeat(600)}`, url: `https://tracker.example/${'x'.repeat(2900)}`, clockId: 3, ownerEmail: 'a@b.c' });

  for (const lang of ['en', 'fr'] as const) {
    const tr = translator(lang);
    it(`notices, cards and updates (${lang}), even with a 64-character key, a 500-character title and a long URL`, () => {
      for (const level of ladderOf(org)) {
        for (const bug of [buildBug(), huge, buildBug({ team: null, owner: null, url: null })]) {
          const msg = noticeMessage(tr, bug, level, org);
          expect(validateBlocks(msg.blocks, 'message')).toEqual([]);
          expect(msg.text.length).toBeGreaterThan(0);
        }
      }
      for (const bug of [buildBug(), huge, buildBug({ resolvedAt: NOW, resolvedBy: 'U0000DEV001' })]) {
        expect(validateBlocks(bugCard(tr, bug, org, NOW, { intro: 'x', notices: [] }).blocks, 'message')).toEqual([]);
        expect(validateBlocks(resolvedNotice(tr, bug, org).blocks, 'message')).toEqual([]);
      }
    });

    it(`the list and the stats (${lang}), with many bugs and teams`, () => {
      const bugs = Array.from({ length: 25 }, (_, i) => buildBug({ key: `PAY-${i}`, title: 't'.repeat(300) }));
      const list = listMessage(tr, bugs, { filter: 'breached', team: 'checkout', total: 300, org, now: NOW });
      expect(validateBlocks(list.blocks, 'message')).toEqual([]);
      expect(list.blocks).toHaveLength(27);
      expect(validateBlocks(listMessage(tr, [], { filter: 'all', team: null, total: 0, org, now: NOW }).blocks, 'message')).toEqual([]);

      const rows = Array.from({ length: 200 }, (_, i) => ({ key: `K-${i}`, team: `team-${i % 80}`, severity: 'low' as const, qualifiedAt: new Date('2026-11-10T00:00:00Z'), deadline: new Date('2026-11-17T00:00:00Z'), resolvedAt: i % 2 ? NOW : null }));
      const stats = statsMessage(tr, computeBugFigures(rows, NOW), org, 30);
      expect(validateBlocks(stats.blocks, 'message')).toEqual([]);
      expect(stats.blocks.length).toBeLessThanOrEqual(50);
      expect(validateBlocks(statsMessage(tr, computeBugFigures([], NOW), org, 30).blocks, 'message')).toEqual([]);
    });

    it(`the registration form (${lang}), also with 150 impact teams`, () => {
      expect(validateView(registerModal(tr, org, { channel: 'C0000QACHAN' }))).toEqual([]);
      const many = buildOrgConfig({
        tribes: [{ key: 'big', name: 'Big', channel: 'C0000BIGBIG', impactTeams: Array.from({ length: 150 }, (_, i) => ({ key: `team-${i}`, name: `Team with a long name number ${i}` })) }],
      });
      expect(validateView(registerModal(tr, many, { channel: 'C0000QACHAN' }))).toEqual([]);
      const none = buildOrgConfig({ tribes: [] });
      expect(validateView(registerModal(tr, none, { channel: 'C0000QACHAN' }))).toEqual([]);
    });
  }

  it('user text cannot become a mention or a link', () => {
    expect(escapeText('<!channel> & <@U1>')).toBe('&lt;!channel&gt; &amp; &lt;@U1&gt;');
    const msg = noticeMessage(translator('en'), buildBug({ title: '<!here> pay now' }), ladderOf(org)[1]!, org);
    expect(msg.text).toContain('&lt;!here&gt; pay now');
    expect(msg.text).not.toContain('<!here>');
  });

  it('the fallback date is the organisation time, naming its zone, in summer and winter, in the reader’s language', () => {
    const en = translator('en');
    const token = (iso: string, zone: string, tr = en) => /\|([^>]*)>$/.exec(slackDate(new Date(iso), zone, tr))?.[1];
    expect(token('2026-07-01T12:30:00Z', 'Europe/Paris')).toBe('Wed 1 Jul, 14:30 (Paris time)');
    expect(token('2026-12-31T23:30:00Z', 'Europe/Paris')).toBe('Fri 1 Jan, 00:30 (Paris time)');
    expect(token('2026-12-31T23:30:00Z', 'UTC')).toBe('Thu 31 Dec, 23:30 (UTC)');
    expect(token('2026-12-31T23:30:00Z', 'Asia/Kolkata')).toBe('Fri 1 Jan, 05:00 (Kolkata time)');
    expect(token('2026-12-31T23:30:00Z', 'Europe/Paris', translator('fr'))).toBe('ven. 1 janv., 0\u202fh\u202f30 (heure de Paris)');
    // A deadline is shown to the hour, never later than the real one, in the organisation's zone (Kolkata is UTC+5:30).
    expect(/\|([^>]*)>$/.exec(deadlineDate(new Date('2026-12-31T23:43:00Z'), 'Asia/Kolkata', en))?.[1]).toBe('Fri 1 Jan, 05:00 (Kolkata time)');
  });

  it('durations', () => {
    const tr = translator('fr');
    expect(formatDuration(tr, 0)).toBe('0 h');
    expect(formatDuration(tr, 23.6 * 3_600_000)).toBe('1 j 0 h');
    expect(formatDuration(tr, -5)).toBe('0 h');
    expect(formatDuration(translator('en'), (50 * 24 + 3) * 3_600_000)).toBe('50 d 3 h');
  });
});

describe('dropped bugs (issue 13)', () => {
  const dropped = buildBug({ resolvedAt: NOW, droppedAt: NOW, droppedReason: "Won't Do <!channel>" });
  for (const lang of ['en', 'fr'] as const) {
    const tr = translator(lang);
    it(`the card, the notice update and the stats say dropped, not resolved (${lang})`, () => {
      const card = bugCard(tr, dropped, org, NOW);
      expect(validateBlocks(card.blocks, 'message')).toEqual([]);
      const cardText = JSON.stringify(card.blocks);
      expect(cardText).toContain(lang === 'en' ? 'Dropped in the tracker' : 'Abandonné dans le tracker');
      expect(cardText).not.toContain('<!channel>');
      const notice = resolvedNotice(tr, dropped, org);
      expect(validateBlocks(notice.blocks, 'message')).toEqual([]);
      expect(notice.text).toContain(lang === 'en' ? 'was dropped in the tracker' : 'a été abandonné dans le tracker');
      expect(notice.text).not.toContain('<!channel>');
      const rows = [{ key: 'PAY-1', team: 'checkout', severity: 'high' as const, qualifiedAt: new Date('2026-11-16T09:00:00Z'), deadline: new Date('2026-11-23T09:00:00Z'), resolvedAt: NOW, dropped: true }];
      const stats = statsMessage(tr, computeBugFigures(rows, NOW), org, 30);
      expect(stats.text + JSON.stringify(stats.blocks)).toContain(lang === 'en' ? 'dropped (won’t do, not planned, deleted): 1' : 'abandonnés (ne sera pas fait, non prévu, supprimé)\u202f: 1');
    });
  }
});

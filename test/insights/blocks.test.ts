import { describe, expect, it } from 'vitest';
import { confirmationMessage, formatArr, insightModal, resultsMessage, tagsModal, triageCard, usageMessage } from '../../src/insights/blocks.js';
import type { Insight } from '../../src/insights/store.js';
import { escapeMrkdwn, plainOf, truncate } from '../../src/slack/text.js';
import { translator } from '../../src/i18n/index.js';
import { validateBlocks, validateView } from '../../src/sandbox/slack/block-kit.js';
import { buildOrgConfig, exampleOrgConfig } from '../helpers/org.js';

const org = exampleOrgConfig();
const en = translator('en');
const fr = translator('fr');

function insight(over: Partial<Insight> = {}): Insight {
  return {
    id: 42,
    text: 'Checkout times out on mobile',
    source: 'call',
    customer: 'Acme Corp',
    arr: 120000,
    segment: 'enterprise',
    tribe: 'payments',
    impactTeam: null,
    tags: ['checkout', 'mobile'],
    reporterId: 'U0ALICE',
    voiceId: null,
    channelId: 'C0GENERAL',
    messageTs: null,
    permalink: null,
    status: 'new',
    duplicateOf: null,
    createdAt: '2026-03-02T09:00:00.000Z',
    updatedAt: '2026-03-02T09:00:00.000Z',
    triagedBy: null,
    triagedAt: null,
    archivedBy: null,
    archivedAt: null,
    triageChannel: 'C0000PAYMNT',
    triageTs: '1772442000.000100',
    ...over,
  };
}

// The worst case: maximum length, characters that expand when escaped, emoji, references.
const nasty = `${'<@U0BOB> & <b>🙂 '.repeat(150)}`.slice(0, 3000);
const huge = insight({ text: nasty, customer: '&'.repeat(120), tags: Array.from({ length: 10 }, (_, i) => `${'t'.repeat(38)}${i}`), permalink: `https://x.slack.com/archives/C1/p${'1'.repeat(16)}` });

function allText(blocks: readonly unknown[] | undefined): string {
  return JSON.stringify(blocks);
}

describe('insight Block Kit builders', () => {
  it('the confirmation fits Slack limits, with duplicates and a fallback text', () => {
    for (const tr of [en, fr]) {
      for (const i of [insight(), huge, insight({ tribe: null, customer: null, arr: null, segment: null, tags: [] })]) {
        const m = confirmationMessage(tr, org, i, { duplicates: [huge, insight({ id: 7 }), insight({ id: 8 }), insight({ id: 9 })], undoMinutes: 10, teamDomain: 'acme' });
        expect(validateBlocks(m.blocks, 'message')).toEqual([]);
        expect(m.text.length).toBeGreaterThan(0);
      }
    }
    const m = confirmationMessage(en, org, insight(), { duplicates: [insight({ id: 7 })], undoMinutes: 10, teamDomain: 'acme' });
    expect(m.text).toBe('Logged insight #42. Checkout times out on mobile');
    expect(allText(m.blocks)).toContain('It goes to *Payments* for triage in <#C0000PAYMNT>.');
    expect(allText(m.blocks)).toContain('https://acme.slack.com/archives/C0000PAYMNT/p1772442000000100');
    expect(allText(m.blocks)).toContain('"value":"42:7"');
  });

  it('says where an insight without a tribe goes, or that it goes nowhere', () => {
    const inbox = confirmationMessage(en, org, insight({ tribe: null }), { duplicates: [], undoMinutes: 10 });
    expect(allText(inbox.blocks)).toContain('insights inbox <#C0000INBOX1>');
    const noInbox = buildOrgConfig({ channels: {} });
    const nowhere = confirmationMessage(en, noInbox, insight({ tribe: null }), { duplicates: [], undoMinutes: 10 });
    expect(allText(nowhere.blocks)).toContain('nobody will triage it');
  });

  it('the modal fits Slack limits, prefilled or empty, and keeps the metadata', () => {
    const big = buildOrgConfig({
      tribes: Array.from({ length: 120 }, (_, i) => ({ key: `tribe-${i}`, name: `Tribe ${'n'.repeat(70)} ${i}`, channel: `C0000T${String(i).padStart(4, '0')}` })),
    });
    for (const tr of [en, fr]) {
      for (const o of [org, big]) {
        const empty = insightModal(tr, o, { metadata: { channel: 'C0GENERAL' } });
        expect(validateView(empty)).toEqual([]);
        const full = insightModal(tr, o, {
          metadata: { id: 123456, channel: 'C0GENERAL', voice: 'U0BOB', messageChannel: 'C0GENERAL', messageTs: '1.2', permalink: huge.permalink ?? '' },
          prefill: { ...huge, text: 'x'.repeat(5000), tribe: 'payments' },
        });
        expect(validateView(full)).toEqual([]);
      }
    }
    const view = insightModal(en, org, { metadata: { channel: 'C1', voice: 'U0BOB' }, prefill: { tribe: 'discovery', source: 'ticket' } });
    expect(JSON.parse(view.private_metadata ?? '')).toEqual({ channel: 'C1', voice: 'U0BOB' });
    expect(allText(view.blocks)).toContain('"initial_option":{"text":{"type":"plain_text","text":"Discovery"},"value":"discovery"}');
    expect(allText(view.blocks)).toContain('"initial_option":{"text":{"type":"plain_text","text":"Support ticket"},"value":"ticket"}');
    // No tribe configured: no tribe field at all (nothing to choose).
    expect(allText(insightModal(en, buildOrgConfig({ tribes: [] }), { metadata: {} }).blocks)).not.toContain('"block_id":"tribe"');
  });

  it('the triage card offers team assignment, inbox routing, or restore, within limits', () => {
    const withTeams = triageCard(en, org, insight());
    expect(validateBlocks(withTeams.blocks, 'message')).toEqual([]);
    expect(allText(withTeams.blocks)).toContain('insight_assign_team');
    expect(allText(withTeams.blocks)).toContain('"value":"42:checkout"');
    const inbox = triageCard(en, org, insight({ tribe: null }));
    expect(allText(inbox.blocks)).toContain('insight_route_tribe');
    expect(allText(inbox.blocks)).not.toContain('insight_assign_team');
    const archived = triageCard(fr, org, insight({ status: 'archived', archivedBy: 'U0ADMIN' }));
    expect(allText(archived.blocks)).toContain('insight_restore');
    expect(allText(archived.blocks)).toContain('Archivé par <@U0ADMIN>');
    expect(allText(archived.blocks)).not.toContain('insight_archive');
    const assigned = triageCard(en, org, insight({ impactTeam: 'billing', triagedBy: 'U0PM', duplicateOf: 7 }));
    expect(allText(assigned.blocks)).toContain('Assigned to *Billing* by <@U0PM> · Same as #7');
    const moved = triageCard(en, org, insight({ tribe: 'discovery' }), { movedTo: { tribe: 'Discovery', by: 'U0ADMIN' } });
    expect(moved.blocks.some((b) => b.type === 'actions')).toBe(false);
    for (const tr of [en, fr]) expect(validateBlocks(triageCard(tr, org, huge).blocks, 'message')).toEqual([]);
    expect(withTeams.text).toBe('New insight #42: Checkout times out on mobile');
  });

  it('results show ten at most, then how many more', () => {
    const items = Array.from({ length: 10 }, (_, i) => ({ ...huge, id: i + 1 }));
    const page = resultsMessage(en, org, { title: 't'.repeat(200), items, total: 25, totalCapped: false, emptyText: 'none', teamDomain: 'acme' });
    expect(validateBlocks(page.blocks, 'message')).toEqual([]);
    expect(allText(page.blocks)).toContain('…and 15 more.');
    const capped = resultsMessage(fr, org, { title: 'x', items, total: 1000, totalCapped: true, emptyText: 'none' });
    expect(allText(capped.blocks)).toContain('plus de 1000 autres');
    const empty = resultsMessage(en, org, { title: 'x', items: [], total: 0, totalCapped: false, emptyText: 'Nothing.', notes: ['Hint'] });
    expect(empty.text).toBe('Nothing.\nHint');
    expect(validateBlocks(empty.blocks, 'message')).toEqual([]);
  });

  it('the tags modal and the usage fit', () => {
    expect(validateView(tagsModal(en, huge, { id: 42 }))).toEqual([]);
    expect(validateBlocks(usageMessage(fr, 'x').blocks, 'message')).toEqual([]);
  });
});

describe('text helpers', () => {
  it('escapes mrkdwn, keeps channel references, makes mentions inert and links show their target (issue 19)', () => {
    expect(escapeMrkdwn('a < b & <@U1> <#C1|x> <!here> <https://x.io|x> <script>')).toBe('a &lt; b &amp; @U1 <#C1|x> &lt;!here&gt; x (<https://x.io>) &lt;script&gt;');
  });
  it('renders references as plain text', () => {
    expect(plainOf('hi <@U1|bob> in <#C1|general> see <https://x.io|docs> or <https://y.io>')).toBe('hi @bob in #general see docs (https://x.io) or https://y.io');
  });
  it('truncates without splitting emoji or references', () => {
    expect(truncate('short', 10)).toBe('short');
    expect(truncate('🙂🙂🙂', 4)).toBe('🙂…');
    expect(truncate('see <https://example.com/long|link>', 20)).toBe('see…');
    expect(truncate('one two three four five', 15)).toBe('one two three…');
  });
  it('formats ARR compactly', () => {
    expect(formatArr(950, 'en')).toBe('€950');
    expect(formatArr(120000, 'en')).toBe('€120k');
    expect(formatArr(1500000, 'en')).toBe('€1.5M');
    expect(formatArr(950, 'fr')).toBe('950\u202f€');
    expect(formatArr(120000, 'fr')).toBe('120\u202fk€');
    expect(formatArr(1500000, 'fr')).toBe('1,5\u202fM€');
  });
});

describe('Search instead (issue 14 item 4)', () => {
  it('adds the note and the button only when the text began with a search word; user text stays inert and within limits', () => {
    const plain = confirmationMessage(en, org, insight(), { duplicates: [], undoMinutes: 10 });
    expect(JSON.stringify(plain.blocks)).not.toContain('insight_search_instead');
    const words = `is slow <!channel> on \`tablets\` ${'x'.repeat(2000)}`;
    for (const tr of [en, fr]) {
      const m = confirmationMessage(tr, org, insight(), { duplicates: [], undoMinutes: 10, searchInstead: words });
      expect(validateBlocks(m.blocks, 'message')).toEqual([]);
      const json = JSON.stringify(m.blocks);
      expect(json).toContain('"action_id":"insight_search_instead"');
      // Shown text is inert (the button's value is data Slack never renders).
      const shown = JSON.stringify(m.blocks.filter((b) => b.type !== 'actions'));
      expect(shown).not.toContain('<!channel>');
      expect(shown).toContain('&lt;!channel&gt;');
      expect(json).toContain(tr === en ? 'Search instead' : 'Rechercher plutôt');
    }
  });
});

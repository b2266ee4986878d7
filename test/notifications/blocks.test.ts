import { describe, expect, it } from 'vitest';
import { translator } from '../../src/i18n/index.js';
import { pluralForm } from '../../src/i18n/plural.js';
import { loopDm, myInsightsBlocks } from '../../src/notifications/blocks.js';
import type { BatchNotice } from '../../src/notifications/store.js';
import { validateBlocks } from '../../src/sandbox/slack/block-kit.js';
import { exampleOrgConfig } from '../helpers/org.js';

const org = exampleOrgConfig();
function notice(over: Partial<BatchNotice> = {}): BatchNotice {
  return { id: 1, insightId: 12, customer: 'Acme', arr: 1000, tribe: 'payments', impactTeam: null, note: null, actor: 'U0000PMPAY2', at: '2026-11-23T10:00:00.000Z', stillLinked: true, ...over };
}
const opportunity = { id: 7, title: 'One-page checkout', status: 'go', cardChannel: 'C0000OPPORT', cardTs: '1.2' };

describe('plural forms (Intl.PluralRules)', () => {
  it('French says 0 and 1 in the singular, English only 1; huge numbers read as plural', () => {
    expect([0, 1, 2].map((n) => pluralForm('en', n))).toEqual(['other', 'one', 'other']);
    expect([0, 1, 1.5, 2].map((n) => pluralForm('fr', n))).toEqual(['one', 'one', 'one', 'other']);
    expect(pluralForm('fr', 1_000_000)).toBe('other');
  });
});

describe('loopDm', () => {
  it('names one insight in the singular, several with their count, in each language', () => {
    const one = loopDm(translator('en'), 'en', org, { kind: 'linked', notices: [notice()], opportunity, link: undefined });
    expect(one.text).toBe('Your insight #12 Acme is now evidence for the opportunity #7 “One-page checkout”.');
    const two = loopDm(translator('fr'), 'fr', org, { kind: 'linked', notices: [notice(), notice({ id: 2, insightId: 13, customer: 'Globex' })], opportunity, link: 'https://x.slack.com/archives/C1/p1' });
    expect(two.text).toContain('2 de vos insights (#12 Acme, #13 Globex) sont désormais des preuves de l’opportunité #7 «\u202fOne-page checkout\u202f».');
    expect(JSON.stringify(two.blocks)).toContain('Ouvrir l’opportunité');
    expect(validateBlocks(two.blocks, 'message')).toEqual([]);
  });

  it('never lets typed text ping or disguise a link, in the blocks or in the top-level text', () => {
    const dm = loopDm(translator('en'), 'en', org, {
      kind: 'rework',
      notices: [notice({ customer: '<!here> <http://evil|Acme>', note: 'See <!channel> and <@U123>' })],
      opportunity: { ...opportunity, title: '<!subteam^S1> title' },
      link: undefined,
    });
    const all = dm.text + JSON.stringify(dm.blocks);
    expect(all).not.toMatch(/<!here>|<!channel>|<!subteam|<http:/);
    expect(dm.text).toContain('Why: ');
  });

  it('triage notices carry the tribe; shipping names the customers to tell; long batches are cut', () => {
    const triaged = loopDm(translator('en'), 'en', org, { kind: 'triaged', notices: [notice({ customer: null })], opportunity: undefined, link: undefined });
    expect(triaged.text).toContain('Your insight #12 (Payments) has been triaged');
    const many = Array.from({ length: 40 }, (_, i) => notice({ id: i + 1, insightId: i + 1, customer: `Customer ${i}` }));
    const shipped = loopDm(translator('en'), 'en', org, { kind: 'shipped', notices: many, opportunity, link: undefined });
    expect(shipped.text).toContain('+30');
    expect(shipped.text).toContain('Good news to share with Customer 0');
    expect(validateBlocks(shipped.blocks, 'message')).toEqual([]);
  });
});

describe('myInsightsBlocks', () => {
  it('shows each insight’s state and the setting, within Home limits, empty or not', () => {
    const tr = translator('en');
    const empty = myInsightsBlocks(tr, { total: 0, items: [] }, 'all', (n) => `…and ${n} more`);
    expect(JSON.stringify(empty)).toContain('You have not logged any insight yet');
    const full = myInsightsBlocks(
      tr,
      {
        total: 12,
        items: [
          { id: 3, text: 'a', customer: 'Acme', status: 'triaged', opportunity: { id: 7, title: 'x', status: 'shipped' } },
          { id: 2, text: 'b', customer: null, status: 'triaged', opportunity: { id: 8, title: 'y', status: 'in_roadmap' } },
          { id: 1, text: 'c', customer: null, status: 'new', opportunity: undefined },
        ],
      },
      'shipped',
      (n) => `…and ${n} more`,
    );
    const json = JSON.stringify(full);
    expect(json).toContain('shipped in #7');
    expect(json).toContain('linked to #8 (In roadmap)');
    expect(json).toContain('— new');
    expect(json).toContain('…and 9 more');
    expect(validateBlocks(full, 'home')).toEqual([]);
  });
});

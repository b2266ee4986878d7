import { describe, expect, it } from 'vitest';
import { translator } from '../../src/i18n/index.js';
import {
  createdMessage,
  detailMessage,
  evidenceModal,
  healthMessage,
  insightOption,
  linkModal,
  listMessage,
  opportunityCard,
  opportunityOption,
  pitchModal,
  transitionModal,
  transitionNote,
  usageMessage,
} from '../../src/opportunities/blocks.js';
import { summariseHealth } from '../../src/opportunities/health.js';
import { STATUSES } from '../../src/opportunities/lifecycle.js';
import type { Opportunity } from '../../src/opportunities/store.js';
import { validateBlocks, validateView } from '../../src/sandbox/slack/block-kit.js';
import { buildOrgConfig, exampleOrgConfig } from '../helpers/org.js';

const org = exampleOrgConfig();
const en = translator('en');
const fr = translator('fr');

function opp(over: Partial<Opportunity> = {}): Opportunity {
  return {
    id: 12,
    title: 'Checkout abandonment on mobile',
    problem: 'People leave',
    segment: 'Mobile shoppers',
    metric: 'Conversion',
    today: '2.1 %',
    target: '3 %',
    valuePerYear: 120000,
    kind: 'painkiller',
    commitment: 'conversion',
    tribe: 'payments',
    topDown: false,
    reach: 1200,
    impact: 2,
    confidence: 80,
    effort: 1.5,
    score: 1280,
    status: 'pitched',
    ownerId: 'U0000PMPAY2',
    evidenceCount: 2,
    createdAt: '2026-11-21T10:00:00.000Z',
    updatedAt: '2026-11-21T10:00:00.000Z',
    updatedBy: 'U0000PMPAY2',
    statusAt: '2026-11-21T10:00:00.000Z',
    cardChannel: 'C0000OPPORT',
    cardTs: '1795255200.000100',
    initiatives: ['One-page checkout', 'Wallets'],
    ...over,
  };
}
const huge = (n: number, ch = 'é') => ch.repeat(n);

describe('pitch modal', () => {
  it('stays within Slack limits, empty and fully prefilled with long texts, 100 evidence items and 100 tribes', () => {
    expect(validateView(pitchModal(en, org, { metadata: {} }))).toEqual([]);
    const big = buildOrgConfig({
      tribes: Array.from({ length: 120 }, (_, i) => ({ key: `t${i}`, name: `Tribe ${i} ${'x'.repeat(90).slice(0, 70)}`, channel: `C000000T${String(i).padStart(3, '0')}` })),
      commitments: Array.from({ length: 120 }, (_, i) => ({ key: `c${i}`, title: huge(150, 'c') })),
    });
    const view = pitchModal(fr, big, {
      metadata: { id: 12, channel: 'C0GENERAL', before: Array.from({ length: 100 }, (_, i) => 100000 + i) },
      prefill: {
        ...opp({ title: huge(150), problem: huge(3000), segment: huge(300), initiatives: Array.from({ length: 20 }, () => huge(300)) }),
        evidence: Array.from({ length: 100 }, (_, i) => ({ id: i + 1, text: huge(3000), customer: huge(120) })),
      },
    });
    expect(validateView(view)).toEqual([]);
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    expect(JSON.stringify(view)).not.toContain('"block_id":"draft"');
  });

  it('offers the draft box on a new pitch only, and starts bottom-up', () => {
    const view = pitchModal(en, org, { metadata: {} });
    expect(JSON.stringify(view)).toContain('"block_id":"draft"');
    expect(JSON.stringify(view.blocks.find((b) => 'block_id' in b && b.block_id === 'origin'))).toContain('"initial_option":{"text":{"type":"plain_text","text":"Bottom-up"},"value":"bottom_up","description":{"type":"plain_text","text":"Comes from the field: customer feedback, teams, data."}}');
  });
});

describe('card, list, detail, health and the small modals', () => {
  it('the card: every status, both languages, within message limits, with a text fallback', () => {
    for (const status of STATUSES) {
      for (const tr of [en, fr]) {
        const card = opportunityCard(tr, org, 'en', opp({ status, title: huge(150) }));
        expect(validateBlocks(card.blocks, 'message')).toEqual([]);
        expect(card.text.length).toBeGreaterThan(0);
        const json = JSON.stringify(card.blocks);
        expect(json.includes('opp_request_slot')).toBe(status === 'pitched' || status === 'rework');
      }
    }
    // Issue 11 item 8: nothing to move a shipped opportunity to, so no one-option overflow (Slack wants 2 to 5).
    const shipped = JSON.stringify(opportunityCard(en, org, 'en', opp({ status: 'shipped' })).blocks);
    expect(shipped).not.toContain('"overflow"');
    expect(shipped).toContain('"action_id":"opp_details"');
    expect(opportunityCard(en, org, 'en', opp()).text).toBe('Opportunity #12: Checkout abandonment on mobile (RICE 1,280, Pitched)');
  });

  it('the list: ranks, navigation, empty', () => {
    const items = Array.from({ length: 10 }, (_, i) => opp({ id: i + 1, title: huge(150) }));
    const page = listMessage(en, org, 'en', { items, total: 25, page: 1, pageSize: 10 }, { status: 'open', mine: false, tribe: 'payments' }, 'acme');
    expect(validateBlocks(page.blocks, 'message')).toEqual([]);
    expect(page.text).toContain('25 opportunities, page 2 of 3');
    expect(page.text).toContain('11. #1');
    const json = JSON.stringify(page.blocks);
    expect(json).toContain('opp_page:prev');
    expect(json).toContain('opp_page:next');
    const empty = listMessage(fr, org, 'fr', { items: [], total: 0, page: 0, pageSize: 10 }, { status: 'go', mine: true }, undefined);
    expect(empty.text).toContain('Aucune opportunité ne correspond (Go · les miennes)');
  });

  it('the detail: huge texts, 10 of many evidence items, long history', () => {
    const detail = detailMessage(en, org, 'en', opp({ problem: huge(3000), segment: huge(300), evidenceCount: 80, initiatives: Array.from({ length: 20 }, () => huge(300)) }), {
      evidence: Array.from({ length: 10 }, (_, i) => ({ id: i, text: huge(3000), customer: huge(120), status: 'new', linkedBy: 'U1', linkedAt: '2026-01-01T00:00:00Z' })),
      history: Array.from({ length: 40 }, (_, i) => ({ at: '2026-01-01T00:00:00Z', by: 'U1', from: i ? ('pitched' as const) : null, to: 'on_agenda' as const, note: huge(3000) })),
      teamDomain: 'acme',
    });
    expect(validateBlocks(detail.blocks, 'message')).toEqual([]);
    expect(JSON.stringify(detail.blocks)).toContain('and 70 more');
    expect(JSON.stringify(detail.blocks)).toContain('30 older changes');
  });

  it('the card and the detail with text full of & < > stay within Slack’s limits after escaping (issue 11 item 5)', () => {
    const amp = (n: number) => '&<>'.repeat(Math.ceil(n / 3)).slice(0, n);
    const o = opp({ title: amp(150), problem: amp(3000), segment: amp(300), metric: amp(150), initiatives: Array.from({ length: 20 }, () => amp(300)) });
    expect(validateBlocks(opportunityCard(en, org, 'en', o).blocks, 'message')).toEqual([]);
    const detail = detailMessage(en, org, 'en', o, {
      evidence: Array.from({ length: 10 }, (_, i) => ({ id: i, text: amp(3000), customer: amp(120), status: 'new', linkedBy: 'U1', linkedAt: '2026-01-01T00:00:00Z' })),
      history: Array.from({ length: 40 }, (_, i) => ({ at: '2026-01-01T00:00:00Z', by: 'U1', from: i ? ('pitched' as const) : null, to: 'on_agenda' as const, note: amp(3000) })),
      teamDomain: 'acme',
    });
    expect(validateBlocks(detail.blocks, 'message')).toEqual([]);
  });

  it('health, confirmations and modals', () => {
    const health = summariseHealth([{ status: 'pitched', commitment: 'leads', topDown: true, hasEvidence: false, count: 3 }], ['leads', 'conversion'], 0.2);
    const h = healthMessage(fr, org, 'fr', health, [opp({ title: huge(150) })], 'Toute l’organisation');
    expect(validateBlocks(h.blocks, 'message')).toEqual([]);
    expect(JSON.stringify(h.blocks)).toContain('100');
    for (const status of ['draft', 'pitched'] as const) {
      expect(validateBlocks(createdMessage(en, 'en', opp({ status }), { channel: 'C1' }).blocks, 'message')).toEqual([]);
    }
    expect(validateView(evidenceModal(en, opp({ title: huge(150) }), { id: 12 }))).toEqual([]);
    expect(validateView(linkModal(fr, { id: 3, text: huge(3000) }, { insight: 3 }))).toEqual([]);
    expect(validateView(transitionModal(en, opp(), 'rework', { noteRequired: true }))).toEqual([]);
    expect(validateBlocks(transitionNote(en, { id: 1, from: 'on_agenda', to: 'rework', by: 'U1', note: huge(3000) }).blocks, 'message')).toEqual([]);
    expect(validateBlocks(usageMessage(fr, 'x').blocks, 'message')).toEqual([]);
  });

  it('select options stay within 75 characters', () => {
    expect(insightOption({ id: 123456, text: huge(3000), customer: huge(120) }).text.text.length).toBeLessThanOrEqual(75);
    expect(insightOption({ id: 1, text: 'Hi <@U123|bob>\n  there', customer: null }).text.text).toBe('#1 Hi @bob there');
    expect(opportunityOption(en, 'en', opp({ title: huge(150) })).text.text.length).toBeLessThanOrEqual(75);
  });
});

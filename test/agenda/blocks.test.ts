import { describe, expect, it } from 'vitest';
import { agendaMessage, declineModal, finalAgendaMessage, outcomesMessage, outcomeDm, promotedMessage, droppedMessage, reworkModal, signupCallMessage, signupModal } from '../../src/agenda/blocks.js';
import type { AgendaItem } from '../../src/agenda/store.js';
import { signupTarget } from '../../src/agenda/window.js';
import { translator } from '../../src/i18n/index.js';
import { noSkips } from '../../src/rituals/calendar.js';
import type { OpportunityRow } from '../../src/opportunities/store.js';
import { validateBlocks, validateView } from '../../src/sandbox/slack/block-kit.js';
import { buildOrgConfig, exampleOrgConfig } from '../helpers/org.js';

/** The worst case Slack must still accept: 20 presenters, a long waitlist, titles at their 150-character maximum with mrkdwn in them. */
const big = buildOrgConfig({
  rituals: exampleOrgConfig().rituals.length
    ? [
        {
          key: 'pam',
          name: 'P'.repeat(80),
          kind: 'alignment',
          channel: 'C0000PAMEET',
          recurrence: { rrule: 'FREQ=WEEKLY;BYDAY=TH', dtstart: '2026-01-01', time: '14:00' },
          durationMinutes: 600,
          maxPresenters: 20,
          steps: [
            { key: 'open', at: '-3d@09:00', action: 'open_signups' },
            { key: 'lock', at: '-2d@18:00', action: 'lock_agenda' },
          ],
        },
      ]
    : [],
});
const ritual = big.rituals[0];
if (!ritual) throw new Error('ritual');
const o = signupTarget(big, ritual, new Date('2026-11-21T10:00:00Z'), noSkips);
if (!o) throw new Error('occurrence');

function item(id: number, over: Partial<AgendaItem> = {}): AgendaItem {
  return {
    id,
    ritualKey: 'pam',
    occurrenceKey: o?.occurrence.key ?? '',
    presenterId: `U0000P${String(id).padStart(5, '0')}`,
    opportunityId: id,
    title: `<!channel> *${'x'.repeat(140)}* ${id}`,
    opportunityStatus: 'pitched',
    topic: null,
    ask: 'decision',
    duration: 30,
    status: id <= 20 ? 'slotted' : 'waitlisted',
    signedUpAt: '2026-11-23T09:00:00Z',
    promotedAt: null,
    approval: id % 3 === 0 ? 'declined' : id % 3 === 1 ? 'approved' : null,
    approvalBy: id % 3 === 2 ? null : 'U0000VPPRD1',
    approvalAt: null,
    approvalNote: id % 3 === 0 ? 'r'.repeat(2000) : null,
    endedAt: null,
    endedBy: null,
    endReason: null,
    outcome: id % 2 ? 'rework' : null,
    outcomeBy: id % 2 ? 'U0000VPPRD1' : null,
    outcomeAt: null,
    outcomeNote: id % 2 ? 'n'.repeat(2000) : null,
    ...over,
  };
}
const items = Array.from({ length: 60 }, (_, i) => item(i + 1));
const slotted = items.filter((i) => i.status === 'slotted');
function mrkdwnTexts(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(mrkdwnTexts);
  if (!value || typeof value !== 'object') return [];
  const o = value as Record<string, unknown>;
  const own = o['type'] === 'mrkdwn' && typeof o['text'] === 'string' ? [o['text']] : [];
  return [...own, ...Object.values(o).flatMap(mrkdwnTexts)];
}
const opp = (id: number): Pick<OpportunityRow, 'id' | 'title' | 'status'> => ({ id, title: 'T'.repeat(150), status: 'pitched' });

for (const lang of ['en', 'fr'] as const) {
  const l = { tr: translator(lang), lang, zone: 'Europe/Paris' };
  describe(`agenda Block Kit within Slack's limits (${lang})`, () => {
    it('messages, with a text fallback and user text escaped', () => {
      const now = new Date('2026-11-24T09:00:00Z');
      const messages = [
        signupCallMessage(l, o, items, true),
        signupCallMessage(l, o, [], false),
        agendaMessage(l, { o, items, lockedAt: undefined, now, viewer: 'U0000P00001', approver: true, intro: 'validation' }),
        agendaMessage(l, { o, items, lockedAt: now, now, viewer: 'U0000P00021', approver: false }),
        agendaMessage(l, { o, items: [], lockedAt: undefined, now, viewer: 'U1', approver: true }),
        finalAgendaMessage(l, o, slotted, true),
        finalAgendaMessage(l, o, [], false),
        outcomesMessage(l, o, slotted),
        promotedMessage(l, o, item(1)),
        droppedMessage(l, o, item(3), 'declined'),
        droppedMessage(l, o, item(2), 'opportunity_moved'),
        outcomeDm(l, o, item(1), 'rework', 'f'.repeat(2000)),
        outcomeDm(l, o, item(1), 'go', 'note'),
      ];
      for (const m of messages) {
        expect(validateBlocks(m.blocks, 'message')).toEqual([]);
        expect(m.text.length).toBeGreaterThan(0);
        // mrkdwn and the notification text must not let user text ping a channel (plain_text never renders mentions).
        expect([m.text, ...mrkdwnTexts(m.blocks)].filter((x) => x.includes('<!channel>'))).toEqual([]);
      }
    });

    it('modals', () => {
      const opportunities = Array.from({ length: 150 }, (_, i) => opp(i + 1));
      expect(validateView(signupModal(l, o, { opportunities, selected: 3, metadata: { ref: o.ref, channel: 'C0000PAMEET' } }))).toEqual([]);
      // The 150th, asked for from its card, is chosen even though only 100 options fit.
      const late = signupModal(l, o, { opportunities, selected: 150, metadata: { ref: o.ref } });
      expect(validateView(late)).toEqual([]);
      const select = late.blocks.find((b) => b.block_id === 'opportunity');
      const element = select && 'element' in select ? select.element : undefined;
      expect(element && 'initial_option' in element ? element.initial_option?.value : undefined).toBe('150');
      expect(validateView(declineModal(l, o, item(1), { item: 1, channel: 'DU0000VPPRD1', ts: '1795000000.000100' }))).toEqual([]);
      expect(validateView(reworkModal(l, item(1), { item: 1 }))).toEqual([]);
    });
  });
}

describe('the final agenda', () => {
  it('lists items in order with their start times from the meeting start', () => {
    const l = { tr: translator('en'), lang: 'en' as const, zone: 'Europe/Paris' };
    const m = finalAgendaMessage(l, o, [item(1, { duration: 20, title: 'A' }), item(2, { duration: 10, title: 'B' }), item(3, { duration: 30, title: 'C' })], true);
    const times = mrkdwnTexts(m.blocks.slice(1)).map((text) => /\|(\d\d:\d\d) \(Paris time\)>/.exec(text)?.[1]);
    expect(times).toEqual(['14:00', '14:20', '14:30']);
  });

  it('never puts a <!date> token inside code, where Slack shows it raw', () => {
    for (const lang of ['en', 'fr'] as const) {
      const l = { tr: translator(lang), lang, zone: 'Europe/Paris' };
      const m = finalAgendaMessage(l, o, [item(1, { duration: 20, title: 'A' }), item(2, { duration: 10, title: 'B' })], true);
      const texts = mrkdwnTexts(m.blocks);
      expect(texts.some((t) => t.includes('<!date^'))).toBe(true);
      for (const text of texts) expect(text).not.toMatch(/`[^`]*<!date\^/);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { translator } from '../../src/i18n/index.js';
import { parseOccurrenceRef, reminderMessage, slackDate, topicModal, topicsCallMessage, volunteersCallMessage } from '../../src/rituals/blocks.js';
import { validateBlocks, validateView } from '../../src/sandbox/slack/block-kit.js';
import { exampleOrgConfig } from '../helpers/org.js';

const org = exampleOrgConfig();
const ritual = (key: string) => {
  const r = org.rituals.find((x) => x.key === key);
  if (!r) throw new Error(key);
  return r;
};

describe('ritual messages', () => {
  for (const lang of ['en', 'fr'] as const) {
    const tr = translator(lang);
    it(`stay within Block Kit limits and carry a text fallback (${lang})`, () => {
      const start = new Date('2026-12-02T08:00:00Z');
      const when = slackDate(start, 'Europe/Paris', lang);
      const messages = [
        reminderMessage(tr, { ritual: ritual('breakfast'), start, at: new Date('2026-12-01T09:00:00Z'), when, ref: 'breakfast|2026-12-02T09:00' }),
        reminderMessage(tr, { ritual: ritual('pam'), start, at: new Date('2026-12-02T07:45:00Z'), when, ref: 'pam|2026-12-02T09:00' }),
        topicsCallMessage(tr, { ritual: ritual('weekly'), when, ref: 'weekly|2026-12-04T16:00' }),
        volunteersCallMessage(tr, { ritual: ritual('party'), need: 3, volunteers: ['U1', 'U2'], ref: 'party|2027-01-04T10:00' }),
        volunteersCallMessage(tr, { ritual: ritual('party'), need: 3, volunteers: ['U1', 'U2', 'U3'], ref: 'party|2027-01-04T10:00' }),
      ];
      for (const m of messages) {
        expect(validateBlocks(m.blocks, 'message')).toEqual([]);
        expect(m.text.length).toBeGreaterThan(0);
      }
      expect(validateView(topicModal(tr, { ref: 'weekly|2026-12-04T16:00', channel: 'C1', messageTs: '1.2' }))).toEqual([]);
    });
  }

  it('says "starts in N minutes" within the hour, the date otherwise; breakfast invites insights', () => {
    const tr = translator('en');
    const start = new Date('2026-12-02T08:00:00Z');
    const soon = reminderMessage(tr, { ritual: ritual('pam'), start, at: new Date('2026-12-02T07:45:00Z'), when: 'W', ref: 'r' });
    expect(soon.text).toBe('⏰ *Product Alignment Meeting* starts in 15 minutes (W).');
    const breakfast = reminderMessage(tr, { ritual: ritual('breakfast'), start, at: new Date('2026-12-01T09:00:00Z'), when: 'W', ref: 'r' });
    expect(breakfast.text).toBe('📅 Reminder: *Product Breakfast* is on W.');
    expect(JSON.stringify(breakfast.blocks)).toContain('ritual_breakfast_insight');
  });

  it('formats dates for Slack with a local fallback naming the zone, in French too, never relative ("le Demain")', () => {
    const at = new Date('2026-12-02T08:00:00Z');
    expect(slackDate(at, 'Europe/Paris', 'fr')).toBe(`<!date^${at.getTime() / 1000}^{date_long} à {time}|mercredi 2 décembre 2026 à 9\u202fh (heure de Paris)>`);
    expect(slackDate(at, 'Europe/Paris', 'en')).toBe(`<!date^${at.getTime() / 1000}^{date_long} at {time}|Wednesday 2 December 2026 at 09:00 (Paris time)>`);
  });

  it('parses occurrence references and rejects forged ones', () => {
    expect(parseOccurrenceRef('pam|2026-11-26T14:00')).toEqual({ ritualKey: 'pam', occurrenceKey: '2026-11-26T14:00' });
    for (const bad of ['', 'pam', 'PAM|2026-11-26T14:00', 'pam|2026-11-26', 'pam|2026-11-26T14:00|x']) expect(parseOccurrenceRef(bad)).toBeUndefined();
  });
});

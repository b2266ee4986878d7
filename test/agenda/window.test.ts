import { describe, expect, it } from 'vitest';
import { noSkips } from '../../src/rituals/calendar.js';
import { agendaRituals, followingOccurrence, resolveAgendaRef, signupState, signupTarget } from '../../src/agenda/window.js';
import { buildOrgConfig, exampleOrgConfig } from '../helpers/org.js';

const org = exampleOrgConfig();
const pam = org.rituals.find((r) => r.key === 'pam');
if (!pam) throw new Error('the example config has a pam ritual');

describe('sign-up windows (example config: PAM Thursday 14:00 Paris, sign-ups Monday 09:00 to Tuesday 09:00, lock Tuesday 18:00)', () => {
  it('the target is the next meeting; its state follows the clock', () => {
    const o = signupTarget(org, pam, new Date('2026-11-21T10:00:00Z'), noSkips);
    expect(o?.ref).toBe('pam|2026-11-26T14:00');
    expect(o?.opensAt?.toISOString()).toBe('2026-11-23T08:00:00.000Z');
    expect(o?.closesAt.toISOString()).toBe('2026-11-24T08:00:00.000Z');
    expect(o?.lockAt?.toISOString()).toBe('2026-11-24T17:00:00.000Z');
    if (!o) return;
    expect(signupState(o, new Date('2026-11-23T07:59:59Z'))).toBe('not_open');
    expect(signupState(o, new Date('2026-11-23T08:00:00Z'))).toBe('open');
    expect(signupState(o, new Date('2026-11-24T07:59:59Z'))).toBe('open');
    expect(signupState(o, new Date('2026-11-24T08:00:00Z'))).toBe('closed');
  });

  it('after the meeting, the next week is the target', () => {
    expect(signupTarget(org, pam, new Date('2026-11-26T13:00:00Z'), noSkips)?.ref).toBe('pam|2026-12-03T14:00');
  });

  it('a holiday skips the meeting: the target and the following one jump over it', () => {
    const withHoliday = buildOrgConfig({ organisation: { name: 'Acme', timezone: 'Europe/Paris', language: 'en', holidays: ['2026-12-24'] } });
    const r = withHoliday.rituals.find((x) => x.key === 'pam');
    if (!r) throw new Error('pam');
    const skips = () => new Set(['2026-12-24']);
    const o = signupTarget(withHoliday, r, new Date('2026-12-19T10:00:00Z'), skips);
    expect(o?.ref).toBe('pam|2026-12-31T14:00');
    const before = signupTarget(withHoliday, r, new Date('2026-12-12T10:00:00Z'), skips);
    expect(before && followingOccurrence(withHoliday, before, skips)?.ref).toBe('pam|2026-12-31T14:00');
    expect(resolveAgendaRef(withHoliday, 'pam|2026-12-24T14:00', skips)).toBeUndefined();
  });

  it('a ritual without a close step closes at the start (the decision session)', () => {
    const decision = org.rituals.find((r) => r.key === 'decision');
    if (!decision) throw new Error('decision');
    const o = signupTarget(org, decision, new Date('2026-11-23T10:00:00Z'), noSkips);
    expect(o?.closesAt.toISOString()).toBe('2026-11-26T08:00:00.000Z');
    expect(o?.lockAt).toBeUndefined();
  });

  it('DST: the Monday 09:00 opening is wall-clock across the spring change (Paris, 29 March 2027)', () => {
    const o = signupTarget(org, pam, new Date('2027-03-27T10:00:00Z'), noSkips);
    expect(o?.ref).toBe('pam|2027-04-01T14:00');
    expect(o?.opensAt?.toISOString()).toBe('2027-03-29T07:00:00.000Z'); // 09:00 CEST
    expect(o?.start.toISOString()).toBe('2027-04-01T12:00:00.000Z');
  });

  it('refs: forged, unknown, not an agenda ritual, not an occurrence', () => {
    for (const ref of ['', 'pam', 'pam|2026-11-27T14:00', 'pam|2026-11-26T15:00', 'weekly|2026-12-04T16:00', 'nope|2026-11-26T14:00', 'pam|2026-13-40T14:00', 'PAM|2026-11-26T14:00']) {
      expect(resolveAgendaRef(org, ref, noSkips)).toBeUndefined();
    }
    expect(resolveAgendaRef(org, 'pam|2026-11-26T14:00', noSkips)?.start.toISOString()).toBe('2026-11-26T13:00:00.000Z');
  });

  it('the alignment meeting comes first; disabled or non-agenda rituals are left out; none configured', () => {
    expect(agendaRituals(org).map((r) => r.key)).toEqual(['pam', 'decision']);
    expect(agendaRituals(buildOrgConfig({ rituals: [] }))).toEqual([]);
  });
});

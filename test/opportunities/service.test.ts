import { describe, expect, it } from 'vitest';
import { canAddEvidence, canEdit, canLinkFromInsight, canView, localTime, nextSignupWindow } from '../../src/opportunities/service.js';
import { buildOrgConfig, exampleOrgConfig } from '../helpers/org.js';

const org = exampleOrgConfig();

describe('nextSignupWindow (example config: PAM on Thursdays 14:00 Paris, sign-ups Monday 09:00 to Tuesday 09:00)', () => {
  it('on a Saturday: the coming Monday', () => {
    const w = nextSignupWindow(org, new Date('2026-11-21T10:00:00Z'));
    expect(w).toMatchObject({ ritualName: 'Product Alignment Meeting', openNow: false });
    expect(w?.opensAt.toISOString()).toBe('2026-11-23T08:00:00.000Z');
    expect(w?.closesAt?.toISOString()).toBe('2026-11-24T08:00:00.000Z');
    expect(w?.meetingAt.toISOString()).toBe('2026-11-26T13:00:00.000Z');
    expect(localTime(org, w?.opensAt ?? new Date(0), 'fr')).toBe('lun. 23 nov., 9\u202fh (heure de Paris)');
  });

  it('while sign-ups are open: open now, until Tuesday', () => {
    const w = nextSignupWindow(org, new Date('2026-11-23T12:00:00Z'));
    expect(w).toMatchObject({ openNow: true });
    expect(w?.closesAt?.toISOString()).toBe('2026-11-24T08:00:00.000Z');
  });

  it('after they close and before the meeting: the next week’s window', () => {
    const w = nextSignupWindow(org, new Date('2026-11-25T10:00:00Z'));
    expect(w?.opensAt.toISOString()).toBe('2026-11-30T08:00:00.000Z');
    expect(w?.meetingAt.toISOString()).toBe('2026-12-03T13:00:00.000Z');
  });

  it('across the change to winter time, in local wall-clock time (Monday 26 October 2026, 09:00 CET = 08:00 UTC)', () => {
    const w = nextSignupWindow(org, new Date('2026-10-24T12:00:00Z'));
    expect(w?.opensAt.toISOString()).toBe('2026-10-26T08:00:00.000Z');
  });

  it('skips a meeting on a holiday, and one skipped by an admin', () => {
    const withHoliday = buildOrgConfig({ organisation: { name: 'Acme', timezone: 'Europe/Paris', holidays: ['2026-11-26'] } });
    const w = nextSignupWindow(withHoliday, new Date('2026-11-21T10:00:00Z'));
    expect(w?.meetingAt.toISOString()).toBe('2026-12-03T13:00:00.000Z');
    const skipped = nextSignupWindow(org, new Date('2026-11-21T10:00:00Z'), (key) => new Set(key === 'pam' ? ['2026-11-26', '2026-12-03'] : []));
    expect(skipped?.meetingAt.toISOString()).toBe('2026-12-10T13:00:00.000Z');
  });

  it('no alignment ritual: undefined', () => {
    expect(nextSignupWindow(buildOrgConfig({ rituals: [] }), new Date('2026-11-21T10:00:00Z'))).toBeUndefined();
  });
});

describe('who may', () => {
  const o = { ownerId: 'U0000PMPAY2', tribe: 'payments', status: 'pitched' as const };
  it('edit: owner and admins', () => {
    expect([canEdit(org, 'U0000PMPAY2', o), canEdit(org, 'U0000ADMIN1', o), canEdit(org, 'U0000PMPAY1', o), canEdit(org, 'U0000VPPRD1', o)]).toEqual([true, true, false, false]);
  });
  it('view drafts: owner and admins only', () => {
    const d = { ...o, status: 'draft' as const };
    expect([canView(org, 'U0000PMPAY2', d), canView(org, 'U0000ADMIN1', d), canView(org, 'U0000PMPAY1', d), canView(org, 'U0000PMPAY1', o)]).toEqual([true, true, false, true]);
  });
  it('add evidence: owner, tribe members and lead, admins', () => {
    expect([canAddEvidence(org, 'U0000PMPAY1', o), canAddEvidence(org, 'U0000PMDIS1', o), canAddEvidence(org, 'U0ALICE', o)]).toEqual([true, false, false]);
  });
  it('link from an insight: the insight’s triagers, the owner, admins', () => {
    expect(canLinkFromInsight(org, 'U0000PMDIS1', o, 'discovery')).toBe(true);
    expect(canLinkFromInsight(org, 'U0000PMDIS1', o, 'payments')).toBe(false);
    expect(canLinkFromInsight(org, 'U0000PMDIS1', o, null)).toBe(false);
    expect(canLinkFromInsight(org, 'U0000ADMIN1', o, null)).toBe(true);
  });
});

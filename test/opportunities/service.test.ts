import { describe, expect, it } from 'vitest';
import { canAddEvidence, canEdit, canLinkFromInsight, canView, localTime } from '../../src/opportunities/service.js';
import { exampleOrgConfig } from '../helpers/org.js';

const org = exampleOrgConfig();

describe('localTime', () => {
  it('in the organisation’s zone and the reader’s language', () => {
    expect(localTime(org, new Date('2026-11-23T08:00:00Z'), 'fr')).toBe('lun. 23 nov., 9\u202fh (heure de Paris)');
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

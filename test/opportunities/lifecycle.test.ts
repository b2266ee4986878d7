import { describe, expect, it } from 'vitest';
import { STATUSES, TRANSITIONS, checkTransition, nextStatusesFor, type Status } from '../../src/opportunities/lifecycle.js';

const org = { admins: ['UADMIN'], approvers: ['UVP'] };
const OWNER = 'UOWNER';
const check = (from: Status, to: Status, userId: string, note?: string) => checkTransition(org, { from, to, userId, ownerId: OWNER, note });

describe('lifecycle', () => {
  it('lets the owner pitch a draft and withdraw a pitch; approvers put it on the agenda and decide', () => {
    expect(check('draft', 'pitched', OWNER)).toEqual({ ok: true, noteRequired: false });
    expect(check('pitched', 'draft', OWNER).ok).toBe(true);
    expect(check('pitched', 'on_agenda', 'UVP').ok).toBe(true);
    expect(check('on_agenda', 'go', 'UVP').ok).toBe(true);
    expect(check('on_agenda', 'no_go', 'UADMIN').ok).toBe(true);
    expect(check('on_agenda', 'rework', 'UVP', 'Quantify it')).toEqual({ ok: true, noteRequired: true });
    expect(check('rework', 'on_agenda', 'UVP').ok).toBe(true);
    expect(check('go', 'in_roadmap', OWNER).ok).toBe(true);
    expect(check('in_roadmap', 'shipped', 'UVP').ok).toBe(true);
    expect(check('no_go', 'pitched', OWNER).ok).toBe(true);
  });

  it('refuses people without the role, naming the roles that may', () => {
    expect(check('pitched', 'on_agenda', OWNER)).toMatchObject({ ok: false, reason: 'forbidden', roles: ['approver', 'admin'] });
    expect(check('draft', 'pitched', 'UVP')).toMatchObject({ ok: false, reason: 'forbidden', roles: ['owner', 'admin'] });
    expect(check('on_agenda', 'go', 'USOMEONE')).toMatchObject({ ok: false, reason: 'forbidden' });
  });

  it('refuses moves that do not exist, for admins too, listing where it can go', () => {
    expect(check('pitched', 'go', 'UADMIN')).toEqual({ ok: false, reason: 'illegal', allowed: ['on_agenda', 'draft'] });
    expect(check('shipped', 'pitched', 'UADMIN')).toEqual({ ok: false, reason: 'illegal', allowed: [] });
    expect(check('go', 'go', 'UADMIN')).toMatchObject({ ok: false, reason: 'same' });
  });

  it('requires feedback for a rework (blank is not feedback)', () => {
    expect(check('on_agenda', 'rework', 'UVP')).toMatchObject({ ok: false, reason: 'note_required' });
    expect(check('on_agenda', 'rework', 'UVP', '   ')).toMatchObject({ ok: false, reason: 'note_required' });
  });

  it('every status is in the table, every edge names at least one role, the menu fits an overflow (4 moves + details)', () => {
    for (const s of STATUSES) {
      expect(TRANSITIONS[s]).toBeDefined();
      const edges = Object.values(TRANSITIONS[s]);
      expect(edges.length).toBeLessThanOrEqual(4);
      for (const e of edges) expect(e?.roles.length).toBeGreaterThan(0);
    }
  });

  it('lists the moves a person may make now', () => {
    expect(nextStatusesFor(org, 'on_agenda', 'UVP', OWNER)).toEqual(['go', 'rework', 'no_go', 'pitched']);
    expect(nextStatusesFor(org, 'on_agenda', OWNER, OWNER)).toEqual(['pitched']);
    expect(nextStatusesFor(org, 'on_agenda', 'USOMEONE', OWNER)).toEqual([]);
  });
});

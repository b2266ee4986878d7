import { describe, expect, it } from 'vitest';
import { ladderFingerprint, ladderOf, nextNoticeAt, recipientsFor, slaPolicyOf } from '../../src/bugs/ladder.js';
import { buildOrgConfig, exampleOrgConfig } from '../helpers/org.js';

const org = exampleOrgConfig();
const [dueSoon, breached, still] = ladderOf(org);
if (!dueSoon || !breached || !still) throw new Error('the default ladder has three levels');

describe('ladder and policy from the config', () => {
  it('numbers levels from 1 and converts hours to minutes', () => {
    expect(ladderOf(org)).toEqual([
      { level: 1, name: 'due-soon', offsetMinutes: -1440, notify: ['owner'] },
      { level: 2, name: 'breached', offsetMinutes: 0, notify: ['team', 'owner', 'lead'] },
      { level: 3, name: 'still-breached', offsetMinutes: 2880, notify: ['leadership'] },
    ]);
    expect(ladderFingerprint(ladderOf(org))).toBe('1@-1440,2@0,3@2880');
  });

  it('the SLA policy takes the zone, holidays and per-severity days', () => {
    const cfg = buildOrgConfig({ bugs: { slaMode: 'business', slaDaysBySeverity: { critical: 2 } } });
    expect(slaPolicyOf(cfg)).toEqual({
      days: 7,
      mode: 'business',
      bySeverity: { critical: 2 },
      zone: 'Europe/Paris',
      holidays: new Set(['2026-12-25', '2027-01-01']),
    });
  });

  it('nextNoticeAt is the earliest unclaimed trigger, null when all are claimed', () => {
    const deadline = new Date('2026-11-30T10:00:00Z');
    const ladder = ladderOf(org);
    expect(nextNoticeAt(deadline, ladder, new Set())?.toISOString()).toBe('2026-11-29T10:00:00.000Z');
    expect(nextNoticeAt(deadline, ladder, new Set([1]))?.toISOString()).toBe('2026-11-30T10:00:00.000Z');
    expect(nextNoticeAt(deadline, ladder, new Set([1, 2]))?.toISOString()).toBe('2026-12-02T10:00:00.000Z');
    expect(nextNoticeAt(deadline, ladder, new Set([1, 2, 3]))).toBeNull();
  });
});

describe('recipientsFor', () => {
  it('level 1: the owner by DM', () => {
    expect(recipientsFor(dueSoon, { owner: 'U0000OWNER', team: 'checkout' }, org)).toEqual([{ kind: 'dm', user: 'U0000OWNER' }]);
  });

  it('level 1 without an owner falls back to the team channel', () => {
    expect(recipientsFor(dueSoon, { owner: null, team: 'checkout' }, org)).toEqual([{ kind: 'channel', channel: 'C0000CHKOUT' }]);
  });

  it('level 2: team channel, owner and lead; a team without a channel uses its tribe channel', () => {
    expect(recipientsFor(breached, { owner: 'U0000OWNER', team: 'checkout' }, org)).toEqual([
      { kind: 'channel', channel: 'C0000CHKOUT' },
      { kind: 'dm', user: 'U0000OWNER' },
      { kind: 'dm', user: 'U0000PMPAY2' },
    ]);
    expect(recipientsFor(breached, { owner: null, team: 'billing' }, org)).toEqual([
      { kind: 'channel', channel: 'C0000PAYMNT' },
      { kind: 'dm', user: 'U0000PMPAY1' },
    ]);
  });

  it('a team without a lead uses the tribe lead; an owner who is the lead gets one DM', () => {
    expect(recipientsFor(breached, { owner: null, team: 'recommendations' }, org)).toEqual([
      { kind: 'channel', channel: 'C0000DISCOV' },
      { kind: 'dm', user: 'U0000PMDIS1' },
    ]);
    expect(recipientsFor(breached, { owner: 'U0000PMPAY2', team: 'checkout' }, org)).toEqual([
      { kind: 'channel', channel: 'C0000CHKOUT' },
      { kind: 'dm', user: 'U0000PMPAY2' },
    ]);
  });

  it('level 3: the leadership channel', () => {
    expect(recipientsFor(still, { owner: 'U0000OWNER', team: 'checkout' }, org)).toEqual([{ kind: 'channel', channel: 'C0000BUGESC' }]);
  });

  it('a bug with no team and no owner still reaches someone, or nobody when nothing is configured', () => {
    expect(recipientsFor(dueSoon, { owner: null, team: null }, org)).toEqual([{ kind: 'channel', channel: 'C0000BUGESC' }]);
    const bare = buildOrgConfig({ channels: {} });
    expect(recipientsFor(dueSoon, { owner: null, team: null }, bare)).toEqual([]);
    expect(recipientsFor(still, { owner: null, team: 'checkout' }, bare)).toEqual([{ kind: 'channel', channel: 'C0000CHKOUT' }]);
  });
});

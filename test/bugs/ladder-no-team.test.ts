import { describe, expect, it } from 'vitest';
import { ladderOf, recipientsFor } from '../../src/bugs/ladder.js';
import { buildOrgConfig, exampleOrgConfig } from '../helpers/org.js';

// Issue 11 item 9: a breached bug with no impact team was only DMed; the zero-bug
// rule is a team commitment, so level "team" must reach a channel.

describe('level "team" for a bug with no impact team (Rule 7)', () => {
  it('goes to channels.bugEscalation when bugs.channel is unset', () => {
    const org = exampleOrgConfig();
    const breached = ladderOf(org)[1];
    if (!breached) throw new Error('the default ladder has a breached level');
    expect(recipientsFor(breached, { owner: 'U0000OWNER', team: null }, org)).toEqual([
      { kind: 'channel', channel: 'C0000BUGESC' },
      { kind: 'dm', user: 'U0000OWNER' },
    ]);
  });

  it('goes to bugs.channel when set', () => {
    const org = buildOrgConfig({ bugs: { channel: 'C0000BUGS01' } });
    const breached = ladderOf(org)[1];
    if (!breached) throw new Error('the default ladder has a breached level');
    expect(recipientsFor(breached, { owner: 'U0000OWNER', team: null }, org)).toEqual([
      { kind: 'channel', channel: 'C0000BUGS01' },
      { kind: 'dm', user: 'U0000OWNER' },
    ]);
    // A bug with a team keeps its team's channel.
    expect(recipientsFor(breached, { owner: null, team: 'checkout' }, org)[0]).toEqual({ kind: 'channel', channel: 'C0000CHKOUT' });
  });

  it('refuses a bugs.channel that is not a channel id', () => {
    expect(() => buildOrgConfig({ bugs: { channel: '#bugs' } })).toThrow(/bugs\.channel/);
  });
});

import { describe, expect, it } from 'vitest';
import { markButton } from '../../src/pairing/listeners/actions.js';
import { pairingSubcommand } from '../../src/pairing/listeners/commands.js';
import { buttonArgs, commandArgs, handlerContext } from '../helpers/fake-args.js';

/* Pairing's listeners called directly with fake Bolt arguments (issue 17). */
const NOW = new Date('2026-12-07T09:00:00Z');
const SOMEONE = 'U0000NOBODY';

describe('pairing listeners without Bolt', () => {
  it('"Done" on a pair that does not exist says so privately, marks nothing and redraws nothing', async () => {
    const { ctx, db } = handlerContext(NOW);
    const { args, rec } = buttonArgs({ user: SOMEONE, actionId: 'pairing_done', value: '7', channel: 'G0000PAIR01', messageTs: '1700000000.000300' });
    await markButton('done')(ctx, args);
    expect(rec.acks).toEqual([undefined]);
    expect(rec.responds).toEqual([{ response_type: 'ephemeral', replace_original: false, text: 'This pairing is no longer known.' }]);
    expect(rec.calls).toEqual([]);
    expect(db.prepare('SELECT COUNT(*) FROM pairing_pairs').pluck().get()).toBe(0);
  });

  it('`/cadence pairing stats` from someone who is not an admin is refused with the admins to ask', async () => {
    const { ctx } = handlerContext(NOW);
    const { args, rec } = commandArgs({ user: SOMEONE, text: 'pairing stats' });
    await pairingSubcommand(args, 'stats', ctx);
    expect(rec.acks).toHaveLength(1);
    expect(JSON.stringify(rec.acks[0])).toContain('Only Cadence admins can see pairing participation.');
    expect(rec.calls).toEqual([]);
  });
});

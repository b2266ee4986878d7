import { describe, expect, it } from 'vitest';
import { translator } from '../../src/i18n/index.js';
import { STATUSES } from '../../src/opportunities/lifecycle.js';
import { onLinkFromInsight } from '../../src/opportunities/listeners/actions/link.js';
import { onPitchCommand } from '../../src/opportunities/listeners/commands.js';
import { buttonArgs, commandArgs, listenerContext } from '../helpers/listener-args.js';

/*
 * The opportunity listeners are plain (ctx, args) functions: called here without Bolt,
 * with the args Bolt would pass (test/helpers/listener-args.ts).
 */

const rows = (ctx: ReturnType<typeof listenerContext>) => ({
  opportunities: ctx.db.prepare('SELECT COUNT(*) FROM opportunities').pluck().get(),
  history: ctx.db.prepare('SELECT COUNT(*) FROM opportunity_history').pluck().get(),
});

describe('opportunity listeners, called without Bolt', () => {
  it('/pitch move with no status: acks the usage with the valid statuses, moves nothing', async () => {
    const ctx = listenerContext();
    const { args, recorded } = commandArgs(ctx, { command: '/pitch', text: 'move 12', userId: 'U0000PMPAY1' });
    await onPitchCommand(ctx, args);
    expect(recorded.acks).toHaveLength(1);
    const ack = recorded.acks[0] as { response_type: string; text: string };
    expect(ack.response_type).toBe('ephemeral');
    expect(ack.text).toContain(translator('en')('opp.move.usage', { valid: STATUSES.join(', ') }));
    expect(rows(ctx)).toEqual({ opportunities: 0, history: 0 });
  });

  it('"Link to opportunity" on an insight that does not exist: acks, says it is gone, opens no modal', async () => {
    const ctx = listenerContext();
    const { args, recorded } = buttonArgs(ctx, { actionId: 'insight_link_opportunity', value: '7', userId: 'U0000PMPAY1' });
    await onLinkFromInsight(ctx, args);
    expect(recorded.acks).toEqual([undefined]);
    expect(recorded.responses).toEqual([{ response_type: 'ephemeral', replace_original: false, text: translator('en')('insight.gone', { id: 7 }) }]);
  });
});

import { describe, expect, it } from 'vitest';
import { translator } from '../../src/i18n/index.js';
import { onUndo } from '../../src/insights/listeners/actions/confirmation.js';
import { onInsightCommand } from '../../src/insights/listeners/commands.js';
import { buttonArgs, commandArgs, listenerContext } from '../helpers/listener-args.js';

/*
 * The insight listeners are plain (ctx, args) functions: called here without Bolt,
 * with the args Bolt would pass (test/helpers/listener-args.ts).
 */

const count = (ctx: ReturnType<typeof listenerContext>) => ctx.db.prepare('SELECT COUNT(*) FROM insights').pluck().get();

describe('insight listeners, called without Bolt', () => {
  it('/insight with tags and no text: acks the usage with the reason, stores nothing, calls no Slack API', async () => {
    const ctx = listenerContext();
    const { args, recorded } = commandArgs(ctx, { command: '/insight', text: 'log #checkout customer:Acme', userId: 'U0000PMPAY1' });
    await onInsightCommand(ctx, args);
    expect(recorded.acks).toHaveLength(1);
    const ack = recorded.acks[0] as { response_type: string; text: string };
    expect(ack.response_type).toBe('ephemeral');
    expect(ack.text).toContain(translator('en')('insight.error.empty'));
    expect(count(ctx)).toBe(0);
    expect(recorded.responses).toEqual([]);
  });

  it('Undo on an insight that does not exist: acks, says it is gone, deletes nothing', async () => {
    const ctx = listenerContext();
    const { args, recorded } = buttonArgs(ctx, { actionId: 'insight_undo', value: '42', userId: 'U0000PMPAY1' });
    await onUndo(ctx, args);
    expect(recorded.acks).toEqual([undefined]);
    expect(recorded.responses).toEqual([{ replace_original: true, text: translator('en')('insight.gone', { id: 42 }) }]);
    expect(count(ctx)).toBe(0);
  });
});

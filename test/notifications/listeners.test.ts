import { describe, expect, it } from 'vitest';
import { translator } from '../../src/i18n/index.js';
import { onOpenOpportunity } from '../../src/notifications/listeners/actions.js';
import { onNotifySubcommand } from '../../src/notifications/listeners/commands.js';
import { buttonArgs, commandArgs, listenerContext } from '../helpers/listener-args.js';

/*
 * The notification listeners are plain (ctx, args) functions: called here without Bolt,
 * with the args Bolt would pass (test/helpers/listener-args.ts).
 */

const settings = (ctx: ReturnType<typeof listenerContext>) => ctx.db.prepare('SELECT user_id, level FROM notification_settings').all();
const en = translator('en');

describe('notification listeners, called without Bolt', () => {
  it('/cadence notify with a wrong word: says which words work, stores no setting', async () => {
    const ctx = listenerContext();
    const { args, recorded } = commandArgs(ctx, { command: '/cadence', text: 'notify sometimes', userId: 'U0000PMPAY1' });
    await onNotifySubcommand(ctx, args, ' sometimes');
    expect(recorded.acks).toEqual([{ response_type: 'ephemeral', text: en('loop.notify.usage', { given: 'sometimes' }) }]);
    expect(settings(ctx)).toEqual([]);
  });

  it('/cadence notify shipped: stores the level and says so', async () => {
    const ctx = listenerContext();
    const { args, recorded } = commandArgs(ctx, { command: '/cadence', text: 'notify shipped', userId: 'U0000PMPAY1' });
    await onNotifySubcommand(ctx, args, 'shipped');
    expect(recorded.acks).toEqual([{ response_type: 'ephemeral', text: en('loop.notify.set.shipped') }]);
    expect(settings(ctx)).toEqual([{ user_id: 'U0000PMPAY1', level: 'shipped' }]);
  });

  it('the DM’s link button: acked, nothing else', async () => {
    const ctx = listenerContext();
    const { args, recorded } = buttonArgs(ctx, { actionId: 'loop_open_opportunity', value: '3', userId: 'U0000PMPAY1' });
    await onOpenOpportunity(ctx, args);
    expect(recorded).toEqual({ acks: [undefined], responses: [], said: [] });
  });
});

import { describe, expect, it } from 'vitest';
import { onResolve } from '../../src/bugs/listeners/actions.js';
import { onBugCommand } from '../../src/bugs/listeners/commands.js';
import { translator } from '../../src/i18n/index.js';
import { buttonArgs, commandArgs, listenerContext } from '../helpers/listener-args.js';

/*
 * The bug listeners are plain (ctx, args) functions: called here without Bolt,
 * with the args Bolt would pass (test/helpers/listener-args.ts).
 */

const bugs = (ctx: ReturnType<typeof listenerContext>) => ctx.db.prepare('SELECT COUNT(*) FROM bugs').pluck().get();
const en = translator('en');

describe('bug listeners, called without Bolt', () => {
  it('/bug assign without a key: acks the usage, registers and changes nothing', async () => {
    const ctx = listenerContext();
    const { args, recorded } = commandArgs(ctx, { command: '/bug', text: 'assign', userId: 'U0000PMPAY1' });
    await onBugCommand(ctx, args);
    expect(recorded.acks).toEqual([{ response_type: 'ephemeral', text: en('bug.assign.usage') }]);
    expect(bugs(ctx)).toBe(0);
  });

  it('/bug resolve of an unknown key: names the key, resolves nothing', async () => {
    const ctx = listenerContext();
    const { args, recorded } = commandArgs(ctx, { command: '/bug', text: 'resolve PAY-404', userId: 'U0000PMPAY1' });
    await onBugCommand(ctx, args);
    expect(recorded.acks).toEqual([{ response_type: 'ephemeral', text: en('bug.error.unknownKey', { key: 'PAY-404' }) }]);
    expect(bugs(ctx)).toBe(0);
  });

  it('Resolve on a notice of an unknown bug: acks, answers privately, keeps the message', async () => {
    const ctx = listenerContext();
    const { args, recorded } = buttonArgs(ctx, { actionId: 'bug_resolve', value: 'PAY-404', userId: 'U0000PMPAY1' });
    await onResolve(ctx, args);
    expect(recorded.acks).toEqual([undefined]);
    expect(recorded.responses).toEqual([{ response_type: 'ephemeral', replace_original: false, text: en('bug.error.unknownKey', { key: 'PAY-404' }) }]);
  });
});

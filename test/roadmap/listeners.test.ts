import { describe, expect, it } from 'vitest';
import { translator } from '../../src/i18n/index.js';
import { onRoadmapCommand } from '../../src/roadmap/listeners/commands.js';
import { commandArgs, listenerContext } from '../helpers/listener-args.js';

/*
 * The roadmap listener is a plain (ctx, args) function: called here without Bolt,
 * with the args Bolt would pass (test/helpers/listener-args.ts).
 */

const written = (ctx: ReturnType<typeof listenerContext>) =>
  ['roadmap_plans', 'roadmap_plan_history', 'work_kinds', 'indicator_values'].map((t) => ctx.db.prepare(`SELECT COUNT(*) FROM ${t}`).pluck().get());
const en = translator('en');

describe('roadmap listener, called without Bolt', () => {
  it('/roadmap plan without a cycle: acks the usage, plans nothing', async () => {
    const ctx = listenerContext();
    const { args, recorded } = commandArgs(ctx, { command: '/roadmap', text: 'plan 12', userId: 'U0000PMPAY1' });
    await onRoadmapCommand(ctx, args);
    expect(recorded.acks).toEqual([{ response_type: 'ephemeral', text: en('roadmap.error.planUsage') }]);
    expect(written(ctx)).toEqual([0, 0, 0, 0]);
  });

  it('/roadmap with a word it does not know: the usage, nothing written', async () => {
    const ctx = listenerContext();
    const { args, recorded } = commandArgs(ctx, { command: '/roadmap', text: 'everything', userId: 'U0000PMPAY1' });
    await onRoadmapCommand(ctx, args);
    expect(recorded.acks).toEqual([{ response_type: 'ephemeral', text: en('roadmap.usage') }]);
    expect(written(ctx)).toEqual([0, 0, 0, 0]);
  });
});

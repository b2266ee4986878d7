import { z } from 'zod';
import type { AppContext } from '../../../context.js';
import { usageMessage } from '../../blocks.js';
import { isStatus } from '../../lifecycle.js';
import type { ListFilters, StatusFilter } from '../../parse.js';
import { ephemeral, listFor, readJson, type ButtonArgs } from '../shared.js';

const pageValue = z.object({
  p: z.number().int().min(0).max(100_000),
  s: z.string(),
  m: z.union([z.literal(0), z.literal(1)]),
  t: z.string().max(40).optional(),
  c: z.string().max(40).optional(),
});

/** `/pitch list` pages: the button carries the filters and the page; unknown filters are dropped. */
export async function onListPage(ctx: AppContext, { ack, body, action, respond }: ButtonArgs): Promise<void> {
  await ack();
  const user = body.user.id;
  const state = readJson(pageValue, action.value);
  const status = state?.s;
  const valid = status !== undefined && (status === 'open' || status === 'all' || isStatus(status));
  if (!state || !valid) {
    await ephemeral(respond, usageMessage(ctx.tr(user)));
    return;
  }
  const filters: ListFilters = {
    status: status as StatusFilter,
    mine: state.m === 1,
    ...(state.t && ctx.org.tribes.some((t) => t.key === state.t) ? { tribe: state.t } : {}),
    ...(state.c && ctx.org.commitments.some((c) => c.key === state.c) ? { commitment: state.c } : {}),
  };
  await respond({ response_type: 'ephemeral', replace_original: true, ...listFor(ctx, user, filters, state.p, body.team?.domain) });
}

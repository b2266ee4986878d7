import type { AllMiddlewareArgs, BlockAction, CheckboxesAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import type { AppContext } from '../../../context.js';
import { pitchStep2Modal } from '../../blocks.js';
import { step1Of } from '../../form-steps.js';
import { readJson } from '../shared.js';

/*
 * "Save as a draft" on step 2 of the pitch form (issue 14 item 13): the
 * checkbox dispatches its change (dispatch_action), and the view is redrawn
 * with views.update so the submit button says what it will do: "Save draft"
 * when ticked, "Pitch" when not. Same block and action ids: Slack keeps what
 * the person typed. A stale hash (the view changed meanwhile) is left alone.
 */

export type CheckboxArgs = SlackActionMiddlewareArgs<BlockAction<CheckboxesAction>> & AllMiddlewareArgs;

const step2Metadata = z.object({
  id: z.number().int().positive().optional(),
  channel: z.string().max(40).optional(),
  before: z.array(z.number().int().positive()).max(200).optional(),
  step: z.literal(2),
  step1: z.string().max(40),
  noDraft: z.boolean().optional(),
  tribe: z.string().max(60).optional(),
});

export async function onDraftToggle(ctx: AppContext, { ack, body, action, client }: CheckboxArgs): Promise<void> {
  await ack();
  const view = body.view;
  if (!view) return;
  const meta = readJson(step2Metadata, view.private_metadata);
  if (!meta) return;
  const user = body.user.id;
  const ticked = action.selected_options.some((o) => o.value === 'draft');
  const title = step1Of(ctx.db, meta.step1, user)?.title ?? '';
  try {
    await client.views.update({
      view_id: view.id,
      hash: view.hash,
      view: pitchStep2Modal(ctx.tr(user), ctx.org, { prefill: { title, ...(meta.tribe ? { tribe: meta.tribe } : {}) }, metadata: meta, asDraft: ticked }),
    });
  } catch (err) {
    ctx.logger.debug('opportunities: the pitch form could not be redrawn after the draft choice (a newer view?):', err);
  }
}

import type { AppContext } from '../../../context.js';
import { declineModal, outcomeLabel, reworkModal } from '../../blocks.js';
import { decide, decisionCheck, isApprover, localeFor, occurrenceOfItem, recordOutcome } from '../../service.js';
import { getItem, type Outcome } from '../../store.js';
import { answerInHome, fromHome } from '../home.js';
import { deliver, outcomesFor, parseItemId, say, viewFor, type ButtonArgs } from '../shared.js';

/*
 * The approvers' buttons: Approve and Decline (with a reason, in a form)
 * before the meeting; Go, No-go and Rework (with feedback, in a form) after.
 */

/** "Approve": records the decision and redraws the agenda the approver is looking at. */
export async function approveButton(ctx: AppContext, { ack, body, action, client, respond }: ButtonArgs): Promise<void> {
  await ack();
  const user = body.user.id;
  const id = parseItemId(action.value);
  const result = id === undefined ? { ok: false as const, text: ctx.tr(user)('agenda.itemGone') } : decide(ctx, id, user, 'approved', null, ctx.clock.now());
  // From the App Home (issue 14 item 7): the Home's agenda sections are redrawn, a refusal goes by DM.
  if (fromHome(body)) return void (await answerInHome(ctx, { body, client }, result.ok ? undefined : result.text));
  if (!result.ok) return void (await say(respond, { text: result.text }));
  const intro = body.container?.is_ephemeral === true ? undefined : 'validation';
  await respond({ replace_original: true, ...viewFor(ctx, user, result.o, intro) });
}

/** "Decline": the form for the reason, unless the decision cannot be taken at all. */
export async function declineButton(ctx: AppContext, { ack, body, action, client, respond }: ButtonArgs): Promise<void> {
  await ack();
  const user = body.user.id;
  const tr = ctx.tr(user);
  const id = parseItemId(action.value);
  const item = id === undefined ? undefined : getItem(ctx.db, id);
  const o = item && occurrenceOfItem(ctx, item);
  const refuse = (text: string) => (fromHome(body) ? answerInHome(ctx, { body, client }, text) : say(respond, { text }));
  if (!item || !o) return void (await refuse(tr('agenda.itemGone')));
  // Refuse before the form when the decision cannot be taken at all; the reason is checked on submission.
  const check = decisionCheck(ctx, item.id, user, ctx.clock.now());
  if (!check.ok) return void (await refuse(check.text));
  const channel = body.channel?.id;
  const ts = body.message?.ts;
  await client.views.open({ trigger_id: body.trigger_id, view: declineModal(localeFor(ctx, user), o, item, { item: item.id, ...(channel ? { channel } : {}), ...(ts ? { ts } : {}) }) });
}

/** "Go" and "No-go": the outcome recorded, the buttons redrawn; the DM and the card's note were enqueued with it. */
export function outcomeButton(outcome: Extract<Outcome, 'go' | 'no_go'>) {
  return async (ctx: AppContext, { ack, body, action, client, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const user = body.user.id;
    const id = parseItemId(action.value);
    const result = id === undefined ? { ok: false as const, text: ctx.tr(user)('agenda.itemGone') } : recordOutcome(ctx, id, user, outcome, null, ctx.clock.now());
    if (fromHome(body)) {
      await answerInHome(ctx, { body, client }, result.ok ? undefined : result.text);
      return void (result.ok && (await deliver(ctx)));
    }
    if (!result.ok) return void (await say(respond, { text: result.text }));
    await respond({ replace_original: true, ...outcomesFor(ctx, user, result.o) });
    await deliver(ctx);
  };
}

/** "Rework": the form for the feedback, after the same checks as its submission. */
export async function reworkButton(ctx: AppContext, { ack, body, action, client, respond }: ButtonArgs): Promise<void> {
  await ack();
  const user = body.user.id;
  const tr = ctx.tr(user);
  const id = parseItemId(action.value);
  const item = id === undefined ? undefined : getItem(ctx.db, id);
  const refuse = (text: string) => (fromHome(body) ? answerInHome(ctx, { body, client }, text) : say(respond, { text }));
  if (!item) return void (await refuse(tr('agenda.itemGone')));
  // The same checks as the submission, with a placeholder feedback: refuse now rather than after typing it.
  if (!isApprover(ctx.org, user)) return void (await refuse(tr('agenda.outcome.notApprover', { approvers: ctx.org.approvers.map((u) => `<@${u}>`).join(', ') || '—' })));
  if (item.outcome && item.outcomeBy) return void (await refuse(tr('agenda.outcome.already', { outcome: outcomeLabel(tr, item.outcome), user: item.outcomeBy })));
  const channel = body.channel?.id;
  const ts = body.message?.ts;
  await client.views.open({ trigger_id: body.trigger_id, view: reworkModal(localeFor(ctx, user), item, { item: item.id, ...(channel ? { channel } : {}), ...(ts ? { ts } : {}) }) });
}

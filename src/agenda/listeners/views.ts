import type { AppContext } from '../../context.js';
import { oncePerView } from '../../slack/once-per-view.js';
import { ACTIONS, BLOCKS, outcomeLabel, slackWhen } from '../blocks.js';
import { decide, isPromptOf, localeFor, outcomesKey, recordOutcome, resolveRef, signUp, validationKey } from '../service.js';
import { needsApproval } from '../window.js';
import { deliver, itemMetadata, outcomesFor, readJson, redrawCall, safeTitle, signupMetadata, stateOf, tell, viewFor, type Values, type ViewArgs } from './shared.js';

/*
 * The agenda's forms: sign up, decline (an approver's reason) and rework (an
 * approver's feedback). Errors go back into the form; nothing is written.
 */

/** The sign-up form: one item on the agenda (or its waitlist), confirmed privately with a Withdraw button. */
export async function signupSubmitted(ctx: AppContext, { ack, body, view, client }: ViewArgs): Promise<void> {
  const user = body.user.id;
  const tr = ctx.tr(user);
  const values = (view.state.values ?? {}) as Values;
  const firstBlock = values[BLOCKS.opportunity] ? BLOCKS.opportunity : BLOCKS.topic;
  const meta = readJson(signupMetadata, view.private_metadata);
  const o = meta ? resolveRef(ctx, meta.ref) : undefined;
  if (!meta || !o) return void (await ack({ response_action: 'errors', errors: { [firstBlock]: tr('agenda.stale') } }));
  const picked = stateOf(values, BLOCKS.opportunity)?.selected_option?.value;
  const duration = Number(stateOf(values, BLOCKS.duration)?.selected_option?.value ?? Number.NaN);
  const at = ctx.clock.now();
  // The same view submitted twice (Submit clicked again after a slow ack) signs up once.
  const once = oncePerView(ctx.db, { viewId: view.id, userId: user, kind: 'agenda-signup' }, at, () => {
    const r = signUp(
      ctx,
      o,
      {
        presenter: user,
        opportunityId: picked && /^\d{1,15}$/.test(picked) ? Number(picked) : undefined,
        topic: stateOf(values, BLOCKS.topic)?.value ?? undefined,
        ask: stateOf(values, BLOCKS.ask)?.selected_option?.value,
        duration: Number.isFinite(duration) ? duration : undefined,
      },
      at,
    );
    return { value: r, record: r.ok ? String(r.item.id) : undefined };
  });
  if (once.repeated) return void (await ack());
  const result = once.value;
  if (!result.ok) {
    const block = result.field === 'form' ? firstBlock : result.field;
    return void (await ack({ response_action: 'errors', errors: { [block]: result.text } }));
  }
  await ack();
  const l = localeFor(ctx, user);
  const item = result.item;
  const params = { name: o.ritual.name, when: slackWhen(o.start, l), title: safeTitle(item), duration: item.duration, position: result.position, max: o.ritual.maxPresenters };
  const lines = [tr(item.status === 'slotted' ? 'agenda.signup.slotted' : 'agenda.signup.waitlisted', params)];
  if (needsApproval(o.ritual) && o.lockAt) lines.push(tr('agenda.signup.approval', { lock: slackWhen(o.lockAt, l) }));
  const text = lines.join(' ');
  await tell(ctx, client, user, meta.channel, {
    text,
    blocks: [
      {
        type: 'section',
        text: { type: 'mrkdwn', text },
        accessory: { type: 'button', action_id: ACTIONS.withdraw, value: String(item.id), text: { type: 'plain_text', text: tr('agenda.button.withdraw') } },
      },
    ],
  });
  await redrawCall(ctx, client, o);
}

/** The decline form: the decision recorded with its reason; the approver's prompt redrawn, or a private note. */
export async function declineSubmitted(ctx: AppContext, { ack, body, view, client }: ViewArgs): Promise<void> {
  const user = body.user.id;
  const tr = ctx.tr(user);
  const meta = readJson(itemMetadata, view.private_metadata);
  if (!meta) return void (await ack({ response_action: 'errors', errors: { [BLOCKS.reason]: tr('agenda.stale') } }));
  const reason = stateOf((view.state.values ?? {}) as Values, BLOCKS.reason)?.value ?? null;
  const result = decide(ctx, meta.item, user, 'declined', reason, ctx.clock.now());
  if (!result.ok) return void (await ack({ response_action: 'errors', errors: { [BLOCKS.reason]: result.text } }));
  await ack();
  if (isPromptOf(ctx, validationKey(result.o, user), meta.channel, meta.ts) && meta.channel && meta.ts) {
    const m = viewFor(ctx, user, result.o, 'validation');
    await client.chat.update({ channel: meta.channel, ts: meta.ts, text: m.text, blocks: m.blocks });
    return;
  }
  await tell(ctx, client, user, meta.channel, { text: tr('agenda.decide.declinedDone', { title: safeTitle(result.item), user: result.item.presenterId }) });
}

/** The rework form: the outcome recorded with its feedback; the outcome prompt redrawn, or a private note. */
export async function reworkSubmitted(ctx: AppContext, { ack, body, view, client }: ViewArgs): Promise<void> {
  const user = body.user.id;
  const tr = ctx.tr(user);
  const meta = readJson(itemMetadata, view.private_metadata);
  if (!meta) return void (await ack({ response_action: 'errors', errors: { [BLOCKS.feedback]: tr('agenda.stale') } }));
  const feedback = stateOf((view.state.values ?? {}) as Values, BLOCKS.feedback)?.value ?? null;
  const result = recordOutcome(ctx, meta.item, user, 'rework', feedback, ctx.clock.now());
  if (!result.ok) return void (await ack({ response_action: 'errors', errors: { [BLOCKS.feedback]: result.text } }));
  await ack();
  if (isPromptOf(ctx, outcomesKey(result.o, user), meta.channel, meta.ts) && meta.channel && meta.ts) {
    const m = outcomesFor(ctx, user, result.o);
    await client.chat.update({ channel: meta.channel, ts: meta.ts, text: m.text, blocks: m.blocks });
  } else {
    await tell(ctx, client, user, meta.channel, { text: tr('agenda.outcome.done', { outcome: outcomeLabel(tr, 'rework'), title: safeTitle(result.item), user: result.item.presenterId }) });
  }
  await deliver(ctx);
}

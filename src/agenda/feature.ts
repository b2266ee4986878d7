import { tellPrivately } from '../slack/dm.js';
import { agendaSubcommandOf } from './words.js';
import type { AllMiddlewareArgs, App, BlockAction, ButtonAction, RespondFn, SlackActionMiddlewareArgs, ViewStateValue } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import type { AppContext, FeatureModule } from '../context.js';
import { deliverPending } from '../delivery/outbox.js';
import { statusLabel } from '../opportunities/index.js';
import { awaitingAgenda } from '../opportunities/index.js';
import { getOpportunityRow } from '../opportunities/index.js';
import { oncePerView } from '../slack/once-per-view.js';
import { decodeEntities, escapeText } from '../slack/text.js';
import {
  ACTIONS,
  WITHDRAW_ACTION,
  BLOCKS,
  VALUE,
  VIEWS,
  agendaMessage,
  declineModal,
  itemTitle,
  live,
  localWhen,
  outcomeLabel,
  outcomesMessage,
  reworkModal,
  signupCallMessage,
  signupModal,
  slackWhen,
  type Message,
} from './blocks.js';
import {
  decide,
  decisionCheck,
  isApprover,
  isPromptOf,
  localeFor,
  lockedAt,
  occurrenceOfItem,
  orgLocale,
  outcomesKey,
  recordOutcome,
  resolveRef,
  signUp,
  signupCallAt,
  skipsOf,
  validationKey,
  windowRefusal,
  withdraw,
  type WithdrawResult,
} from './service.js';
import { getItem, itemsOf, type Outcome } from './store.js';
import { agendaRituals, needsApproval, signupState, signupTarget, type AgendaOccurrence } from './window.js';

/*
 * `/agenda`, the sign-up modal, withdrawals, the approvers' Approve / Decline
 * and the outcome buttons. Listeners are thin: they parse, call service.ts
 * (which checks and writes in one transaction) and answer. Answers to a click
 * go straight to the Web API after the ack; what the bot says on its own (a
 * promotion, an outcome DM) was enqueued in the outbox by the service and is
 * delivered right after.
 */

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

const signupMetadata = z.strictObject({ ref: z.string().max(100), channel: z.string().regex(/^[CGD][A-Z0-9]{6,}$/).optional() });
const itemMetadata = z.strictObject({
  item: z.number().int().positive(),
  channel: z.string().regex(/^[CGD][A-Z0-9]{6,}$/).optional(),
  ts: z.string().regex(/^\d{1,12}\.\d{1,8}$/).optional(),
});

function readJson<T>(schema: z.ZodType<T>, text: string | undefined): T | undefined {
  try {
    const parsed = schema.safeParse(JSON.parse(text ?? ''));
    return parsed.success ? parsed.data : undefined;
  } catch {
    // Forged or truncated private_metadata: the caller answers that the form is out of date.
    return undefined;
  }
}

/** A title inside mrkdwn: user text must not become a mention or a link. */
const safeTitle = (item: Parameters<typeof itemTitle>[0]) => escapeText(itemTitle(item));

function parseItemId(value: string | undefined): number | undefined {
  return value && /^\d{1,15}$/.test(value) ? Number(value) : undefined;
}

type Values = Record<string, Record<string, ViewStateValue>>;
const stateOf = (values: Values, block: string): ViewStateValue | undefined => values[block]?.[VALUE];

/** `/agenda [ritual] [signup|withdraw|help]`: the ritual key is optional (the alignment meeting by default). */
export function parseAgendaCommand(text: string, ritualKeys: readonly string[]): { ritual?: string; sub: string; extra: boolean } {
  // Slack escapes & < > in command text: decode once here, escape once when echoing (issue 11 item 4).
  const words = decodeEntities(text).trim().toLowerCase().split(/\s+/).filter(Boolean);
  const ritual = words[0] && ritualKeys.includes(words[0]) ? words.shift() : undefined;
  const sub = agendaSubcommandOf(words.shift() ?? '');
  return { ...(ritual ? { ritual } : {}), sub, extra: words.length > 0 };
}

export function registerAgenda(app: App, ctx: AppContext): void {
  const now = () => ctx.clock.now();

  /** Sends what the service enqueued (promotion, outcome DMs); failures stay in the outbox for the rituals job. */
  async function deliver(): Promise<void> {
    await deliverPending(ctx, now(), { limit: 20, maxWaitMs: 0 });
  }

  /** Redraws the channel's sign-up call after the agenda changed (a reply to a click: straight to the Web API). */
  async function redrawCall(client: WebClient, o: AgendaOccurrence): Promise<void> {
    const at = signupCallAt(ctx, o);
    if (!at) return;
    const m = signupCallMessage(orgLocale(ctx), o, itemsOf(ctx.db, o.ritual.key, o.occurrence.key), signupState(o, now()) === 'open' && !lockedAt(ctx, o));
    await client.chat.update({ channel: at.channel, ts: at.ts, text: m.text, blocks: m.blocks });
  }

  /** An ephemeral answer in `channel`, or a DM when there is none or the person cannot see it. */
  async function tell(client: WebClient, user: string, channel: string | undefined, message: Message | { text: string }): Promise<void> {
    await tellPrivately({ db: ctx.db, client, logger: ctx.logger }, user, channel, message);
  }

  const say = (respond: RespondFn, message: Message | { text: string }) => respond({ response_type: 'ephemeral', replace_original: false, ...message });

  function viewFor(user: string, o: AgendaOccurrence, intro?: 'validation'): Message {
    return agendaMessage(localeFor(ctx, user), {
      o,
      items: itemsOf(ctx.db, o.ritual.key, o.occurrence.key),
      lockedAt: lockedAt(ctx, o),
      now: now(),
      viewer: user,
      approver: needsApproval(o.ritual) && isApprover(ctx.org, user),
      ...(intro ? { intro } : {}),
    });
  }

  /** The sign-up modal for `o`, or why it cannot open. */
  function signupView(user: string, o: AgendaOccurrence, channel: string | undefined, selected?: number) {
    const refusal = windowRefusal(ctx, o, user, now());
    if (refusal) return { refusal: refusal.text };
    const opportunities = needsApproval(o.ritual) ? awaitingAgenda(ctx, user) : [];
    if (needsApproval(o.ritual) && opportunities.length === 0) return { refusal: ctx.tr(user)('agenda.signup.noOpportunity') };
    const metadata = { ref: o.ref, ...(channel ? { channel } : {}) };
    return { view: signupModal(localeFor(ctx, user), o, { opportunities, ...(selected !== undefined ? { selected } : {}), metadata }) };
  }

  /** After a withdrawal committed: tell the promoted and the opportunity card (both enqueued), redraw the call. */
  async function afterWithdraw(client: WebClient, result: Extract<WithdrawResult, { ok: true }>): Promise<void> {
    await deliver();
    await redrawCall(client, result.o);
  }

  function withdrawText(user: string, result: WithdrawResult): string {
    if (!result.ok) return result.text;
    const tr = ctx.tr(user);
    const done = tr('agenda.withdraw.done', { title: safeTitle(result.item), name: result.o.ritual.name });
    if (result.promoted.length === 0) return done;
    return `${done} ${tr('agenda.withdraw.promoted', { people: result.promoted.map((i) => `<@${i.presenterId}>`).join(', ') })}`;
  }

  /** "Withdraw my sign-up" (command or call button): the person's only live item on that agenda. */
  function withdrawMine(user: string, o: AgendaOccurrence): { result?: WithdrawResult; answer: Message | { text: string } } {
    const tr = ctx.tr(user);
    const l = localeFor(ctx, user);
    const { slotted, waitlisted } = live(itemsOf(ctx.db, o.ritual.key, o.occurrence.key));
    const mine = [...slotted, ...waitlisted].filter((i) => i.presenterId === user);
    const [only] = mine;
    if (!only) return { answer: { text: tr('agenda.withdraw.nothing', { name: o.ritual.name, when: localWhen(o.start, l) }) } };
    if (mine.length > 1) {
      const view = viewFor(user, o);
      return { answer: { text: tr('agenda.withdraw.which'), blocks: [{ type: 'section', text: { type: 'mrkdwn', text: tr('agenda.withdraw.which') } }, ...view.blocks] } };
    }
    const result = withdraw(ctx, only.id, user, now());
    return { result, answer: { text: withdrawText(user, result) } };
  }

  // -------------------------------------------------------------------------
  // /agenda
  // -------------------------------------------------------------------------
  app.command('/agenda', async ({ ack, command, client }) => {
    const user = command.user_id;
    const tr = ctx.tr(user);
    const rituals = agendaRituals(ctx.org);
    const keys = rituals.map((r) => r.key);
    const list = keys.map((k) => `\`${k}\``).join(', ') || '—';
    const reply = (message: Message | { text: string }) => ack({ response_type: 'ephemeral', ...message });
    const parsed = parseAgendaCommand(command.text ?? '', keys);
    const known = ['', 'signup', 'withdraw'].includes(parsed.sub);
    // A first word that is neither a ritual nor a subcommand is most likely a ritual name mistyped.
    if (!known && parsed.sub !== 'help' && !parsed.ritual && !parsed.extra) {
      return void (await reply({ text: tr('agenda.unknownRitual', { ritual: escapeText(parsed.sub.slice(0, 40)), rituals: list }) }));
    }
    if (!known || parsed.extra) return void (await reply({ text: tr('agenda.usage', { rituals: list }) }));
    const ritual = rituals.find((r) => r.key === parsed.ritual) ?? rituals[0];
    if (!ritual) return void (await reply({ text: tr('agenda.none') }));
    const o = signupTarget(ctx.org, ritual, now(), skipsOf(ctx));
    if (!o) return void (await reply({ text: tr('agenda.noOccurrence', { name: ritual.name }) }));

    if (parsed.sub === 'signup') {
      const opened = signupView(user, o, command.channel_id);
      if (!opened.view) return void (await reply({ text: opened.refusal ?? tr('agenda.stale') }));
      await ack();
      await client.views.open({ trigger_id: command.trigger_id, view: opened.view });
      return;
    }
    if (parsed.sub === 'withdraw') {
      const { result, answer } = withdrawMine(user, o);
      await reply(answer);
      if (result?.ok) await afterWithdraw(client, result);
      return;
    }
    await reply(viewFor(user, o));
  });

  // -------------------------------------------------------------------------
  // Sign up and withdraw buttons
  // -------------------------------------------------------------------------
  app.action<BlockAction<ButtonAction>>(ACTIONS.signup, async ({ ack, body, action, client, respond }) => {
    await ack();
    const user = body.user.id;
    const o = resolveRef(ctx, action.value ?? '');
    if (!o) return void (await say(respond, { text: ctx.tr(user)('agenda.stale') }));
    const opened = signupView(user, o, body.channel?.id);
    if (!opened.view) return void (await say(respond, { text: opened.refusal ?? ctx.tr(user)('agenda.stale') }));
    await client.views.open({ trigger_id: body.trigger_id, view: opened.view });
  });

  app.action<BlockAction<ButtonAction>>(ACTIONS.withdrawMine, async ({ ack, body, action, client, respond }) => {
    await ack();
    const user = body.user.id;
    const o = resolveRef(ctx, action.value ?? '');
    if (!o) return void (await say(respond, { text: ctx.tr(user)('agenda.stale') }));
    const { result, answer } = withdrawMine(user, o);
    await say(respond, answer);
    if (result?.ok) await afterWithdraw(client, result);
  });

  app.action<BlockAction<ButtonAction>>(WITHDRAW_ACTION, async ({ ack, body, action, client, respond }) => {
    await ack();
    const user = body.user.id;
    const id = parseItemId(action.value);
    const result: WithdrawResult = id === undefined ? { ok: false, text: ctx.tr(user)('agenda.itemGone') } : withdraw(ctx, id, user, now());
    await say(respond, { text: withdrawText(user, result) });
    if (result.ok) await afterWithdraw(client, result);
  });

  app.view(VIEWS.signup, async ({ ack, body, view, client }) => {
    const user = body.user.id;
    const tr = ctx.tr(user);
    const values = (view.state.values ?? {}) as Values;
    const firstBlock = values[BLOCKS.opportunity] ? BLOCKS.opportunity : BLOCKS.topic;
    const meta = readJson(signupMetadata, view.private_metadata);
    const o = meta ? resolveRef(ctx, meta.ref) : undefined;
    if (!meta || !o) return void (await ack({ response_action: 'errors', errors: { [firstBlock]: tr('agenda.stale') } }));
    const picked = stateOf(values, BLOCKS.opportunity)?.selected_option?.value;
    const duration = Number(stateOf(values, BLOCKS.duration)?.selected_option?.value ?? Number.NaN);
    const at = now();
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
    await tell(client, user, meta.channel, {
      text,
      blocks: [
        {
          type: 'section',
          text: { type: 'mrkdwn', text },
          accessory: { type: 'button', action_id: ACTIONS.withdraw, value: String(item.id), text: { type: 'plain_text', text: tr('agenda.button.withdraw') } },
        },
      ],
    });
    await redrawCall(client, o);
  });

  // -------------------------------------------------------------------------
  // Approvers: approve, decline (with a reason)
  // -------------------------------------------------------------------------
  app.action<BlockAction<ButtonAction>>(ACTIONS.approve, async ({ ack, body, action, respond }) => {
    await ack();
    const user = body.user.id;
    const id = parseItemId(action.value);
    const result = id === undefined ? { ok: false as const, text: ctx.tr(user)('agenda.itemGone') } : decide(ctx, id, user, 'approved', null, now());
    if (!result.ok) return void (await say(respond, { text: result.text }));
    const intro = body.container?.is_ephemeral === true ? undefined : 'validation';
    await respond({ replace_original: true, ...viewFor(user, result.o, intro) });
  });

  app.action<BlockAction<ButtonAction>>(ACTIONS.decline, async ({ ack, body, action, client, respond }) => {
    await ack();
    const user = body.user.id;
    const tr = ctx.tr(user);
    const id = parseItemId(action.value);
    const item = id === undefined ? undefined : getItem(ctx.db, id);
    const o = item && occurrenceOfItem(ctx, item);
    if (!item || !o) return void (await say(respond, { text: tr('agenda.itemGone') }));
    // Refuse before the form when the decision cannot be taken at all; the reason is checked on submission.
    const check = decisionCheck(ctx, item.id, user, now());
    if (!check.ok) return void (await say(respond, { text: check.text }));
    const channel = body.channel?.id;
    const ts = body.message?.ts;
    await client.views.open({ trigger_id: body.trigger_id, view: declineModal(localeFor(ctx, user), o, item, { item: item.id, ...(channel ? { channel } : {}), ...(ts ? { ts } : {}) }) });
  });

  app.view(VIEWS.decline, async ({ ack, body, view, client }) => {
    const user = body.user.id;
    const tr = ctx.tr(user);
    const meta = readJson(itemMetadata, view.private_metadata);
    if (!meta) return void (await ack({ response_action: 'errors', errors: { [BLOCKS.reason]: tr('agenda.stale') } }));
    const reason = stateOf((view.state.values ?? {}) as Values, BLOCKS.reason)?.value ?? null;
    const result = decide(ctx, meta.item, user, 'declined', reason, now());
    if (!result.ok) return void (await ack({ response_action: 'errors', errors: { [BLOCKS.reason]: result.text } }));
    await ack();
    if (isPromptOf(ctx, validationKey(result.o, user), meta.channel, meta.ts) && meta.channel && meta.ts) {
      const m = viewFor(user, result.o, 'validation');
      await client.chat.update({ channel: meta.channel, ts: meta.ts, text: m.text, blocks: m.blocks });
      return;
    }
    await tell(client, user, meta.channel, { text: tr('agenda.decide.declinedDone', { title: safeTitle(result.item), user: result.item.presenterId }) });
  });

  // -------------------------------------------------------------------------
  // Outcomes: go / no-go (buttons), rework (a form for the feedback)
  // -------------------------------------------------------------------------
  /** The presenter's DM and the card's redraw and thread note were enqueued with the outcome. */
  async function afterOutcome(): Promise<void> {
    await deliver();
  }

  function outcomesFor(user: string, o: AgendaOccurrence): Message {
    const kept = live(itemsOf(ctx.db, o.ritual.key, o.occurrence.key)).slotted.filter((i) => i.opportunityId !== null);
    return outcomesMessage(localeFor(ctx, user), o, kept);
  }

  for (const [actionId, outcome] of [
    [ACTIONS.go, 'go'],
    [ACTIONS.noGo, 'no_go'],
  ] as const satisfies readonly (readonly [string, Outcome])[]) {
    app.action<BlockAction<ButtonAction>>(actionId, async ({ ack, body, action, respond }) => {
      await ack();
      const user = body.user.id;
      const id = parseItemId(action.value);
      const result = id === undefined ? { ok: false as const, text: ctx.tr(user)('agenda.itemGone') } : recordOutcome(ctx, id, user, outcome, null, now());
      if (!result.ok) return void (await say(respond, { text: result.text }));
      await respond({ replace_original: true, ...outcomesFor(user, result.o) });
      await afterOutcome();
    });
  }

  app.action<BlockAction<ButtonAction>>(ACTIONS.rework, async ({ ack, body, action, client, respond }) => {
    await ack();
    const user = body.user.id;
    const tr = ctx.tr(user);
    const id = parseItemId(action.value);
    const item = id === undefined ? undefined : getItem(ctx.db, id);
    if (!item) return void (await say(respond, { text: tr('agenda.itemGone') }));
    // The same checks as the submission, with a placeholder feedback: refuse now rather than after typing it.
    if (!isApprover(ctx.org, user)) return void (await say(respond, { text: tr('agenda.outcome.notApprover', { approvers: ctx.org.approvers.map((u) => `<@${u}>`).join(', ') || '—' }) }));
    if (item.outcome && item.outcomeBy) return void (await say(respond, { text: tr('agenda.outcome.already', { outcome: outcomeLabel(tr, item.outcome), user: item.outcomeBy }) }));
    const channel = body.channel?.id;
    const ts = body.message?.ts;
    await client.views.open({ trigger_id: body.trigger_id, view: reworkModal(localeFor(ctx, user), item, { item: item.id, ...(channel ? { channel } : {}), ...(ts ? { ts } : {}) }) });
  });

  app.view(VIEWS.rework, async ({ ack, body, view, client }) => {
    const user = body.user.id;
    const tr = ctx.tr(user);
    const meta = readJson(itemMetadata, view.private_metadata);
    if (!meta) return void (await ack({ response_action: 'errors', errors: { [BLOCKS.feedback]: tr('agenda.stale') } }));
    const feedback = stateOf((view.state.values ?? {}) as Values, BLOCKS.feedback)?.value ?? null;
    const result = recordOutcome(ctx, meta.item, user, 'rework', feedback, now());
    if (!result.ok) return void (await ack({ response_action: 'errors', errors: { [BLOCKS.feedback]: result.text } }));
    await ack();
    if (isPromptOf(ctx, outcomesKey(result.o, user), meta.channel, meta.ts) && meta.channel && meta.ts) {
      const m = outcomesFor(user, result.o);
      await client.chat.update({ channel: meta.channel, ts: meta.ts, text: m.text, blocks: m.blocks });
    } else {
      await tell(client, user, meta.channel, { text: tr('agenda.outcome.done', { outcome: outcomeLabel(tr, 'rework'), title: safeTitle(result.item), user: result.item.presenterId }) });
    }
    await afterOutcome();
  });
}

/**
 * The opportunity card's "Request an agenda slot": the sign-up modal of the
 * next alignment meeting with this opportunity chosen, or why not.
 */
export async function openSignupForOpportunity(ctx: AppContext, { body, action, client, respond }: ButtonArgs): Promise<void> {
  const user = body.user.id;
  const tr = ctx.tr(user);
  const answer = (text: string) => respond({ response_type: 'ephemeral', replace_original: false, text });
  const id = parseItemId(action.value);
  const opp = id === undefined ? undefined : getOpportunityRow(ctx.db, id);
  if (id === undefined || !opp || (opp.status === 'draft' && opp.ownerId !== user)) return void (await answer(tr('opp.gone', { id: id ?? '?' })));
  if (opp.ownerId !== user) return void (await answer(tr('opp.slot.notOwner', { id: opp.id })));
  if (opp.status !== 'pitched' && opp.status !== 'rework') return void (await answer(tr('opp.slot.status', { id: opp.id, status: statusLabel(tr, opp.status) })));
  const ritual = agendaRituals(ctx.org).find((r) => needsApproval(r));
  const o = ritual ? signupTarget(ctx.org, ritual, ctx.clock.now(), skipsOf(ctx)) : undefined;
  if (!o) return void (await answer(tr('opp.slot.noRitual')));
  const refusal = windowRefusal(ctx, o, user, ctx.clock.now());
  if (refusal) return void (await answer(refusal.text));
  const view = signupModal(localeFor(ctx, user), o, {
    opportunities: awaitingAgenda(ctx, user),
    selected: opp.id,
    metadata: { ref: o.ref, ...(body.channel?.id ? { channel: body.channel.id } : {}) },
  });
  await client.views.open({ trigger_id: body.trigger_id, view });
}

export const agendaFeature: FeatureModule = {
  name: 'agenda',
  register: registerAgenda,
};

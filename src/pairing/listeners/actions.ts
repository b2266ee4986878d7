import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { AppContext } from '../../context.js';
import { translator } from '../../i18n/index.js';
import { insightModal } from '../../insights/index.js';
import { introMessage } from '../blocks.js';
import { getPair, mark } from '../store.js';

export type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/**
 * The introduction's "Done" and "Skip this time": one of the pair (or an
 * admin) marks the session once; the introduction is redrawn with who did.
 */
export function markButton(status: 'done' | 'skipped') {
  return async (ctx: AppContext, { ack, body, action, client, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const user = body.user.id;
    const tr = ctx.tr(user);
    const pair = /^\d+$/.test(action.value ?? '') ? getPair(ctx.db, Number(action.value)) : undefined;
    const tell = (text: string) => respond({ response_type: 'ephemeral', replace_original: false, text });
    if (!pair) return void (await tell(tr('pairing.error.unknown')));
    if (user !== pair.pm && user !== pair.csm && !ctx.org.admins.includes(user)) return void (await tell(tr('pairing.error.notYours')));
    if (!mark(ctx.db, pair.id, status, user, ctx.clock.now())) return void (await tell(tr('pairing.error.already')));
    const lang = ctx.org.organisation.language;
    const ritual = ctx.org.rituals.find((r) => r.key === pair.ritualKey)?.name ?? pair.ritualKey;
    const m = introMessage(translator(lang), lang, { pairId: pair.id, pm: pair.pm, csm: pair.csm, ritual, minutes: ctx.org.pairing.sessionMinutes, status: { kind: status, by: user } });
    const channel = body.channel?.id ?? pair.channel;
    const ts = body.message?.ts;
    if (channel && ts) await client.chat.update({ channel, ts, text: m.text, blocks: m.blocks });
  };
}

/** "Log an insight": the insight form everyone knows, prefilled for an immersion session. */
export async function insightButton(ctx: AppContext, { ack, body, client }: ButtonArgs): Promise<void> {
  await ack();
  await client.views.open({
    trigger_id: body.trigger_id,
    view: insightModal(ctx.tr(body.user.id), ctx.org, {
      metadata: body.channel?.id ? { channel: body.channel.id } : {},
      prefill: { source: 'csm', tags: ['immersion'] },
    }),
  });
}

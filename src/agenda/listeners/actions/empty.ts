import type { AppContext } from '../../../context.js';
import { decideEmptyAgenda, emptyAgendaPrompt, type EmptyDecision } from '../../empty.js';
import { localeFor } from '../../service.js';
import { deliver, say, type ButtonArgs } from '../shared.js';

/*
 * The empty agenda's "Cancel this occurrence" and "Keep it" (src/agenda/empty.ts):
 * the decision recorded once, the approver's DM redrawn in place with it.
 */
export function emptyAgendaButton(decision: EmptyDecision) {
  return async (ctx: AppContext, { ack, body, action, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const user = body.user.id;
    const result = decideEmptyAgenda(ctx, action.value ?? '', user, decision, ctx.clock.now());
    if (!result.ok) return void (await say(respond, { text: result.text }));
    await respond({ replace_original: true, ...emptyAgendaPrompt(localeFor(ctx, user), result.prompt, result.decided) });
    if (result.fresh) await deliver(ctx);
  };
}

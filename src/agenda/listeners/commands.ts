import { agendaSubcommandOf } from '../words.js';
import type { CommandArgs, AppContext } from '../../context.js';
import { decodeEntities, escapeText } from '../../slack/text.js';
import type { Message } from '../blocks.js';
import { skipsOf } from '../service.js';
import { agendaRituals, signupTarget } from '../window.js';
import { afterWithdraw, signupView, viewFor, withdrawMine } from './shared.js';

/** `/agenda [ritual] [signup|withdraw|help]`: the ritual key is optional (the alignment meeting by default). */
export function parseAgendaCommand(text: string, ritualKeys: readonly string[]): { ritual?: string; sub: string; extra: boolean } {
  // Slack escapes & < > in command text: decode once here, escape once when echoing (issue 11 item 4).
  const words = decodeEntities(text).trim().toLowerCase().split(/\s+/).filter(Boolean);
  const ritual = words[0] && ritualKeys.includes(words[0]) ? words.shift() : undefined;
  const sub = agendaSubcommandOf(words.shift() ?? '');
  return { ...(ritual ? { ritual } : {}), sub, extra: words.length > 0 };
}

/** `/agenda`: the agenda of the next occurrence, or its sign-up form, or withdrawing one's sign-up. */
export async function agendaCommand(ctx: AppContext, { ack, command, client }: CommandArgs): Promise<void> {
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
  const o = signupTarget(ctx.org, ritual, ctx.clock.now(), skipsOf(ctx));
  if (!o) return void (await reply({ text: tr('agenda.noOccurrence', { name: ritual.name }) }));

  if (parsed.sub === 'signup') {
    const opened = signupView(ctx, user, o, command.channel_id);
    if (!opened.view) return void (await reply({ text: opened.refusal ?? tr('agenda.stale') }));
    await ack();
    await client.views.open({ trigger_id: command.trigger_id, view: opened.view });
    return;
  }
  if (parsed.sub === 'withdraw') {
    const { result, answer } = withdrawMine(ctx, user, o);
    await reply(answer);
    if (result?.ok) await afterWithdraw(ctx, client, result);
    return;
  }
  await reply(viewFor(ctx, user, o));
}

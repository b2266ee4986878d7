import type { AppContext, CommandArgs } from '../../context.js';
import { isLevel, levelOf, setLevel } from '../store.js';

/** `/cadence notify [all|shipped|off]`: shows or sets the person's level; a wrong word changes nothing. */
export async function onNotifySubcommand(ctx: AppContext, { ack, command }: CommandArgs, rest: string): Promise<void> {
  const tr = ctx.tr(command.user_id);
  const word = rest.trim().toLowerCase();
  if (word === '') {
    await ack({ response_type: 'ephemeral', text: tr('loop.notify.current', { level: tr(`loop.level.${levelOf(ctx.db, command.user_id)}`) }) });
    return;
  }
  if (!isLevel(word)) {
    await ack({ response_type: 'ephemeral', text: tr('loop.notify.usage', { given: rest.trim().replace(/[<>&`]/g, '').slice(0, 40) }) });
    return;
  }
  setLevel(ctx.db, command.user_id, word, ctx.clock.now());
  await ack({ response_type: 'ephemeral', text: tr(`loop.notify.set.${word}`) });
}

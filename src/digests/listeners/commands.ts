import type { CadenceSubcommand } from '../../context.js';
import type { DigestScope } from '../../core/period.js';
import { fullDigest, latestDigestPeriods } from '../service.js';

const DAY = 24 * 60 * 60 * 1000;

/** `/cadence digest [tribe]`: the digest of the last period, now, only for the asker. */
export const digestSubcommand: CadenceSubcommand = async ({ ack, command, respond }, rest, ctx) => {
  const tr = ctx.tr(command.user_id);
  const tribes = ctx.org.tribes.map((t) => `\`${t.key}\``).join(', ') || '—';
  const words = rest.split(/\s+/).filter(Boolean);
  if (words.length > 1) return void (await ack({ response_type: 'ephemeral', text: tr('digest.usage', { tribes }) }));
  const tribeKey = words[0]?.toLowerCase();
  if (tribeKey && !ctx.org.tribes.some((t) => t.key === tribeKey)) {
    return void (await ack({ response_type: 'ephemeral', text: tr('digest.unknownTribe', { tribe: words[0] ?? '', tribes }) }));
  }
  await ack();
  const now = ctx.clock.now();
  const due = latestDigestPeriods(ctx, now);
  const length = due ? due.period.to.getTime() - due.period.from.getTime() : 7 * DAY;
  const period = { from: new Date(now.getTime() - length), to: now };
  const scope: DigestScope = tribeKey ? { tribe: tribeKey } : {};
  const message = fullDigest(ctx, scope, period, ctx.languageOf(command.user_id), now);
  await respond({ response_type: 'ephemeral', text: message.text, blocks: message.blocks });
};

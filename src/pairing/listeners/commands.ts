import type { CadenceSubcommand } from '../../context.js';
import { participation, quarterOf } from '../service.js';
import { pairsBetween } from '../store.js';

/** `/cadence pairing stats` (admins): participation this quarter, overall and per person. */
export const pairingSubcommand: CadenceSubcommand = async ({ ack, command }, rest, ctx) => {
  const tr = ctx.tr(command.user_id);
  if (!ctx.org.admins.includes(command.user_id)) {
    return void (await ack({ response_type: 'ephemeral', text: tr('pairing.stats.notAdmin', { admins: ctx.org.admins.map((a) => `<@${a}>`).join(', ') || '—' }) }));
  }
  if (rest.trim().toLowerCase() !== 'stats') return void (await ack({ response_type: 'ephemeral', text: tr('pairing.stats.usage') }));
  const q = quarterOf(ctx.org, ctx.clock.now(), tr);
  const p = participation(pairsBetween(ctx.db, q.from, q.to));
  if (p.total === 0) return void (await ack({ response_type: 'ephemeral', text: tr('pairing.stats.none', { quarter: q.label }) }));
  const title = tr('pairing.stats.title', { quarter: q.label, total: p.total, done: p.done, skipped: p.skipped, planned: p.planned });
  const lines = p.people.slice(0, 60).map((x) => `• ${tr('pairing.stats.person', x)}`);
  const text = `${title}\n${lines.join('\n')}`.slice(0, 3000);
  await ack({ response_type: 'ephemeral', text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] });
};

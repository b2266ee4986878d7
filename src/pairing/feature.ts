import type { App, BlockButtonAction } from '@slack/bolt';
import type { AppContext, CadenceSubcommand, FeatureModule } from '../context.js';
import { insightModal } from '../insights/index.js';
import { translator } from '../i18n/index.js';
import { ACTION_PAIRING_DONE, ACTION_PAIRING_INSIGHT, ACTION_PAIRING_SKIP, introMessage } from './blocks.js';
import { pairingJob, participation, quarterOf } from './service.js';
import { getPair, mark, pairsBetween } from './store.js';

/**
 * Product ↔ customer-success immersion (issue 16): the `pairing` ritual step
 * (service.ts) pairs PMs with CSMs; the job opens each pair's group DM; here
 * are its buttons (Done, Skip this time, Log an insight) and
 * `/cadence pairing stats` for admins.
 */
function register(app: App, ctx: AppContext): void {
  const onMark = (status: 'done' | 'skipped') =>
    async ({ ack, body, action, client, respond }: Parameters<Parameters<typeof app.action<BlockButtonAction>>[1]>[0]) => {
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
  app.action<BlockButtonAction>(ACTION_PAIRING_DONE, onMark('done'));
  app.action<BlockButtonAction>(ACTION_PAIRING_SKIP, onMark('skipped'));

  app.action<BlockButtonAction>(ACTION_PAIRING_INSIGHT, async ({ ack, body, client }) => {
    await ack();
    await client.views.open({
      trigger_id: body.trigger_id,
      view: insightModal(ctx.tr(body.user.id), ctx.org, {
        metadata: body.channel?.id ? { channel: body.channel.id } : {},
        prefill: { source: 'csm', tags: ['immersion'] },
      }),
    });
  });
}

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

export const pairingFeature: FeatureModule = {
  name: 'pairing',
  register,
  jobs: [pairingJob],
  cadenceSubcommands: { pairing: pairingSubcommand },
};

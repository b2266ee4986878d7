import type { CadenceSubcommand } from '../../context.js';
import { createToken, ensureToken, feedUrl, listTokens, revokeToken, scopeText } from '../store.js';

/**
 * `/cadence calendar [reset]`: a person's own feed links (their
 * presentations, and the organisation's rituals), shown only to them.
 * `reset` revokes their personal links and makes a new one.
 */
export const calendarSubcommand: CadenceSubcommand = async ({ ack, command }, rest, ctx) => {
  const user = command.user_id;
  const tr = ctx.tr(user);
  const reply = (text: string) => ack({ response_type: 'ephemeral', text });
  const sub = rest.trim().toLowerCase();
  if (sub !== '' && sub !== 'reset') return reply(tr('calfeed.cmd.usage'));
  const base = ctx.secrets.publicUrl;
  if (!base) return reply(tr('calfeed.cmd.noUrl'));
  const now = ctx.clock.now();
  const person = { kind: 'person', userId: user } as const;
  if (sub === 'reset') {
    const url = ctx.db
      .transaction(() => {
        for (const t of listTokens(ctx.db)) if (t.scope === scopeText(person) && !t.revokedAt) revokeToken(ctx.db, String(t.id), now);
        return feedUrl(base, createToken(ctx.db, person, user, null, now).token);
      })
      .immediate();
    return reply(tr('calfeed.cmd.reset', { person: url }));
  }
  const links = ctx.db
    .transaction(() => ({ person: feedUrl(base, ensureToken(ctx.db, person, now).token), org: feedUrl(base, ensureToken(ctx.db, { kind: 'org' }, now).token) }))
    .immediate();
  return reply(tr('calfeed.cmd.links', links));
};

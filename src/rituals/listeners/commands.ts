import { DateTime } from 'luxon';
import type { CadenceSubcommand } from '../../context.js';
import { isoDate } from '../../config/org.js';
import { occurrencesBetween } from '../../core/recurrence/index.js';
import { addSkip } from '../store.js';
import { deliverPending } from '../../delivery/outbox.js';
import type { SkipHook } from '../extensions.js';

/**
 * `/cadence skip <ritual> <YYYY-MM-DD>` (admins): cancels one occurrence and
 * its steps. Holidays are in the config; this is for the odd one-off.
 * `hooks` are what other features do when an occurrence is skipped (the
 * agenda releases its sign-ups), registered in src/features.ts.
 */
export function createSkipSubcommand(hooks: readonly SkipHook[] = []): CadenceSubcommand {
  return async ({ ack, command }, rest, ctx) => {
    const tr = ctx.tr(command.user_id);
    const rituals = ctx.org.rituals;
    const list = rituals.map((r) => `\`${r.key}\``).join(', ') || '—';
    const reply = (text: string) => ack({ response_type: 'ephemeral', text });

    if (!ctx.org.admins.includes(command.user_id)) {
      return reply(tr('ritual.skip.notAdmin', { admins: ctx.org.admins.map((a) => `<@${a}>`).join(', ') || '—' }));
    }
    const [ritualKey, date, extra] = rest.split(/\s+/).filter(Boolean);
    if (!ritualKey || !date || extra) return reply(tr('ritual.skip.usage', { rituals: list }));
    const ritual = rituals.find((r) => r.key === ritualKey.toLowerCase());
    if (!ritual) return reply(tr('ritual.skip.unknownRitual', { ritual: ritualKey, rituals: list }));
    if (!isoDate.safeParse(date).success) return reply(tr('ritual.skip.badDate', { date }));

    const zone = ctx.org.organisation.timezone;
    const now = ctx.clock.now();
    const day = DateTime.fromISO(date, { zone });
    const onThatDay = occurrencesBetween(ritual.recurrence, zone, day.minus({ days: 1 }).toJSDate(), day.plus({ days: 2 }).toJSDate()).filter(
      (o) => o.localDate === date,
    );
    const occurrence = onThatDay[0];
    if (!occurrence) {
      const next = occurrencesBetween(ritual.recurrence, zone, now, DateTime.fromJSDate(now).plus({ days: 400 }).toJSDate())
        .slice(0, 3)
        .map((o) => o.localDate)
        .join(', ');
      return reply(tr('ritual.skip.notAnOccurrence', { name: ritual.name, date, next: next || '—' }));
    }
    if (occurrence.start <= now) return reply(tr('ritual.skip.past', { date }));
    const added = addSkip(ctx.db, ritual.key, date, command.user_id, now);
    // An agenda ritual's sign-ups end with it: items released, presenters told, the call closed.
    const released = added ? hooks.reduce((n, hook) => n + hook(ctx, ritual, occurrence, command.user_id, now), 0) : 0;
    await reply(tr(added ? 'ritual.skip.done' : 'ritual.skip.already', { name: ritual.name, date }));
    if (released > 0 || added) await deliverPending(ctx, now, { limit: 50, maxWaitMs: 0 });
  };
}

import type { AppContext } from '../context.js';
import type { RitualConfig } from '../rituals/index.js';
import type { ReminderLinks } from '../rituals/index.js';
import { ensureToken, feedUrl } from './store.js';

/**
 * The links a ritual's reminder carries: "Add to calendar" (the ritual's
 * feed; only when CADENCE_PUBLIC_URL says where Cadence is reachable) and
 * "Join" (the ritual's videoUrl). Synchronous: it runs inside the step's
 * claim transaction, and a feed token made here commits with the step.
 */
export function reminderLinks(ctx: Pick<AppContext, 'db' | 'secrets'>, ritual: RitualConfig, now: Date): ReminderLinks {
  const links: ReminderLinks = {};
  const base = ctx.secrets.publicUrl;
  if (base) links.calendarUrl = feedUrl(base, ensureToken(ctx.db, { kind: 'ritual', key: ritual.key }, now).token);
  if (ritual.videoUrl) links.videoUrl = ritual.videoUrl;
  return links;
}

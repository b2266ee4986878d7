import { z } from 'zod';
import { channelId, recurrenceSchema } from '../rituals/config.js';

/**
 * `digests:` in the organisation config. The cadence is a recurrence like a
 * ritual's (weekly on Monday 09:00 by default, wall-clock in the org zone);
 * each digest covers the time since the previous occurrence.
 */
export const digestsSchema = z
  .strictObject({
    enabled: z.boolean().default(true),
    recurrence: recurrenceSchema.prefault({ rrule: 'FREQ=WEEKLY;BYDAY=MO', dtstart: '2026-01-05', time: '09:00' }),
    /** The organisation digest's channel; `channels.digest` when unset. */
    channel: channelId.optional(),
    /** Also post each tribe's own digest in its channel. */
    tribeDigests: z.boolean().default(true),
    /** How many items a list shows in the full digest before "and N more" (the channel post shows at most 3). */
    topN: z.number().int().min(1).max(10).default(5),
    /** A digest missed while Cadence was down is still posted this many hours late, then skipped. */
    graceHours: z.number().int().min(0).max(24 * 6).default(24),
  })
  .prefault({});

export type DigestsConfig = z.infer<typeof digestsSchema>;

import { z } from 'zod';

const userId = z.string().regex(/^[UW][A-Z0-9]{6,}$/, 'must be a Slack user ID such as U0123ABCD (from the profile: "Copy member ID")');

/**
 * `pairing:` in the organisation config (issue 16): the product ↔
 * customer-success immersion. The cadence is the ritual's recurrence (a
 * `pairing` step, monthly in the example); the pools are here.
 */
export const pairingSchema = z
  .strictObject({
    /** Product managers. */
    pms: z.array(userId).default([]),
    /** Also count every impact team's lead as a PM (1 PM per impact team). */
    pmsFromTeams: z.boolean().default(false),
    /** Customer-success managers, whose calls the PMs join. */
    csms: z.array(userId).default([]),
    /** How long a session lasts, in minutes, as said in the invitation. */
    sessionMinutes: z.number().int().min(15).max(8 * 60).default(120),
  })
  .prefault({});

export type PairingConfig = z.infer<typeof pairingSchema>;

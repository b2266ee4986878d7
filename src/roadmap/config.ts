import { z } from 'zod';

const date = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
  }, 'must be a real calendar date');

const share = (what: string) => z.number().min(0, `must be a share from 0 to 1, e.g. 0.2 for 20 % (${what})`).max(1, `must be a share from 0 to 1, e.g. 0.5 for 50 % (${what})`);

/**
 * `roadmap:` in the organisation config (issue 15). Cycles of `cycleWeeks`
 * weeks from `start` (a local date in the organisation's zone); a semester is
 * `cyclesPerSemester` cycles then `bufferWeeks` of buffer, and repeats.
 * The defaults give the twice-yearly plan of PRODUCT.md: 4 × 6 weeks + 2.
 */
export const roadmapSchema = z
  .strictObject({
    start: date.default('2026-01-05'),
    cycleWeeks: z.number().int().min(1, 'must be at least 1 week').max(26, 'must be at most 26 weeks').default(6),
    cyclesPerSemester: z.number().int().min(1).max(12).default(4),
    bufferWeeks: z.number().int().min(0).max(12).default(2),
    /** "Next" covers the cycles starting within this many weeks (6 months). */
    horizonWeeks: z.number().int().min(1).max(104).default(26),
    /** The share of tech work (refactoring, code quality, platform) in the roadmap, per tribe. */
    techShare: z
      .strictObject({ min: share('techShare.min').default(0.2), max: share('techShare.max').default(0.5) })
      .prefault({})
      .refine((b) => b.min <= b.max, { message: 'min must not be above max', path: ['min'] }),
  })
  .prefault({});

export type RoadmapConfig = z.infer<typeof roadmapSchema>;

import { z } from 'zod';

/*
 * `healthCheck:` in the organisation config (issue 16). The survey itself is
 * a ritual: steps `health_check` (send it), `health_remind` (nudge those who
 * have not answered, once) and `health_close` (publish the results).
 */

/** The default dimensions, in the spirit of the squad health check; their labels are in the catalogue. */
export const DEFAULT_DIMENSIONS = ['value', 'speed', 'fun', 'learning', 'mission', 'codebase', 'support'] as const;
export type DefaultDimension = (typeof DEFAULT_DIMENSIONS)[number];

/** Never fewer: below three answers, a distribution can point at a person. */
export const MIN_ANSWERS_FLOOR = 3;

const dimensionKey = z.string().regex(/^[a-z0-9][a-z0-9-]{0,29}$/, 'must be a short lower-case key (letters, digits, dashes), e.g. "tooling"');

const dimensionSchema = z.union([
  z.enum(DEFAULT_DIMENSIONS),
  z.strictObject({
    key: dimensionKey,
    /** The question's label in English, and in French when given (English otherwise). */
    name: z.string().min(1).max(60),
    nameFr: z.string().min(1).max(60).optional(),
  }),
]);

export const healthCheckSchema = z
  .strictObject({
    /** Who answers together: each impact team (its members and lead) or each tribe (everyone in it). */
    unit: z.enum(['team', 'tribe']).default('team'),
    minAnswers: z.number().int().min(MIN_ANSWERS_FLOOR, `must be at least ${MIN_ANSWERS_FLOOR}: fewer answers could point at a person`).max(100).default(MIN_ANSWERS_FLOOR),
    dimensions: z
      .array(dimensionSchema)
      .min(5, 'needs 5 to 8 dimensions')
      .max(8, 'needs 5 to 8 dimensions')
      .default([...DEFAULT_DIMENSIONS])
      .superRefine((dims, ctx) => {
        const seen = new Set<string>();
        dims.forEach((d, i) => {
          const key = typeof d === 'string' ? d : d.key;
          if (seen.has(key)) ctx.addIssue({ code: 'custom', path: [i], message: `duplicate dimension "${key}"` });
          seen.add(key);
        });
      }),
  })
  .prefault({});

export type HealthCheckConfig = z.infer<typeof healthCheckSchema>;
export type DimensionConfig = HealthCheckConfig['dimensions'][number];

export function dimensionKeyOf(d: DimensionConfig): string {
  return typeof d === 'string' ? d : d.key;
}

import { readFileSync } from 'node:fs';
import { IANAZone } from 'luxon';
import YAML from 'yaml';
import { z } from 'zod';
import { digestsSchema } from '../digests/config.js';
import { roadmapSchema } from '../roadmap/config.js';
import { healthCheckSchema } from '../health/config.js';
import { pairingSchema } from '../pairing/config.js';
import { ritualSchema } from '../rituals/config.js';
import { SEVERITIES, type Severity } from '../bugs/config.js';
import { checkTrackerTeams, trackersSchema } from '../bugs/trackers/config.js';
import { ConfigError, formatIssues, keyPath } from './errors.js';

/*
 * The organisation's settings live in one YAML file (docs/decisions/0001-config-format.md).
 * Slack objects are referenced by ID, never by name: names change, IDs do not,
 * and the Web API wants IDs.
 */

export const channelId = z
  .string()
  .regex(/^[CG][A-Z0-9]{6,}$/, 'must be a Slack channel ID such as C0123ABCD (not a #name: copy it from the channel details)');
export const userId = z
  .string()
  .regex(/^[UW][A-Z0-9]{6,}$/, 'must be a Slack user ID such as U0123ABCD (from the profile: "Copy member ID")');
/** Keys are what people type in commands (`tribe:payments`): short, lower-case, no spaces. */
export const slug = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'must be a short lower-case key (letters, digits, dashes), e.g. "payments"');
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
  }, 'must be a real calendar date');

const timeZone = z
  .string()
  .refine((tz) => IANAZone.isValidZone(tz), 'must be an IANA time zone name such as Europe/Paris or America/New_York');

export const languages = ['en', 'fr'] as const;
export type Language = (typeof languages)[number];

const impactTeamSchema = z.strictObject({
  key: slug,
  name: z.string().min(1).max(80),
  lead: userId.optional(),
  channel: channelId.optional(),
  members: z.array(userId).default([]),
});

const tribeSchema = z.strictObject({
  key: slug,
  name: z.string().min(1).max(80),
  channel: channelId,
  /** Where this tribe's insight triage cards go (else insights.triageChannel, else `channel`; decision 0034). */
  triageChannel: channelId.optional(),
  lead: userId.optional(),
  members: z.array(userId).default([]),
  impactTeams: z.array(impactTeamSchema).default([]),
});

/*
 * Optional `insights:` section. zod 4's `.default({})` returns the default
 * as-is, without applying the inner defaults, so `.prefault({})` is used: an
 * absent section is parsed as `{}` and gets every default below.
 */
const insightsSchema = z
  .strictObject({
    /** How long the reporter can undo a quick log, in minutes. */
    undoMinutes: z.number().int().min(1).max(1440).default(10),
    /** Account segments offered as a business weight in the insight modal (keys, as typed in `segment:`). */
    segments: z.array(slug).min(1).max(20).default(['enterprise', 'mid-market', 'smb']),
    /** How far back the duplicate hint looks, in days. */
    duplicateWindowDays: z.number().int().min(1).max(365).default(90),
    /** One channel for every tribe's triage cards, unless a tribe names its own triageChannel (decision 0034). */
    triageChannel: channelId.optional(),
  })
  .prefault({});

/** Optional `opportunities:` section (issue 4); prefault for the same reason as insights. */
const opportunitiesSchema = z
  .strictObject({
    /** Top-down topics should stay under this share of the open backlog (PRODUCT.md: 20 %). */
    topDownGoal: z.number().gt(0, 'must be a share above 0, e.g. 0.2 for 20 %').max(1, 'must be a share of at most 1, e.g. 0.2 for 20 %').default(0.2),
  })
  .prefault({});

const commitmentSchema = z.strictObject({
  key: slug,
  title: z.string().min(1).max(150),
  indicators: z.array(z.string().min(1).max(150)).default([]),
});

/** Who an escalation level reaches (the fallbacks are in src/bugs/ladder.ts). */
export const bugAudiences = ['owner', 'team', 'lead', 'leadership'] as const;
export type BugAudience = (typeof bugAudiences)[number];

const severity = z.enum(SEVERITIES as readonly [Severity, ...Severity[]]);
const slaDays = z.number().positive('must be a positive number of days').max(365, 'must be at most 365 days');

/** The zero-bug rule (issue 5; docs/decisions/0004-sla-clock.md and 0009-bug-escalation.md). */
const bugsSchema = z
  .strictObject({
    slaDays: slaDays.default(7),
    slaMode: z.enum(['calendar', 'business']).default('calendar'),
    slaDaysBySeverity: z.strictObject({ critical: slaDays.optional(), high: slaDays.optional(), medium: slaDays.optional(), low: slaDays.optional() }).prefault({}),
    defaultSeverity: severity.default('medium'),
    /** Where level "team" goes for a bug with no impact team (else channels.bugEscalation): a breach must reach a channel. */
    channel: channelId.optional(),
    dueSoonHours: z.number().positive('must be a positive number of hours').max(24 * 30).default(48),
    ladder: z
      .array(
        z.strictObject({
          name: slug,
          offsetHours: z.number().min(-24 * 30, 'must be within 30 days of the deadline').max(24 * 60, 'must be within 60 days of the deadline'),
          notify: z.array(z.enum(bugAudiences)).min(1, 'must name at least one of owner, team, lead, leadership'),
        }),
      )
      .min(1, 'needs at least one level')
      .max(10, 'has at most 10 levels')
      .default([
        { name: 'due-soon', offsetHours: -24, notify: ['owner'] },
        { name: 'breached', offsetHours: 0, notify: ['team', 'owner', 'lead'] },
        { name: 'still-breached', offsetHours: 48, notify: ['leadership'] },
      ]),
    /** When notices go out (src/bugs/notice-hours.ts, decision 0034): working hours in the org zone, or false for any time. */
    noticeHours: z
      .union([
        z.literal(false),
        z.strictObject({
          start: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time written HH:MM, e.g. 09:00').default('09:00'),
          end: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time written HH:MM, e.g. 18:00').default('18:00'),
        }),
      ])
      .default({ start: '09:00', end: '18:00' }),
    /** true: a level that posts in a channel also DMs the owner and lead (before decision 0034); false: it names them in the post. */
    dmAlsoInChannel: z.boolean().default(false),
    /** An acknowledged breach reaches leadership only once the deadline has passed by this many hours. */
    acknowledgedGraceHours: z.number().min(0).max(24 * 60, 'must be at most 60 days').default(120),
  })
  .superRefine((bugs, ctx) => {
    if (bugs.slaMode === 'business') {
      const all: [string[], number | undefined][] = [[['slaDays'], bugs.slaDays], ...SEVERITIES.map((s): [string[], number | undefined] => [['slaDaysBySeverity', s], bugs.slaDaysBySeverity[s]])];
      for (const [path, days] of all) {
        if (days !== undefined && !Number.isInteger(days)) ctx.addIssue({ code: 'custom', path, message: 'must be a whole number of days in business mode', input: days });
      }
    }
    if (bugs.noticeHours !== false && bugs.noticeHours.end <= bugs.noticeHours.start) {
      ctx.addIssue({ code: 'custom', path: ['noticeHours', 'end'], message: `must be later than start (${bugs.noticeHours.start})`, input: bugs.noticeHours.end });
    }
    // Levels are numbered by position and claimed per number, so their order is their time order.
    bugs.ladder.forEach((level, i) => {
      const previous = bugs.ladder[i - 1];
      if (previous && level.offsetHours <= previous.offsetHours) {
        ctx.addIssue({ code: 'custom', path: ['ladder', i, 'offsetHours'], message: `must be later than the previous level (${previous.offsetHours} h)`, input: level.offsetHours });
      }
    });
  });

export const orgConfigSchema = z
  .strictObject({
    organisation: z.strictObject({
      name: z.string().min(1).max(80),
      timezone: timeZone,
      language: z.enum(languages).default('en'),
      holidays: z.array(isoDate).default([]),
    }),
    admins: z.array(userId).default([]),
    approvers: z.array(userId).default([]),
    channels: z
      .strictObject({
        opportunities: channelId.optional(),
        insightsInbox: channelId.optional(),
        bugEscalation: channelId.optional(),
        digest: channelId.optional(),
        companyWide: channelId.optional(),
      })
      .default({}),
    tribes: z.array(tribeSchema).default([]),
    commitments: z.array(commitmentSchema).default([]),
    rituals: z.array(ritualSchema).default([]),
    insights: insightsSchema,
    opportunities: opportunitiesSchema,
    // prefault, not default: zod 4 returns a default as is, while a prefault is parsed and so gets every inner default.
    bugs: bugsSchema.prefault({}),
    digests: digestsSchema,
    // Tracker webhooks (issue 13, src/bugs/trackers/config.ts).
    trackers: trackersSchema,
    roadmap: roadmapSchema,
    healthCheck: healthCheckSchema,
    pairing: pairingSchema,
  })
  .superRefine((cfg, ctx) => {
    const seen = (items: { key: string }[], path: (i: number) => (string | number)[], what: string) => {
      const keys = new Map<string, number>();
      items.forEach((item, i) => {
        const first = keys.get(item.key);
        if (first !== undefined) {
          ctx.addIssue({ code: 'custom', path: path(i), message: `duplicate ${what} key "${item.key}" (already used at index ${first})` });
        } else keys.set(item.key, i);
      });
    };
    seen(cfg.tribes, (i) => ['tribes', i, 'key'], 'tribe');
    seen(cfg.commitments, (i) => ['commitments', i, 'key'], 'commitment');
    seen(cfg.rituals, (i) => ['rituals', i, 'key'], 'ritual');
    // Issue 16: a health check that is opened must be closed (the close drops who answered).
    cfg.rituals.forEach((ritual, i) => {
      const actions = new Set(ritual.steps.map((s) => s.action));
      if ((actions.has('health_check') || actions.has('health_remind')) && !actions.has('health_close')) {
        ctx.addIssue({ code: 'custom', path: ['rituals', i, 'steps'], message: 'a ritual with a health_check step needs a health_close step (it publishes the results and forgets who answered)' });
      }
    });
    if (cfg.rituals.some((r) => r.steps.some((s) => s.action === 'pairing'))) {
      if (cfg.pairing.csms.length === 0) ctx.addIssue({ code: 'custom', path: ['pairing', 'csms'], message: 'needs at least one customer-success manager (a ritual has a pairing step)' });
      if (cfg.pairing.pms.length === 0 && !cfg.pairing.pmsFromTeams) {
        ctx.addIssue({ code: 'custom', path: ['pairing', 'pms'], message: 'needs at least one product manager, or pmsFromTeams: true (a ritual has a pairing step)' });
      }
    }
    // Impact-team keys are typed alone in commands (`team:checkout`), so they must be unique across tribes.
    const teams = cfg.tribes.flatMap((t, ti) => t.impactTeams.map((team, i) => ({ key: team.key, path: ['tribes', ti, 'impactTeams', i, 'key'] })));
    const teamKeys = new Map<string, string>();
    for (const team of teams) {
      const first = teamKeys.get(team.key);
      if (first) ctx.addIssue({ code: 'custom', path: team.path, message: `duplicate impact team key "${team.key}" (already used at ${first}); team keys must be unique across tribes` });
      else teamKeys.set(team.key, keyPath(team.path));
    }
    // Tracker mappings must name configured teams (issue 13).
    for (const issue of checkTrackerTeams(cfg.trackers, [...teamKeys.keys()], cfg.tribes.map((t) => t.key))) {
      ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
    }
  });

export type OrgConfig = z.infer<typeof orgConfigSchema>;
export type Tribe = OrgConfig['tribes'][number];
export type ImpactTeam = Tribe['impactTeams'][number];
export type Commitment = OrgConfig['commitments'][number];
export type InsightsConfig = OrgConfig['insights'];
export type OpportunitiesConfig = OrgConfig['opportunities'];
export type BugsConfig = OrgConfig['bugs'];

/** Parses and validates the organisation config text; the error names the file and each bad key. */
export function parseOrgConfig(text: string, source: string): OrgConfig {
  let raw: unknown;
  try {
    const doc = YAML.parseDocument(text, { prettyErrors: true, uniqueKeys: true });
    if (doc.errors.length > 0) {
      throw new ConfigError(doc.errors.map((e) => `${source}: ${e.message.split('\n')[0]}`));
    }
    raw = doc.toJS();
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    throw new ConfigError([`${source}: not valid YAML (${err instanceof Error ? err.message.split('\n')[0] : String(err)})`]);
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ConfigError([`${source}: expected a mapping with at least "organisation:" at the top level`]);
  }
  const result = orgConfigSchema.safeParse(raw, { reportInput: true });
  if (!result.success) {
    throw new ConfigError(formatIssues(result.error.issues).map((p) => `${source}: ${p}`));
  }
  return result.data;
}

export function loadOrgConfig(path: string): OrgConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = err instanceof Error && 'code' in err ? String(err.code) : '';
    throw new ConfigError([
      code === 'ENOENT' ? `CADENCE_CONFIG: no file at ${path}` : `CADENCE_CONFIG: cannot read ${path} (${code || String(err)})`,
    ], 'Copy cadence.example.yml, edit it, and point CADENCE_CONFIG at it.');
  }
  return parseOrgConfig(text, path);
}

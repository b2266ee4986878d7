/**
 * The optional `trackers:` section of the organisation config (issue 13):
 * per tracker, what "QA-qualified" means, how priorities map to severities,
 * which labels / components / projects / teams map to impact teams, and who
 * in the tracker is who in Slack. Documented in cadence.example.yml.
 */
import { z } from 'zod';
import { SEVERITIES, type Severity } from '../config.js';

export const TRACKERS = ['jira', 'linear', 'github', 'gitlab'] as const;
export type TrackerName = (typeof TRACKERS)[number];

const severity = z.enum(SEVERITIES as readonly [Severity, ...Severity[]], { error: `must be one of ${SEVERITIES.join(', ')}` });
const name = z.string().trim().min(1, 'must not be empty').max(200);
const names = z.array(name).default([]);
const SLACK_USER = /^[UW][A-Z0-9]{6,}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** Where a tracker person goes in Slack: a user ID, or an e-mail Slack is asked about after the answer. */
const ownerTarget = z
  .string()
  .trim()
  .refine((s) => SLACK_USER.test(s) || EMAIL.test(s), 'must be a Slack user ID such as U0123ABCD or an e-mail address');
/** Impact-team keys are checked against `tribes:` by checkTrackerTeams (org.ts), so the error names the key. */
const teamMap = z.record(name, z.string().trim().toLowerCase()).default({});

const qualifiedSchema = z
  .strictObject({
    /** Any of these labels qualifies an issue (case-insensitive). */
    labels: names,
    /** Or reaching any of these statuses (Jira status name, Linear state name, GitLab scoped label, …). */
    statuses: names,
  })
  .prefault({})
  .transform((q) => (q.labels.length === 0 && q.statuses.length === 0 ? { labels: ['qa-qualified'], statuses: [] } : q));

const teamsSchema = z
  .strictObject({
    labels: teamMap,
    /** Jira components. */
    components: teamMap,
    /** Jira project key, GitHub `owner/repo`, GitLab `group/project`. */
    projects: teamMap,
    /** Linear team key (ENG). */
    teams: teamMap,
  })
  .prefault({});

const commonShape = {
  /** Only these projects (Jira keys, `owner/repo`, `group/project`, Linear team keys); empty = all. */
  projects: names,
  /** Only these issue types (Jira: Bug); empty = all. */
  issueTypes: names,
  qualified: qualifiedSchema,
  /** Priority name (Jira, Linear) or label (GitHub, GitLab) → severity; unmatched = the default severity. */
  severity: z.record(name, severity).optional(),
  teams: teamsSchema,
  /** Jira accountId, Linear e-mail, GitHub login, GitLab username → Slack user ID or e-mail. */
  owners: z.record(name, ownerTarget).default({}),
  /** Closed with one of these labels = dropped, not fixed (GitHub also reads "not planned", Linear "canceled"). */
  droppedLabels: names.transform((l) => (l.length === 0 ? ['wontfix', "won't do", "won't fix", 'not planned', 'duplicate', 'invalid'] : l)),
};

const jiraInsightsSchema = z
  .strictObject({
    /** JSM request types that are feedback (the portal name, e.g. "Product feedback"). */
    requestTypes: names,
    /** Or labels that make a request feedback. */
    labels: names,
    /** Only requests of these projects; empty = all. */
    projects: names,
    /** The Slack user recorded as the insight's reporter (the person who runs the support desk). */
    reporter: z.string().regex(SLACK_USER, 'must be a Slack user ID such as U0123ABCD (from the profile: "Copy member ID")').optional(),
    /** Tribe the insights go to (else the insights inbox). */
    tribe: z.string().trim().toLowerCase().optional(),
    /** Custom field holding the JSM request type and the organizations (ids differ per site). */
    requestTypeField: name.default('customfield_10010'),
    organizationsField: name.default('customfield_10002'),
  })
  .optional();

const jiraSchema = z.strictObject({
  ...commonShape,
  /** Resolutions that mean "not fixed": the bug is dropped, not resolved. */
  droppedResolutions: names.transform((l) => (l.length === 0 ? ["Won't Do", "Won't Fix", 'Duplicate', 'Cannot Reproduce', 'Declined'] : l)),
  insights: jiraInsightsSchema,
});

const linearSchema = z.strictObject({ ...commonShape });
const githubSchema = z.strictObject({ ...commonShape });
const gitlabSchema = z.strictObject({ ...commonShape });

export const trackersSchema = z
  .strictObject({
    jira: jiraSchema.optional(),
    linear: linearSchema.optional(),
    github: githubSchema.optional(),
    gitlab: gitlabSchema.optional(),
  })
  .prefault({});

export type TrackersConfig = z.infer<typeof trackersSchema>;
export type JiraConfig = z.infer<typeof jiraSchema>;
export type TrackerConfig = z.infer<typeof linearSchema>;

/** Defaults when `severity:` is absent: each tracker's own priority names. */
export const DEFAULT_SEVERITY: Record<TrackerName, Record<string, Severity>> = {
  jira: { highest: 'critical', blocker: 'critical', high: 'high', critical: 'critical', medium: 'medium', low: 'low', lowest: 'low', minor: 'low', trivial: 'low' },
  linear: { urgent: 'critical', high: 'high', medium: 'medium', low: 'low' },
  github: { 'severity::critical': 'critical', 'severity::high': 'high', 'severity::medium': 'medium', 'severity::low': 'low' },
  gitlab: { critical: 'critical', high: 'high', medium: 'medium', low: 'low', 'severity::1': 'critical', 'severity::2': 'high', 'severity::3': 'medium', 'severity::4': 'low' },
};

export interface ConfigIssue {
  path: (string | number)[];
  message: string;
}

/** Every team a tracker maps to must be a configured impact team: the error names the key. */
export function checkTrackerTeams(trackers: TrackersConfig, teamKeys: readonly string[], tribeKeys: readonly string[]): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const known = teamKeys.join(', ') || 'none';
  for (const tracker of TRACKERS) {
    const cfg = trackers[tracker];
    if (!cfg) continue;
    for (const kind of ['labels', 'components', 'projects', 'teams'] as const) {
      for (const [from, team] of Object.entries(cfg.teams[kind])) {
        if (!teamKeys.includes(team)) {
          issues.push({ path: ['trackers', tracker, 'teams', kind, from], message: `unknown impact team "${team}"; configured: ${known}` });
        }
      }
    }
  }
  const tribe = trackers.jira?.insights?.tribe;
  if (tribe !== undefined && !tribeKeys.includes(tribe)) {
    issues.push({ path: ['trackers', 'jira', 'insights', 'tribe'], message: `unknown tribe "${tribe}"; configured: ${tribeKeys.join(', ') || 'none'}` });
  }
  return issues;
}

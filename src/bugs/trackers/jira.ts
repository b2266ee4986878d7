/**
 * Jira Cloud (Software and Service Management) → TrackerEvent. Pure.
 *
 * Jira fires `jira:issue_updated` for most transitions (Atlassian, "Webhooks",
 * Jira Cloud platform), so the event name decides nothing but deletion: the
 * issue's fields do (labels, status and its category, resolution, resolution
 * date), with the body's `timestamp` as the event time.
 * Also reads the body a legacy JSM automation webhook or an Automation rule
 * posts (`{ issue, timestamp }`, no `webhookEvent`).
 */
import type { JiraConfig } from './config.js';
import { droppedByLabel, isQualified, passesFilters, severityOf, teamOf, type Facets } from './mapping.js';
import { arr, bugKeyOf, ignored, includesName, invalid, obj, parseTime, str, type Adapted, type Headers, type Json, type TrackerUser } from './types.js';

function names(v: unknown): string[] {
  return arr(v)
    .map((x) => str(x) ?? str(obj(x)?.['name']) ?? str(obj(x)?.['value']))
    .filter((x): x is string => x !== undefined);
}

/** Jira Cloud's REST v3 sends descriptions as Atlassian Document Format; v2 and automation send text. */
export function plainDescription(v: unknown): string {
  if (typeof v === 'string') return v;
  const out: string[] = [];
  const walk = (node: unknown) => {
    const o = obj(node);
    if (!o) return;
    if (o['type'] === 'text' && typeof o['text'] === 'string') out.push(o['text']);
    if (o['type'] === 'hardBreak') out.push('\n');
    for (const child of arr(o['content'])) walk(child);
    if (o['type'] === 'paragraph' || o['type'] === 'heading' || o['type'] === 'listItem') out.push('\n');
  };
  walk(v);
  return out.join('').trim();
}

/** https://site.atlassian.net/rest/api/2/issue/10001 → https://site.atlassian.net/browse/KEY */
function browseUrl(self: string | undefined, key: string): string | null {
  if (!self) return null;
  try {
    const u = new URL(self);
    if (u.protocol !== 'https:' && u.protocol !== 'http:') return null;
    return `${u.origin}/browse/${encodeURIComponent(key)}`;
  } catch {
    return null;
  }
}

function user(v: unknown): TrackerUser | null {
  const u = obj(v);
  if (!u) return null;
  const id = str(u['accountId']) ?? str(u['name']) ?? str(u['key']);
  if (!id) return null;
  return { id, display: str(u['displayName']) ?? id, email: str(u['emailAddress']) ?? null };
}

export function adaptJira(_headers: Headers, body: unknown, cfg: JiraConfig | undefined): Adapted {
  const root = obj(body);
  if (!root) return invalid('(body)', 'must be a JSON object');
  const event = str(root['webhookEvent']);
  if (event !== undefined && !event.startsWith('jira:issue_')) return ignored(`${event} is not an issue event`);
  const issue = obj(root['issue']);
  if (!issue) return event === undefined ? ignored('no issue in this delivery') : invalid('issue', 'is required in an issue event');
  const fields = obj(issue['fields']) ?? ({} as Json);
  const id = str(issue['id']);
  const rawKey = str(issue['key']);
  if (!id) return invalid('issue.id', 'is required');
  if (!rawKey) return invalid('issue.key', 'is required');
  const summary = str(fields['summary'])?.trim();
  if (!cfg) return ignored('trackers.jira is not configured in Cadence');
  const eventAt = parseTime(root['timestamp']) ?? parseTime(fields['updated']);
  if (!eventAt) return invalid('timestamp', 'is required (the event time, ms since 1970)');

  const project = str(obj(fields['project'])?.['key']) ?? rawKey.replace(/-\d+$/, '');
  const labels = names(fields['labels']);
  const issueType = str(obj(fields['issuetype'])?.['name']) ?? null;
  const url = browseUrl(str(issue['self']), rawKey);
  const deleted = event === 'jira:issue_deleted';

  // Rule JSM: a feedback request becomes an insight (once per issue, see apply.ts).
  const ins = cfg.insights;
  if (ins && !deleted) {
    const requestType = str(obj(obj(fields[ins.requestTypeField])?.['requestType'])?.['name']) ?? null;
    const inProject = ins.projects.length === 0 || includesName(ins.projects, project);
    // No type and no label configured, but projects are: every request of those projects is feedback (a feedback desk).
    const wholeDesk = ins.requestTypes.length === 0 && ins.labels.length === 0 && ins.projects.length > 0;
    const feedback = wholeDesk || includesName(ins.requestTypes, requestType) || labels.some((l) => includesName(ins.labels, l));
    if (inProject && feedback) {
      if (!ins.reporter) return ignored('feedback request, but trackers.jira.insights.reporter is not set');
      const description = plainDescription(fields['description']);
      const text = [summary ?? '', description].filter((s) => s.trim() !== '').join('\n\n');
      if (text === '') return ignored('feedback request without a summary or description');
      const organization = names(fields[ins.organizationsField])[0];
      const reporterOrg = str(obj(obj(fields['reporter'])?.['organization'])?.['name']);
      return {
        kind: 'insight',
        insight: {
          tracker: 'jira',
          issueId: id,
          key: rawKey,
          text,
          customer: organization ?? reporterOrg ?? null,
          url,
          reporter: ins.reporter,
          tribe: ins.tribe ?? null,
        },
      };
    }
  }

  if (!summary) return invalid('issue.fields.summary', 'is required');
  const status = obj(fields['status']);
  const facets: Facets = {
    project,
    issueType,
    status: str(status?.['name']) ?? null,
    labels,
    priority: str(obj(fields['priority'])?.['name']) ?? null,
    components: names(fields['components']),
  };
  const filtered = passesFilters(cfg, facets);
  if (filtered) return ignored(filtered);

  const resolution = str(obj(fields['resolution'])?.['name']) ?? null;
  const done = str(obj(status?.['statusCategory'])?.['key']) === 'done' || resolution !== null;
  const droppedReason = resolution && includesName(cfg.droppedResolutions, resolution) ? resolution : done ? droppedByLabel(cfg, labels) : null;
  return {
    kind: 'issue',
    deleted,
    issue: {
      tracker: 'jira',
      issueId: id,
      key: bugKeyOf(rawKey, `JIRA-${id}`),
      title: summary,
      url,
      qualified: isQualified(cfg, facets),
      state: done ? (droppedReason ? 'dropped' : 'resolved') : 'open',
      closedAt: done ? (parseTime(fields['resolutiondate']) ?? eventAt) : null,
      closedReason: deleted ? 'deleted' : droppedReason,
      severity: severityOf('jira', cfg, facets),
      team: teamOf(cfg, facets),
      assignee: user(fields['assignee']),
      eventAt,
    },
  };
}

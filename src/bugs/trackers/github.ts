/**
 * GitHub Issues → TrackerEvent. Pure.
 *
 * Only the `issues` event (X-GitHub-Event) concerns bugs (GitHub Docs,
 * "Webhook events and payloads", issues). Every action carries the whole
 * issue, so its state decides: `state: closed` with `state_reason:
 * not_planned` (or a dropped label) drops, otherwise closed resolves at
 * `closed_at`; open is open. The event time is the issue's `updated_at`
 * (GitHub bumps it on every change; the body has no other clock).
 * Pull requests share the issues API but are not bugs.
 */
import type { TrackerConfig } from './config.js';
import { droppedByLabel, isQualified, passesFilters, severityOf, teamOf, type Facets } from './mapping.js';
import { arr, bugKeyOf, ignored, invalid, obj, parseTime, str, type Adapted, type Headers } from './types.js';

export function adaptGithub(headers: Headers, body: unknown, cfg: TrackerConfig | undefined): Adapted {
  const event = headers['x-github-event'];
  if (event === 'ping') return ignored('ping: the hook works');
  if (event !== 'issues') return ignored(`${event ?? 'an unnamed'} event is not about an issue (subscribe to "Issues" only)`);
  const root = obj(body);
  if (!root) return invalid('(body)', 'must be a JSON object');
  const issue = obj(root['issue']);
  if (!issue) return invalid('issue', 'is required in an issues event');
  if (issue['pull_request'] !== undefined) return ignored('pull requests are not bugs');
  const repo = str(obj(root['repository'])?.['full_name']);
  const number = str(issue['number']);
  const title = str(issue['title'])?.trim();
  const id = str(issue['node_id']) ?? str(issue['id']);
  if (!repo) return invalid('repository.full_name', 'is required');
  if (!number || !id) return invalid('issue.number', 'is required, with issue.node_id');
  if (!title) return invalid('issue.title', 'is required');
  if (!cfg) return ignored('trackers.github is not configured in Cadence');
  const eventAt = parseTime(issue['updated_at']);
  if (!eventAt) return invalid('issue.updated_at', 'is required');

  const labels = arr(issue['labels'])
    .map((l) => str(obj(l)?.['name']))
    .filter((l): l is string => l !== undefined);
  const facets: Facets = { project: repo, labels };
  const filtered = passesFilters({ ...cfg, issueTypes: [] }, facets);
  if (filtered) return ignored(filtered);

  const closed = str(issue['state']) === 'closed';
  const reason = str(issue['state_reason']);
  const dropped = closed ? (reason === 'not_planned' || reason === 'duplicate' ? reason : droppedByLabel(cfg, labels)) : null;
  const assignee = obj(issue['assignee']);
  const login = str(assignee?.['login']);
  const url = str(issue['html_url']) ?? null;
  return {
    kind: 'issue',
    deleted: str(root['action']) === 'deleted',
    issue: {
      tracker: 'github',
      issueId: id,
      key: bugKeyOf(`${repo}#${number}`, `GH-${str(issue['id']) ?? number}`),
      title,
      url: url && /^https?:\/\//.test(url) ? url : null,
      qualified: isQualified(cfg, facets),
      state: closed ? (dropped ? 'dropped' : 'resolved') : 'open',
      closedAt: closed ? (parseTime(issue['closed_at']) ?? eventAt) : null,
      closedReason: str(root['action']) === 'deleted' ? 'deleted' : dropped,
      severity: severityOf('github', cfg, facets),
      team: teamOf(cfg, facets),
      assignee: login ? { id: login, display: login, email: null } : null,
      eventAt,
    },
  };
}

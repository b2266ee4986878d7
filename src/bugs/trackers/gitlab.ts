/**
 * GitLab issues → TrackerEvent. Pure.
 *
 * The "Issue Hook" (`object_kind: issue`, GitLab docs, "Webhook events" →
 * issue / work item events) carries the issue's attributes and labels; older
 * GitLab versions omit `event_type`, `user.id` and `user.email`, and write
 * times as "2013-12-03 17:15:43 UTC": both are read. `state: closed` resolves
 * at `closed_at` (GitLab has no "not planned": a dropped label drops);
 * `opened` is open. The event time is `object_attributes.updated_at`.
 */
import type { TrackerConfig } from './config.js';
import { droppedByLabel, isQualified, passesFilters, severityOf, teamOf, type Facets } from './mapping.js';
import { arr, bugKeyOf, ignored, invalid, obj, parseTime, str, type Adapted, type Headers } from './types.js';

export function adaptGitlab(headers: Headers, body: unknown, cfg: TrackerConfig | undefined): Adapted {
  const root = obj(body);
  if (!root) return invalid('(body)', 'must be a JSON object');
  const kind = str(root['object_kind']);
  if (kind !== 'issue' && kind !== 'work_item') return ignored(`${kind ?? headers['x-gitlab-event'] ?? 'this'} event is not about an issue (tick "Issues events" only)`);
  const oa = obj(root['object_attributes']);
  if (!oa) return invalid('object_attributes', 'is required in an issue event');
  const type = str(oa['type']);
  if (type !== undefined && type !== 'Issue' && type !== 'Incident') return ignored(`work item type ${type} is not a bug`);
  const project = str(obj(root['project'])?.['path_with_namespace']) ?? null;
  const iid = str(oa['iid']);
  const id = str(oa['id']);
  const title = str(oa['title'])?.trim();
  if (!iid || !id) return invalid('object_attributes.iid', 'is required, with object_attributes.id');
  if (!title) return invalid('object_attributes.title', 'is required');
  if (!cfg) return ignored('trackers.gitlab is not configured in Cadence');
  const eventAt = parseTime(oa['updated_at']);
  if (!eventAt) return invalid('object_attributes.updated_at', 'is required');

  const labelSource = Array.isArray(root['labels']) ? root['labels'] : oa['labels'];
  const labels = arr(labelSource)
    .map((l) => str(obj(l)?.['title']) ?? str(obj(l)?.['name']))
    .filter((l): l is string => l !== undefined);
  const facets: Facets = { project, labels, priority: str(oa['severity']) ?? null };
  const filtered = passesFilters({ ...cfg, issueTypes: [] }, facets);
  if (filtered) return ignored(filtered);

  const closed = str(oa['state']) === 'closed';
  const dropped = closed ? droppedByLabel(cfg, labels) : null;
  const assignee = obj(arr(root['assignees'])[0]) ?? obj(root['assignee']);
  const username = str(assignee?.['username']);
  const url = str(oa['url']) ?? null;
  return {
    kind: 'issue',
    deleted: false,
    issue: {
      tracker: 'gitlab',
      issueId: id,
      key: bugKeyOf(`${project ?? str(oa['project_id']) ?? 'gitlab'}#${iid}`, `GL-${id}`),
      title,
      url: url && /^https?:\/\//.test(url) ? url : null,
      qualified: isQualified(cfg, facets),
      state: closed ? (dropped ? 'dropped' : 'resolved') : 'open',
      closedAt: closed ? (parseTime(oa['closed_at']) ?? eventAt) : null,
      closedReason: dropped,
      severity: severityOf('gitlab', cfg, facets),
      team: teamOf(cfg, facets),
      assignee: username ? { id: username, display: str(assignee?.['name']) ?? username, email: str(assignee?.['email']) ?? null } : null,
      eventAt,
    },
  };
}

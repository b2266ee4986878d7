/**
 * Linear → TrackerEvent. Pure.
 *
 * Linear posts `{ action: create|update|remove, type, data, updatedFrom,
 * createdAt, url, webhookTimestamp }` (linear/linear, packages/sdk
 * schema.graphql, `IssueWebhookPayload`). Only `type: "Issue"` concerns bugs.
 * The state's `type` decides: `completed` resolves (at `completedAt`),
 * `canceled` drops (at `canceledAt`; Linear's "Duplicate" is a canceled state
 * too), anything else is open. `createdAt` at the top is when the action
 * happened: the event time.
 */
import type { TrackerConfig } from './config.js';
import { droppedByLabel, isQualified, passesFilters, severityOf, teamOf, type Facets } from './mapping.js';
import { arr, bugKeyOf, ignored, invalid, obj, parseTime, str, type Adapted, type Headers } from './types.js';

export function adaptLinear(_headers: Headers, body: unknown, cfg: TrackerConfig | undefined): Adapted {
  const root = obj(body);
  if (!root) return invalid('(body)', 'must be a JSON object');
  const type = str(root['type']);
  if (type !== 'Issue') return ignored(`${type ?? 'this'} event is not about an issue`);
  const action = str(root['action']);
  const data = obj(root['data']);
  if (!data) return invalid('data', 'is required in an Issue event');
  const id = str(data['id']);
  const identifier = str(data['identifier']);
  const title = str(data['title'])?.trim();
  if (!id) return invalid('data.id', 'is required');
  if (!identifier) return invalid('data.identifier', 'is required');
  if (!title) return invalid('data.title', 'is required');
  if (!cfg) return ignored('trackers.linear is not configured in Cadence');
  const eventAt = parseTime(root['createdAt']) ?? parseTime(data['updatedAt']) ?? parseTime(root['webhookTimestamp']);
  if (!eventAt) return invalid('createdAt', 'is required (when the action happened)');

  const state = obj(data['state']);
  const team = obj(data['team']);
  const labels = arr(data['labels'])
    .map((l) => str(obj(l)?.['name']))
    .filter((l): l is string => l !== undefined);
  const facets: Facets = {
    project: str(team?.['key']) ?? identifier.replace(/-\d+$/, ''),
    status: str(state?.['name']) ?? null,
    labels,
    priority: str(data['priorityLabel']) ?? null,
    trackerTeam: str(team?.['key']) ?? null,
  };
  const filtered = passesFilters({ ...cfg, issueTypes: [] }, facets);
  if (filtered) return ignored(filtered);

  const stateType = str(state?.['type']);
  const completed = stateType === 'completed';
  const canceled = stateType === 'canceled';
  const labelDrop = completed ? droppedByLabel(cfg, labels) : null;
  const assignee = obj(data['assignee']);
  const assigneeId = str(assignee?.['email']) ?? str(assignee?.['id']);
  const url = str(data['url']) ?? str(root['url']) ?? null;
  return {
    kind: 'issue',
    deleted: action === 'remove',
    issue: {
      tracker: 'linear',
      issueId: id,
      key: bugKeyOf(identifier, `LINEAR-${id.slice(0, 8)}`),
      title,
      url: url && /^https?:\/\//.test(url) ? url : null,
      qualified: isQualified(cfg, facets),
      state: canceled || labelDrop ? 'dropped' : completed ? 'resolved' : 'open',
      closedAt: canceled ? (parseTime(data['canceledAt']) ?? eventAt) : completed ? (parseTime(data['completedAt']) ?? eventAt) : null,
      closedReason: action === 'remove' ? 'deleted' : canceled ? (str(state?.['name']) ?? 'canceled') : labelDrop,
      severity: severityOf('linear', cfg, facets),
      team: teamOf(cfg, facets),
      assignee: assignee && assigneeId ? { id: assigneeId, display: str(assignee['name']) ?? assigneeId, email: str(assignee['email']) ?? null } : null,
      eventAt,
    },
  };
}

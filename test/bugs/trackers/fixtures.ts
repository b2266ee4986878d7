/**
 * Tracker payloads for the tests: the shared real ones (../shared/trackers),
 * and fixtures built from the vendors' documentation where none was shared.
 * Each builder says where its fields come from.
 */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const SHARED = join(import.meta.dirname, '..', '..', '..', '..', 'shared', 'trackers');
export function shared(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(SHARED, path), 'utf8')) as Record<string, unknown>;
}

export const hmac = (secret: string, raw: string) => createHmac('sha256', secret).update(raw).digest('hex');

/**
 * Jira Cloud issue event. Source: Atlassian, "Webhooks" (Jira Cloud platform,
 * developer.atlassian.com/cloud/jira/platform/webhooks/): `timestamp` (ms),
 * `webhookEvent` (jira:issue_created / jira:issue_updated / jira:issue_deleted),
 * `issue_event_type_name`, `user`, `issue` as the REST API returns it
 * (`id`, `self`, `key`, `fields`), and `changelog.items` on updates. Field
 * shapes (status.statusCategory.key new|indeterminate|done, resolution.name,
 * resolutiondate, priority.name, components[].name, assignee.accountId —
 * no emailAddress, Jira Cloud hides it) are the REST v2 issue representation.
 */
export function jiraIssue(opts: {
  event?: string;
  at: Date;
  id?: string;
  key?: string;
  labels?: string[];
  status?: { name: string; category: 'new' | 'indeterminate' | 'done' };
  resolution?: string | null;
  resolutiondate?: Date | null;
  priority?: string;
  components?: string[];
  assignee?: { accountId: string; displayName: string } | null;
  issuetype?: string;
  changelog?: { field: string; fromString: string | null; toString: string | null }[];
}): Record<string, unknown> {
  const key = opts.key ?? 'PAY-123';
  const id = opts.id ?? '10042';
  const status = opts.status ?? { name: 'To Do', category: 'new' };
  const iso = (d: Date) => d.toISOString().replace('Z', '+0000');
  return {
    timestamp: opts.at.getTime(),
    webhookEvent: opts.event ?? 'jira:issue_updated',
    issue_event_type_name: 'issue_generic',
    user: { self: 'https://acme.atlassian.net/rest/api/2/user?accountId=5b10a2844c20165700ede21g', accountId: '5b10a2844c20165700ede21g', displayName: 'QA Person', active: true, timeZone: 'Europe/Paris' },
    issue: {
      id,
      self: `https://acme.atlassian.net/rest/api/2/issue/${id}`,
      key,
      fields: {
        summary: 'Card payment fails with 3-D Secure <!channel>',
        issuetype: { id: '10004', name: opts.issuetype ?? 'Bug', subtask: false },
        project: { id: '10000', key: key.replace(/-\d+$/, ''), name: 'Payments' },
        status: { name: status.name, statusCategory: { id: 2, key: status.category, name: status.category } },
        resolution: opts.resolution ? { id: '10000', name: opts.resolution } : null,
        resolutiondate: opts.resolutiondate ? iso(opts.resolutiondate) : null,
        priority: { id: '2', name: opts.priority ?? 'Medium' },
        labels: opts.labels ?? ['qa-qualified'],
        components: (opts.components ?? ['Checkout']).map((name, i) => ({ id: String(10100 + i), name })),
        assignee: opts.assignee === undefined ? { accountId: '5b10ac8d82e05b22cc7d4ef5', displayName: 'Dev One', active: true } : opts.assignee,
        created: '2026-11-10T10:00:00.000+0100',
        updated: iso(opts.at),
        description: 'Steps: pay with a 3DS card.',
      },
    },
    ...(opts.changelog ? { changelog: { id: '10400', items: opts.changelog.map((c) => ({ ...c, fieldtype: 'jira', from: null, to: null })) } } : {}),
  };
}

/**
 * Linear Issue webhook. Source: linear/linear `packages/sdk/src/schema.graphql`
 * (`IssueWebhookPayload`: id, identifier, title, url, priority, priorityLabel,
 * state { id name type color }, team { id key name }, labels [{ id name color }],
 * assignee { id name email }, completedAt, canceledAt, createdAt, updatedAt)
 * inside the envelope of Linear's docs "Webhooks" (action create|update|remove,
 * type, data, url, updatedFrom, createdAt, organizationId, webhookTimestamp,
 * webhookId), as in the shared Comment example.
 */
export function linearIssue(opts: {
  action?: 'create' | 'update' | 'remove';
  at: Date;
  labels?: string[];
  state?: { name: string; type: 'triage' | 'backlog' | 'unstarted' | 'started' | 'completed' | 'canceled' };
  priorityLabel?: string;
  assignee?: { id: string; name: string; email: string } | null;
  completedAt?: Date | null;
  canceledAt?: Date | null;
  timestamp?: number;
}): Record<string, unknown> {
  const state = opts.state ?? { name: 'Todo', type: 'unstarted' };
  const priorities: Record<string, number> = { Urgent: 1, High: 2, Medium: 3, Low: 4 };
  return {
    action: opts.action ?? 'update',
    type: 'Issue',
    createdAt: opts.at.toISOString(),
    organizationId: 'e5b9e1c3-1b7c-4f0a-9d33-0d6b1f0e8a11',
    url: 'https://linear.app/acme/issue/ENG-42/checkout-button-does-nothing',
    webhookTimestamp: opts.timestamp ?? opts.at.getTime(),
    webhookId: '8f3f1c7a-1f0e-4b84-9b3e-7c1d2a4b5c6d',
    data: {
      id: '6a1b7e0c-9d6b-4e1c-8a3f-2b5d9c0e1f42',
      identifier: 'ENG-42',
      number: 42,
      title: 'Checkout button does nothing on Safari',
      url: 'https://linear.app/acme/issue/ENG-42/checkout-button-does-nothing',
      priority: priorities[opts.priorityLabel ?? 'Medium'] ?? 0,
      priorityLabel: opts.priorityLabel ?? 'Medium',
      state: { id: 'b7c1e0d2-0000-4000-8000-000000000001', name: state.name, type: state.type, color: '#e2e2e2' },
      team: { id: 'c0ffee00-0000-4000-8000-000000000002', key: 'ENG', name: 'Engineering' },
      labels: (opts.labels ?? ['qa-qualified']).map((name, i) => ({ id: `1abe1000-0000-4000-8000-00000000000${i}`, name, color: '#f00' })),
      assignee: opts.assignee === undefined ? { id: 'a5519000-0000-4000-8000-000000000003', name: 'Dev One', email: 'dev.one@acme.example' } : opts.assignee,
      completedAt: opts.completedAt?.toISOString() ?? null,
      canceledAt: opts.canceledAt?.toISOString() ?? null,
      createdAt: '2026-11-10T09:00:00.000Z',
      updatedAt: opts.at.toISOString(),
    },
  };
}

export const DEV = 'U0000DEV001';

/** The `trackers:` section the tests run with (every tracker, mapped to the example config's teams). */
export const TRACKERS_CONFIG = {
  jira: {
    projects: ['PAY', 'WEB', 'IT'],
    issueTypes: ['Bug'],
    qualified: { labels: ['qa-qualified'] },
    teams: { components: { Checkout: 'checkout' }, projects: { WEB: 'search' } },
    owners: { '5b10ac8d82e05b22cc7d4ef5': DEV },
    insights: { projects: ['IT'], reporter: 'U0000ADMIN1', tribe: 'payments' },
  },
  linear: { qualified: { labels: ['qa-qualified'] }, teams: { teams: { ENG: 'checkout' } } },
  github: { qualified: { labels: ['bug'] }, teams: { projects: { 'Codertocat/Hello-World': 'checkout' } }, owners: { Codertocat: DEV } },
  gitlab: { qualified: { labels: ['API'] }, teams: { labels: { API: 'billing' } }, owners: { user1: 'dev.one@acme.example' } },
};

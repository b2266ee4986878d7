/** The adapters are pure: (headers, body, config) → TrackerEvent | Ignored | Invalid. */
import { describe, expect, it } from 'vitest';
import { adaptGithub } from '../../../src/bugs/trackers/github.js';
import { adaptGitlab } from '../../../src/bugs/trackers/gitlab.js';
import { adaptJira, plainDescription } from '../../../src/bugs/trackers/jira.js';
import { adaptLinear } from '../../../src/bugs/trackers/linear.js';
import { bugKeyOf, parseTime } from '../../../src/bugs/trackers/types.js';
import { buildOrgConfig } from '../../helpers/org.js';
import { TRACKERS_CONFIG, jiraIssue, linearIssue, shared } from './fixtures.js';

const trackers = buildOrgConfig({ trackers: TRACKERS_CONFIG }).trackers;
const T = new Date('2026-11-16T09:00:00Z');

describe('jira adapter', () => {
  it('decides from the fields: done + Done = resolved at resolutiondate; done + Duplicate = dropped', () => {
    const at = new Date(T.getTime() + 3_600_000);
    const done = adaptJira({}, jiraIssue({ at, status: { name: 'Closed', category: 'done' }, resolution: 'Done', resolutiondate: T }), trackers.jira);
    expect(done).toMatchObject({ kind: 'issue', issue: { state: 'resolved', closedAt: T, eventAt: at, severity: 'medium', team: 'checkout' } });
    const dup = adaptJira({}, jiraIssue({ at, status: { name: 'Closed', category: 'done' }, resolution: 'Duplicate' }), trackers.jira);
    expect(dup).toMatchObject({ kind: 'issue', issue: { state: 'dropped', closedReason: 'Duplicate', closedAt: at } });
  });

  it('another project is ignored; a body without the issue id is invalid', () => {
    expect(adaptJira({}, jiraIssue({ at: T, key: 'OPS-1' }), trackers.jira)).toMatchObject({ kind: 'ignored', reason: expect.stringContaining('project OPS') });
    const body = jiraIssue({ at: T });
    const issue = { ...(body['issue'] as Record<string, unknown>) };
    delete issue['id'];
    expect(adaptJira({}, { ...body, issue }, trackers.jira)).toMatchObject({ kind: 'invalid', errors: [{ field: 'issue.id' }] });
  });

  it('reads Atlassian Document Format descriptions as text', () => {
    const adf = { type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Hello' }, { type: 'hardBreak' }, { type: 'text', text: 'world' }] }] };
    expect(plainDescription(adf)).toBe('Hello\nworld');
    expect(plainDescription(null)).toBe('');
  });

  it('without a trackers.jira section, every issue is ignored with the reason', () => {
    expect(adaptJira({}, jiraIssue({ at: T }), undefined)).toEqual({ kind: 'ignored', reason: 'trackers.jira is not configured in Cadence' });
  });
});

describe('linear adapter', () => {
  it('maps Urgent to critical, the team key to the impact team, the e-mail to the owner id', () => {
    const r = adaptLinear({}, linearIssue({ at: T, priorityLabel: 'Urgent' }), trackers.linear);
    expect(r).toMatchObject({ kind: 'issue', issue: { key: 'ENG-42', severity: 'critical', team: 'checkout', assignee: { id: 'dev.one@acme.example' } } });
  });
  it('remove = deleted', () => {
    expect(adaptLinear({}, linearIssue({ at: T, action: 'remove' }), trackers.linear)).toMatchObject({ deleted: true, issue: { closedReason: 'deleted' } });
  });
});

describe('github adapter', () => {
  it('pull requests and other events are not bugs', () => {
    const labeled = shared('github/issues.labeled.json');
    const pr = { ...labeled, issue: { ...(labeled['issue'] as object), pull_request: { url: 'https://api.github.com/x' } } };
    expect(adaptGithub({ 'x-github-event': 'issues' }, pr, trackers.github)).toMatchObject({ kind: 'ignored', reason: 'pull requests are not bugs' });
    expect(adaptGithub({ 'x-github-event': 'push' }, labeled, trackers.github)).toMatchObject({ kind: 'ignored' });
  });
  it('the shared labeled payload: key owner/repo#number, node_id as the stable id', () => {
    expect(adaptGithub({ 'x-github-event': 'issues' }, shared('github/issues.labeled.json'), trackers.github)).toMatchObject({
      kind: 'issue',
      issue: { key: 'CODERTOCAT/HELLO-WORLD#1', issueId: 'MDU6SXNzdWU0NDQ1MDAwNDE=', qualified: true, assignee: { id: 'Codertocat' } },
    });
  });
});

describe('gitlab adapter', () => {
  it('reads the older time format and both payload generations', () => {
    expect(parseTime('2013-12-03 17:15:43 UTC')?.toISOString()).toBe('2013-12-03T17:15:43.000Z');
    expect(parseTime('2026-11-23T09:30:00.000+0100')?.toISOString()).toBe('2026-11-23T08:30:00.000Z');
    expect(parseTime('not a time')).toBeNull();
    for (const file of ['gitlab/issue.open.docs-example.json', 'gitlab/issue.open.docs-example-legacy.json']) {
      expect(adaptGitlab({}, shared(file), trackers.gitlab)).toMatchObject({ kind: 'issue', issue: { key: 'GITLABHQ/GITLAB-TEST#23', team: 'billing', state: 'open' } });
    }
  });
});

describe('keys', () => {
  it('a tracker key too long for a bug key falls back to a stable id-based one', () => {
    expect(bugKeyOf('pay-1', 'x')).toBe('PAY-1');
    expect(bugKeyOf(`${'a'.repeat(70)}#1`, 'GH-123')).toBe('GH-123');
  });
});

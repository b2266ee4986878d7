/**
 * `cadence bugs import <file> --from jira-csv|github-json|csv [--apply]`:
 * registers the open, qualified bugs a team already has, so the zero-bug rule
 * starts from the real backlog rather than from zero.
 *
 * Rule 1: a dry run by default: the summary says what would be registered,
 *         what is already tracked, what is skipped and why; `--apply` writes.
 * Rule 2: idempotent: rows are matched by the tracker's stable id, then by
 *         key (as the webhooks do), so a second import registers nothing.
 * Rule 3: any row error (unreadable date, unknown team) → nothing is written,
 *         every error is listed with its row.
 * Rule 4: only open, qualified issues are registered (qualified by the same
 *         `trackers:` settings as the webhooks); each is registered at its
 *         creation time in the tracker (the clock may already have run out:
 *         that is the truth the rule should show).
 *
 * Formats:
 * - jira-csv: Jira's "Export → CSV (all fields)". Repeated headers (Labels,
 *   Component/s) are collected; dates are read in the organisation's time
 *   zone (Jira writes them in the exporting person's), as "16/Nov/26 9:00 AM"
 *   or ISO.
 * - github-json: `gh issue list --state open --json id,number,title,url,labels,assignees,createdAt,state`.
 * - csv: Cadence's own `cadence export bugs --format csv` (open rows only).
 */
import { parse } from 'csv-parse/sync';
import { DateTime } from 'luxon';
import type { AppContext } from '../../context.js';
import { allTeamKeys } from '../ladder.js';
import { KEY_PATTERN, TITLE_MAX, isWebUrl } from '../parse.js';
import { applyTrackerUpdate, type BugDraft } from '../service.js';
import { SEVERITIES, type Severity } from '../sla.js';
import { bugStore } from '../store.js';
import { applyTrackerEvent, linkOf } from './apply.js';
import type { TrackersConfig } from './config.js';
import { droppedByLabel, isQualified, passesFilters, severityOf, teamOf, type Facets } from './mapping.js';
import { arr, bugKeyOf, obj, parseTime, str, type TrackerIssue } from './types.js';

export const IMPORT_FORMATS = ['jira-csv', 'github-json', 'csv'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

export interface ImportRow {
  line: number;
  /** A tracker issue (jira, github) or a Cadence export row. */
  issue: TrackerIssue;
}
export interface Skipped {
  line: number;
  key: string;
  reason: string;
}
export interface RowError {
  line: number;
  message: string;
}
export interface ImportPlan {
  rows: ImportRow[];
  skipped: Skipped[];
  errors: RowError[];
}

const JIRA_DATE_FORMATS = ['dd/MMM/yy h:mm a', 'd/MMM/yy h:mm a', 'dd/MMM/yyyy h:mm a', 'yyyy-MM-dd HH:mm', 'yyyy-MM-dd HH:mm:ss', 'dd.MM.yyyy HH:mm'];

export function parseJiraDate(text: string, zone: string): Date | null {
  const t = text.trim();
  if (t === '') return null;
  const iso = DateTime.fromISO(t, { zone, setZone: false });
  if (iso.isValid) return iso.toJSDate();
  for (const f of JIRA_DATE_FORMATS) {
    const d = DateTime.fromFormat(t, f, { zone, locale: 'en' });
    if (d.isValid) return d.toJSDate();
  }
  return null;
}

function jiraPlan(text: string, trackers: TrackersConfig, zone: string): ImportPlan {
  const plan: ImportPlan = { rows: [], skipped: [], errors: [] };
  const cfg = trackers.jira;
  if (!cfg) return { ...plan, errors: [{ line: 0, message: 'trackers.jira is not configured: Cadence needs it to know what "qualified" means' }] };
  const records = parse(text, { bom: true, relax_column_count: true, skip_empty_lines: true }) as string[][];
  const [header, ...data] = records;
  if (!header) return { ...plan, errors: [{ line: 1, message: 'the file is empty' }] };
  const idx = (name: string) => header.flatMap((h, i) => (h.trim().toLowerCase() === name.toLowerCase() ? [i] : []));
  const one = (row: string[], name: string) => {
    const i = idx(name)[0];
    return i === undefined ? '' : (row[i] ?? '').trim();
  };
  const many = (row: string[], name: string) => idx(name).map((i) => (row[i] ?? '').trim()).filter((v) => v !== '');
  for (const required of ['Issue key', 'Issue id', 'Summary', 'Created']) {
    if (idx(required).length === 0) plan.errors.push({ line: 1, message: `no "${required}" column: export with "CSV (all fields)"` });
  }
  if (plan.errors.length > 0) return plan;
  data.forEach((row, i) => {
    const line = i + 2;
    const key = one(row, 'Issue key');
    const created = parseJiraDate(one(row, 'Created'), zone);
    if (!created) return void plan.errors.push({ line, message: `${key}: unreadable Created date "${one(row, 'Created')}"` });
    const labels = many(row, 'Labels');
    const facets: Facets = {
      project: one(row, 'Project key') || key.replace(/-\d+$/, ''),
      issueType: one(row, 'Issue Type') || null,
      status: one(row, 'Status') || null,
      labels,
      priority: one(row, 'Priority') || null,
      components: many(row, 'Component/s'),
    };
    const filtered = passesFilters(cfg, facets);
    if (filtered) return void plan.skipped.push({ line, key, reason: filtered });
    if (!isQualified(cfg, facets)) return void plan.skipped.push({ line, key, reason: 'not QA-qualified' });
    const resolution = one(row, 'Resolution');
    if ((resolution !== '' && resolution.toLowerCase() !== 'unresolved') || one(row, 'Resolved') !== '') {
      return void plan.skipped.push({ line, key, reason: `already closed (${resolution || 'resolved'})` });
    }
    const assigneeId = one(row, 'Assignee Id');
    const assignee = one(row, 'Assignee');
    plan.rows.push({
      line,
      issue: {
        tracker: 'jira',
        issueId: one(row, 'Issue id'),
        key: bugKeyOf(key, `JIRA-${one(row, 'Issue id')}`),
        title: one(row, 'Summary').slice(0, TITLE_MAX),
        url: null,
        qualified: true,
        state: 'open',
        closedAt: null,
        closedReason: null,
        severity: severityOf('jira', cfg, facets),
        team: teamOf(cfg, facets),
        assignee: assigneeId || assignee ? { id: assigneeId || assignee, display: assignee || assigneeId, email: null } : null,
        eventAt: created,
      },
    });
  });
  return plan;
}

function githubPlan(text: string, trackers: TrackersConfig): ImportPlan {
  const plan: ImportPlan = { rows: [], skipped: [], errors: [] };
  const cfg = trackers.github;
  if (!cfg) return { ...plan, errors: [{ line: 0, message: 'trackers.github is not configured: Cadence needs it to know what "qualified" means' }] };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { ...plan, errors: [{ line: 0, message: `not JSON: ${err instanceof Error ? err.message : String(err)}` }] };
  }
  if (!Array.isArray(json)) return { ...plan, errors: [{ line: 0, message: 'expected the JSON array `gh issue list --json …` prints' }] };
  json.forEach((item, i) => {
    const line = i + 1;
    const o = obj(item);
    const url = str(o?.['url']) ?? '';
    const m = /^https:\/\/[^/]+\/([^/]+\/[^/]+)\/issues\/(\d+)$/.exec(url);
    const title = str(o?.['title'])?.trim();
    const createdAt = parseTime(o?.['createdAt']);
    const id = str(o?.['id']);
    if (!m?.[1] || !m[2] || !title || !createdAt || !id) {
      return void plan.errors.push({ line, message: 'each issue needs id, url, title and createdAt: run `gh issue list --json id,number,title,url,labels,assignees,createdAt,state`' });
    }
    const key = bugKeyOf(`${m[1]}#${m[2]}`, `GH-${m[2]}`);
    const labels = arr(o?.['labels']).map((l) => str(obj(l)?.['name'])).filter((l): l is string => l !== undefined);
    const facets: Facets = { project: m[1], labels };
    const filtered = passesFilters({ ...cfg, issueTypes: [] }, facets);
    if (filtered) return void plan.skipped.push({ line, key, reason: filtered });
    if (!isQualified(cfg, facets)) return void plan.skipped.push({ line, key, reason: 'not QA-qualified' });
    if (str(o?.['state']) !== undefined && str(o?.['state'])?.toUpperCase() !== 'OPEN') return void plan.skipped.push({ line, key, reason: 'already closed' });
    if (droppedByLabel(cfg, labels)) return void plan.skipped.push({ line, key, reason: 'labelled as dropped' });
    const login = str(obj(arr(o?.['assignees'])[0])?.['login']);
    plan.rows.push({
      line,
      issue: {
        tracker: 'github',
        issueId: id,
        key,
        title: title.slice(0, TITLE_MAX),
        url: isWebUrl(url) ? url : null,
        qualified: true,
        state: 'open',
        closedAt: null,
        closedReason: null,
        severity: severityOf('github', cfg, facets),
        team: teamOf(cfg, facets),
        assignee: login ? { id: login, display: login, email: null } : null,
        eventAt: createdAt,
      },
    });
  });
  return plan;
}

/** A row of Cadence's own CSV export: a bug registration and where it stood in the file. */
interface CadenceRow extends BugDraft {
  line: number;
}

function cadencePlan(text: string, teams: readonly string[]): { rows: CadenceRow[]; skipped: Skipped[]; errors: RowError[] } {
  const out = { rows: [] as CadenceRow[], skipped: [] as Skipped[], errors: [] as RowError[] };
  const records = parse(text, { bom: true, columns: true, skip_empty_lines: true }) as Record<string, string>[];
  records.forEach((r, i) => {
    const line = i + 2;
    const key = (r['key'] ?? '').trim().toUpperCase();
    if (!KEY_PATTERN.test(key)) return void out.errors.push({ line, message: `key "${key}" is not a tracker key` });
    if ((r['status'] ?? 'open') !== 'open') return void out.skipped.push({ line, key, reason: `status ${r['status']}` });
    const title = (r['title'] ?? '').trim();
    const severity = (r['severity'] ?? '').trim();
    const team = (r['team'] ?? '').trim().toLowerCase() || null;
    const qualifiedAt = parseTime(r['clock_started_at'] || r['qualified_at']);
    if (!title) return void out.errors.push({ line, message: `${key}: empty title` });
    if (!(SEVERITIES as readonly string[]).includes(severity)) return void out.errors.push({ line, message: `${key}: severity "${severity}" is not one of ${SEVERITIES.join(', ')}` });
    if (team && !teams.includes(team)) return void out.errors.push({ line, message: `${key}: unknown impact team "${team}"; configured: ${teams.join(', ') || 'none'}` });
    if (!qualifiedAt) return void out.errors.push({ line, message: `${key}: unreadable qualified_at` });
    const url = (r['url'] ?? '').trim();
    out.rows.push({
      line,
      key,
      title: title.slice(0, TITLE_MAX),
      severity: severity as Severity,
      team,
      owner: /^[UW][A-Z0-9]{6,}$/.test(r['owner'] ?? '') ? (r['owner'] ?? null) : null,
      ownerEmail: (r['owner_email'] ?? '').trim() || null,
      url: url && isWebUrl(url) ? url : null,
      qualifiedAt,
    });
  });
  return out;
}

export interface ImportSummary {
  applied: boolean;
  register: string[];
  known: string[];
  skipped: Skipped[];
  errors: RowError[];
}

/** Rules 1–4. Reads, plans, and with `apply` writes (one transaction per bug, as a webhook delivery would). */
export function importBugs(ctx: Pick<AppContext, 'db' | 'org' | 'languageOf'>, text: string, format: ImportFormat, apply: boolean, now: Date): ImportSummary {
  const store = bugStore(ctx.db);
  const summary: ImportSummary = { applied: false, register: [], known: [], skipped: [], errors: [] };
  let parseError: string | null = null;
  try {
    if (format === 'csv') {
      const plan = cadencePlan(text, allTeamKeys(ctx.org));
      summary.skipped = plan.skipped;
      summary.errors = plan.errors;
      for (const r of plan.rows) (store.get(r.key) ? summary.known : summary.register).push(r.key);
      if (apply && summary.errors.length === 0) {
        for (const r of plan.rows) {
          if (store.get(r.key)) continue;
          applyTrackerUpdate(
            ctx,
            { key: r.key, title: r.title, severity: r.severity, team: r.team, owner: r.owner || r.ownerEmail ? { id: r.owner, email: r.ownerEmail } : null, url: r.url, qualifiedAt: r.qualifiedAt, resolvedAt: undefined, reopenedAt: undefined },
            now,
          );
        }
        summary.applied = true;
      }
      return summary;
    }
    const plan = format === 'jira-csv' ? jiraPlan(text, ctx.org.trackers, ctx.org.organisation.timezone) : githubPlan(text, ctx.org.trackers);
    summary.skipped = plan.skipped;
    summary.errors = plan.errors;
    for (const r of plan.rows) {
      const known = linkOf(ctx, r.issue.tracker, r.issue.issueId) !== undefined || store.get(r.issue.key) !== undefined;
      (known ? summary.known : summary.register).push(r.issue.key);
    }
    if (apply && summary.errors.length === 0) {
      const owners = ctx.org.trackers[format === 'jira-csv' ? 'jira' : 'github']?.owners ?? {};
      for (const r of plan.rows) {
        if (!summary.register.includes(r.issue.key)) continue;
        applyTrackerEvent(ctx, { kind: 'issue', issue: r.issue, deleted: false }, { tracker: r.issue.tracker, id: null }, owners, now);
      }
      summary.applied = true;
    }
  } catch (err) {
    parseError = err instanceof Error ? err.message : String(err);
  }
  if (parseError !== null) summary.errors.push({ line: 0, message: `the file cannot be read as ${format}: ${parseError}` });
  return summary;
}

export function formatSummary(s: ImportSummary, format: ImportFormat): string {
  const lines: string[] = [];
  const verb = s.applied ? 'Registered' : 'Would register';
  lines.push(`${verb} ${s.register.length} bug(s)${s.register.length ? `: ${s.register.join(', ')}` : ''}`);
  lines.push(`Already tracked (left as they are): ${s.known.length}${s.known.length ? ` (${s.known.join(', ')})` : ''}`);
  lines.push(`Skipped: ${s.skipped.length}`);
  for (const k of s.skipped) lines.push(`  line ${k.line}: ${k.key}: ${k.reason}`);
  if (s.errors.length > 0) {
    lines.push(`Errors: ${s.errors.length} — nothing was written; fix these rows and run again:`);
    for (const e of s.errors) lines.push(`  ${e.line > 0 ? `line ${e.line}: ` : ''}${e.message}`);
  } else if (!s.applied) {
    lines.push(`This was a dry run: nothing was written. Run again with --apply to register (format ${format}).`);
  }
  return `${lines.join('\n')}\n`;
}

export function isImportFormat(v: string | undefined): v is ImportFormat {
  return v !== undefined && (IMPORT_FORMATS as readonly string[]).includes(v);
}

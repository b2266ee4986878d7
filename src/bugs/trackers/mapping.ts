/**
 * The mapping rules every adapter shares (docs/decisions/0017-tracker-webhooks.md):
 *  Rule 1: qualified = any configured label is on the issue, or its status is
 *          one of the configured statuses; and the project and issue type pass
 *          their filters (empty filter = all).
 *  Rule 2: severity = the first of priority, then labels, that the severity
 *          map (or the tracker's defaults) knows; none = leave it alone.
 *  Rule 3: team = the first match among components, labels, the tracker team,
 *          then the project; none = no team; no team mapping configured at
 *          all = the tracker does not decide teams (left as set in Cadence).
 * Names compare case-insensitively: people type them.
 */
import type { Severity } from '../sla.js';
import { DEFAULT_SEVERITY, type TrackerConfig, type TrackerName } from './config.js';
import { includesName, lookupName } from './types.js';

export interface Facets {
  project: string | null;
  issueType?: string | null;
  status?: string | null;
  labels: readonly string[];
  priority?: string | null;
  components?: readonly string[];
  trackerTeam?: string | null;
}

export function passesFilters(cfg: TrackerConfig, f: Facets): string | null {
  if (cfg.projects.length > 0 && !includesName(cfg.projects, f.project)) return `project ${f.project ?? '(none)'} is not in the configured projects`;
  if (cfg.issueTypes.length > 0 && !includesName(cfg.issueTypes, f.issueType)) return `issue type ${f.issueType ?? '(none)'} is not in the configured issue types`;
  return null;
}

export function isQualified(cfg: TrackerConfig, f: Facets): boolean {
  return f.labels.some((l) => includesName(cfg.qualified.labels, l)) || includesName(cfg.qualified.statuses, f.status);
}

export function severityOf(tracker: TrackerName, cfg: TrackerConfig, f: Facets): Severity | undefined {
  const map = cfg.severity ?? DEFAULT_SEVERITY[tracker];
  const byPriority = lookupName(map, f.priority);
  if (byPriority) return byPriority;
  for (const label of f.labels) {
    const s = lookupName(map, label);
    if (s) return s;
  }
  return undefined;
}

/** undefined when no team mapping is configured at all: then the team is Cadence's to set (`/bug`), not the tracker's. */
export function teamOf(cfg: TrackerConfig, f: Facets): string | null | undefined {
  const t = cfg.teams;
  if ([t.components, t.labels, t.teams, t.projects].every((m) => Object.keys(m).length === 0)) return undefined;
  for (const c of f.components ?? []) {
    const t = lookupName(cfg.teams.components, c);
    if (t) return t;
  }
  for (const l of f.labels) {
    const t = lookupName(cfg.teams.labels, l);
    if (t) return t;
  }
  return lookupName(cfg.teams.teams, f.trackerTeam) ?? lookupName(cfg.teams.projects, f.project) ?? null;
}

export function droppedByLabel(cfg: TrackerConfig, labels: readonly string[]): string | null {
  return labels.find((l) => includesName(cfg.droppedLabels, l)) ?? null;
}

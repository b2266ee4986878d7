/**
 * Reading what people type (`/bug …`, the form) into a validated BugDraft.
 * Pure: `now` and the config are arguments; problems are i18n keys so the
 * caller answers in the person's language.
 */
import { DateTime } from 'luxon';
import type { OrgConfig } from '../config/org.js';
import type { MessageKey, MessageParams } from '../i18n/index.js';
import { allTeamKeys } from './ladder.js';
import type { BugDraft } from './service.js';
import { SEVERITIES, type Severity } from './sla.js';
import { canonical, keyLike, unknownKeyProblem } from '../core/aliases.js';
import { BUG_KEYS, BUG_LIST_WORDS, SEVERITY_WORDS, bugKeyOf } from './words.js';

export type DraftField = 'key' | 'title' | 'severity' | 'team' | 'owner' | 'qualified' | 'url';

export interface Problem {
  field: DraftField;
  key: MessageKey;
  params?: MessageParams;
}

/** What a person gave, before validation; every field is text as typed. */
export interface RawDraft {
  key?: string;
  title?: string;
  severity?: string;
  team?: string;
  /** Slack user IDs from `<@U…>` mentions (or the form's user select). */
  owners?: string[];
  /** `@name` words Slack did not turn into mentions. */
  plainOwners?: string[];
  qualified?: string;
  url?: string;
  /** `word:value` pieces that read as options but are none (`sévérit:haute`): refused, never kept in the title (decision 0030). */
  unknownKeys?: string[];
}

export const TITLE_MAX = 500;
export const KEY_PATTERN = /^[A-Z0-9][A-Z0-9._#/-]{0,63}$/;
const MAX_AGE_MS = 366 * 86_400_000;

/** Tracker keys are compared upper-cased: people type `pay-12` for PAY-12. */
export function normaliseKey(text: string): string | null {
  const key = text.trim().toUpperCase();
  return KEY_PATTERN.test(key) ? key : null;
}

/** Slack escapes &, < and > in command text (should_escape: true in the manifest). */
export function unescapeSlack(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

const MENTION = /^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$/;
const LINK = /^<(https?:\/\/[^|>]+)(?:\|[^>]*)?>$/;
/** `key:value`, the key in any spelling of BUG_KEYS (`sévérité:haute`, `équipe:checkout`). */
const OPTION = /^([^\s:<]+):(.*)$/;

/**
 * `<KEY> <title words…> [severity:x] [team:x] [qualified:x] [url:x] [@owner]`,
 * options anywhere after the key. A bare link is the tracker URL.
 */
export function parseRegisterText(text: string): RawDraft {
  // A labelled link `<https://…|label words>` becomes the link, marked as labelled
  // (`<https://…|>`), followed by its label as plain words: the label reads as
  // text in the title, never as raw markup (issue 11 item 8).
  const prepared = text.replace(/<(https?:\/\/[^|>\s]+)\|([^>]*)>/g, (_, url: string, label: string) => `<${url}|> ${label}`);
  const tokens = prepared.trim().split(/\s+/).filter((t) => t !== '');
  const raw: RawDraft = {};
  const [first, ...rest] = tokens;
  if (first === undefined) return raw;
  raw.key = unescapeSlack(first);
  const title: string[] = [];
  for (const token of rest) {
    const mention = MENTION.exec(token);
    if (mention?.[1]) {
      (raw.owners ??= []).push(mention[1]);
      continue;
    }
    if (/^@\S+$/.test(token)) {
      (raw.plainOwners ??= []).push(token);
      continue;
    }
    const link = LINK.exec(token);
    // Slack escapes & < > inside links too: decode the URL exactly once (item 4).
    const linkUrl = link?.[1] === undefined ? undefined : unescapeSlack(link[1]);
    if (linkUrl !== undefined && raw.url === undefined) {
      raw.url = linkUrl;
      continue;
    }
    // A labelled link after the tracker URL: its label (the next words) says it.
    if (linkUrl !== undefined && token.endsWith('|>')) continue;
    const option = OPTION.exec(token);
    const name = option?.[1] === undefined ? undefined : bugKeyOf(option[1]);
    if (option?.[2] !== undefined && name !== undefined) {
      const value = option[2];
      if (name === 'severity') raw.severity = value;
      else if (name === 'team') raw.team = value;
      else if (name === 'qualified') raw.qualified = value;
      else raw.url = unescapeSlack(LINK.exec(value)?.[1] ?? value);
      continue;
    }
    const unknown = keyLike(unescapeSlack(token));
    if (unknown !== undefined) {
      (raw.unknownKeys ??= []).push(unknown);
      continue;
    }
    title.push(linkUrl ?? unescapeSlack(token));
  }
  if (title.length > 0) raw.title = title.join(' ');
  return raw;
}

/**
 * A qualification moment: `YYYY-MM-DD` (the start of that day), or a local
 * `YYYY-MM-DDTHH:MM[:SS]` in the organisation's zone, or a full ISO time with
 * an offset. Anything else is null.
 */
export function parseQualified(text: string, zone: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?)?$/.test(text)) return null;
  const parsed = DateTime.fromISO(text, { zone, setZone: false });
  return parsed.isValid ? parsed.toJSDate() : null;
}

/** How far in the future a tracker's clock may run ahead of ours. */
export const CLOCK_SKEW_MS = 5 * 60_000;

export function checkQualified(at: Date, given: string, now: Date, skewMs = 0): Problem | undefined {
  if (at.getTime() > now.getTime() + skewMs) return { field: 'qualified', key: 'bug.error.qualifiedFuture', params: { given } };
  if (at.getTime() < now.getTime() - MAX_AGE_MS) return { field: 'qualified', key: 'bug.error.qualifiedTooOld', params: { given } };
  return undefined;
}

export function isWebUrl(text: string): boolean {
  if (text.length > 3000) return false;
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

function teamProblem(org: OrgConfig, given: string): Problem {
  const teams = allTeamKeys(org);
  return teams.length === 0
    ? { field: 'team', key: 'bug.error.noTeams', params: { given } }
    : { field: 'team', key: 'bug.error.team', params: { given, teams: teams.map((t) => `\`${t}\``).join(', ') } };
}

export function parseSeverity(text: string): Severity | null {
  const s = canonical(SEVERITY_WORDS, text.trim()) ?? text.trim().toLowerCase();
  return (SEVERITIES as readonly string[]).includes(s) ? (s as Severity) : null;
}

/** Every problem at once, so a person fixes them in one go; a draft only when there are none. */
export function validateDraft(raw: RawDraft, org: OrgConfig, now: Date): { draft: BugDraft } | { problems: Problem[] } {
  const problems: Problem[] = [];
  for (const given of raw.unknownKeys ?? []) problems.push({ field: 'title', ...unknownKeyProblem(given, BUG_KEYS) });
  let key: string | null = null;
  if (!raw.key?.trim()) problems.push({ field: 'key', key: 'bug.error.keyMissing' });
  else {
    key = normaliseKey(raw.key);
    if (!key) problems.push({ field: 'key', key: 'bug.error.keyInvalid', params: { given: raw.key.slice(0, 80) } });
  }

  const title = raw.title?.trim() ?? '';
  if (title === '') problems.push({ field: 'title', key: 'bug.error.titleMissing', params: { key: key ?? 'PAY-123' } });
  else if (title.length > TITLE_MAX) problems.push({ field: 'title', key: 'bug.error.titleTooLong', params: { length: title.length, max: TITLE_MAX } });

  let severity: Severity = org.bugs.defaultSeverity;
  if (raw.severity !== undefined) {
    const parsed = parseSeverity(raw.severity);
    if (parsed) severity = parsed;
    else problems.push({ field: 'severity', key: 'bug.error.severity', params: { given: raw.severity.slice(0, 40) } });
  }

  let team: string | null = null;
  if (raw.team !== undefined && raw.team.trim() !== '') {
    const wanted = raw.team.trim().toLowerCase();
    if (allTeamKeys(org).includes(wanted)) team = wanted;
    else problems.push(teamProblem(org, raw.team.slice(0, 40)));
  }

  const owners = [...new Set(raw.owners ?? [])];
  const plain = raw.plainOwners ?? [];
  if (owners.length + plain.length > 1) problems.push({ field: 'owner', key: 'bug.error.ownerTwice', params: { count: owners.length + plain.length } });
  else if (plain[0] !== undefined) problems.push({ field: 'owner', key: 'bug.error.ownerPlain', params: { given: plain[0].slice(0, 40) } });

  let qualifiedAt = now;
  if (raw.qualified !== undefined && raw.qualified.trim() !== '') {
    const given = raw.qualified.trim().slice(0, 40);
    const parsed = parseQualified(raw.qualified.trim(), org.organisation.timezone);
    if (!parsed) problems.push({ field: 'qualified', key: 'bug.error.qualifiedUnparsable', params: { given, zone: org.organisation.timezone } });
    else {
      const problem = checkQualified(parsed, given, now);
      if (problem) problems.push(problem);
      else qualifiedAt = parsed;
    }
  }

  let url: string | null = null;
  if (raw.url !== undefined && raw.url.trim() !== '') {
    if (isWebUrl(raw.url.trim())) url = raw.url.trim();
    else problems.push({ field: 'url', key: 'bug.error.url', params: { given: raw.url.slice(0, 80) } });
  }

  if (problems.length > 0 || key === null) return { problems };
  return { draft: { key, title, severity, team, owner: owners[0] ?? null, ownerEmail: null, url, qualifiedAt } };
}

export type ListArgs = { team: string | null; filter: 'all' | 'breached' | 'due_soon' };

/** `/bug list [team:x] [breached|due-soon]`. */
export function parseListArgs(text: string, org: OrgConfig): ListArgs | Problem {
  const args: ListArgs = { team: null, filter: 'all' };
  for (const token of text.trim().split(/\s+/).filter((t) => t !== '')) {
    const lower = token.toLowerCase();
    const word = canonical(BUG_LIST_WORDS, token);
    const colon = token.indexOf(':');
    const key = colon > 0 ? bugKeyOf(token.slice(0, colon)) : undefined;
    if (word === 'breached') args.filter = 'breached';
    else if (word === 'due_soon') args.filter = 'due_soon';
    else if (key === 'team') {
      const team = lower.slice(colon + 1);
      if (!allTeamKeys(org).includes(team)) return teamProblem(org, token.slice(colon + 1, colon + 41));
      args.team = team;
    } else return { field: 'team', key: 'bug.list.usage', params: { given: text.trim().slice(0, 80) } };
  }
  return args;
}

import type { OrgConfig } from '../config/org.js';
import type { MessageKey, MessageParams } from '../i18n/index.js';
import { findTribe, parseArr, validTribes } from '../insights/index.js';
import { decodeEntities } from '../slack/text.js';
import { canonical, keyLike, normalised, unknownKeyProblem } from '../core/aliases.js';
import { PITCH_KEYS, PITCH_LIST_WORDS, PITCH_SUBCOMMANDS, STATUS_WORDS } from './words.js';
import { STATUSES, isStatus, type Status } from './lifecycle.js';
import { MAX_EFFORT, MAX_REACH, MIN_EFFORT, isConfidence, isImpact, riceScore, type Confidence, type Impact } from './rice.js';

/*
 * zod-free edges of opportunities: the pitch modal's values and the `/pitch`
 * command text become typed drafts and commands, or problems a person can act
 * on (a message key with parameters), one per modal field.
 */

export interface Problem {
  key: MessageKey;
  params?: MessageParams;
}

export const KINDS = ['vitamin', 'painkiller'] as const;
export type Kind = (typeof KINDS)[number];
export const ORIGINS = ['bottom_up', 'top_down'] as const;
export type Origin = (typeof ORIGINS)[number];

export const LIMITS = {
  title: 150,
  problem: 3000,
  segment: 300,
  metric: 150,
  today: 80,
  target: 80,
  initiative: 300,
  initiatives: 20,
  evidence: 100,
  note: 3000,
} as const;

/** Modal fields, also the modal's block ids (the keys of `response_action: errors`). */
export const PITCH_FIELDS = [
  'title',
  'problem',
  'segment',
  'evidence',
  'metric',
  'today',
  'target',
  'value',
  'kind',
  'commitment',
  'tribe',
  'initiatives',
  'reach',
  'impact',
  'confidence',
  'effort',
  'origin',
] as const;
export type PitchField = (typeof PITCH_FIELDS)[number];

/** What a pitch says, validated against the config. */
export interface PitchDraft {
  title: string;
  problem: string;
  segment: string;
  evidenceIds: number[];
  metric: string;
  today: string | null;
  target: string;
  valuePerYear: number;
  kind: Kind;
  commitment: string;
  tribe: string | null;
  initiatives: string[];
  reach: number;
  impact: Impact;
  confidence: Confidence;
  effort: number;
  topDown: boolean;
}

/** The raw values, as a modal (or another feature) hands them over: strings, possibly missing. */
export type PitchInput = Partial<Record<Exclude<PitchField, 'evidence'>, string | null | undefined>> & { evidence?: readonly string[] | undefined };

export type PitchCheck = { ok: true; draft: PitchDraft; score: number } | { ok: false; problems: Partial<Record<PitchField, Problem>> };

function text(value: string | null | undefined): string {
  return decodeEntities(value ?? '').trim();
}

/** "- Do X", "• Do X", "1. Do X", "2) Do X" → "Do X"; blank lines dropped. */
export function splitInitiatives(value: string): string[] {
  return value
    .split(/\r?\n/)
    .map((line) => line.replace(/^\s*(?:[-*•·–]|\d{1,2}[.)])(?:\s+|$)/, '').trim())
    .filter((line) => line !== '');
}

/** A whole number typed by a person: "12000", "12 000", "12,000" (not "12.5", not "-3"). */
export function parseWhole(value: string): number | 'negative' | undefined {
  const v = value.trim().replace(/[\s\u00a0\u202f_]/g, '');
  if (/^-\d/.test(v)) return 'negative';
  const grouped = /^\d{1,3}(,\d{3})+$/.test(v) ? v.replace(/,/g, '') : v;
  if (!/^\d+$/.test(grouped)) return undefined;
  const n = Number(grouped);
  return Number.isSafeInteger(n) ? n : undefined;
}

/** A decimal typed by a person: "1.5" or the French "1,5". */
export function parseDecimal(value: string): number | undefined {
  const v = value.trim().replace(/[\s\u00a0\u202f]/g, '').replace(',', '.');
  if (!/^-?\d+(\.\d+)?$|^-?\.\d+$/.test(v)) return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}

/**
 * Validates a pitch. Every field is checked and every problem returned at
 * once, so the modal shows all its errors in one round trip.
 * `missingInsights` says which of the given insight ids do not exist.
 */
export function checkPitch(org: OrgConfig, input: PitchInput, missingInsights: (ids: number[]) => number[]): PitchCheck {
  const problems: Partial<Record<PitchField, Problem>> = {};
  const required = (field: PitchField, max: number): string => {
    const v = text(input[field as Exclude<PitchField, 'evidence'>]);
    if (v === '') problems[field] = { key: 'opp.error.required' };
    else if (v.length > max) problems[field] = { key: 'opp.error.tooLong', params: { length: v.length, max } };
    return v;
  };
  const title = required('title', LIMITS.title);
  const problem = required('problem', LIMITS.problem);
  const segment = required('segment', LIMITS.segment);
  const metric = required('metric', LIMITS.metric);
  const target = required('target', LIMITS.target);
  const todayText = text(input.today);
  if (todayText.length > LIMITS.today) problems.today = { key: 'opp.error.tooLong', params: { length: todayText.length, max: LIMITS.today } };

  const valueText = text(input.value);
  const valuePerYear = valueText === '' ? undefined : parseArr(valueText.replace(/[\s\u00a0\u202f]/g, ''));
  if (valueText === '') problems.value = { key: 'opp.error.required' };
  else if (valuePerYear === undefined) problems.value = { key: 'opp.error.badValue', params: { given: valueText.slice(0, 40) } };

  const kind = text(input.kind);
  if (!(KINDS as readonly string[]).includes(kind)) problems.kind = { key: kind === '' ? 'opp.error.required' : 'opp.error.badChoice' };

  const origin = text(input.origin);
  if (!(ORIGINS as readonly string[]).includes(origin)) problems.origin = { key: origin === '' ? 'opp.error.required' : 'opp.error.badChoice' };

  const commitment = text(input.commitment);
  const commitments = org.commitments.map((c) => c.key);
  if (commitment === '') problems.commitment = { key: 'opp.error.required' };
  else if (!commitments.includes(commitment)) {
    problems.commitment = { key: 'opp.error.unknownCommitment', params: { given: commitment.slice(0, 40), valid: commitments.join(', ') || '—' } };
  }

  let tribe: string | null = null;
  const tribeText = text(input.tribe);
  if (org.tribes.length > 0) {
    const found = tribeText === '' ? undefined : findTribe(org, tribeText);
    if (tribeText === '') problems.tribe = { key: 'opp.error.required' };
    else if (!found) problems.tribe = { key: 'opp.error.unknownTribe', params: { given: tribeText.slice(0, 40), valid: validTribes(org) } };
    else tribe = found.key;
  }

  const initiatives = splitInitiatives(text(input.initiatives));
  const longInitiative = initiatives.find((i) => i.length > LIMITS.initiative);
  if (initiatives.length === 0) problems.initiatives = { key: 'opp.error.noInitiative' };
  else if (initiatives.length > LIMITS.initiatives) problems.initiatives = { key: 'opp.error.tooManyInitiatives', params: { count: initiatives.length, max: LIMITS.initiatives } };
  else if (longInitiative) problems.initiatives = { key: 'opp.error.longInitiative', params: { max: LIMITS.initiative, start: longInitiative.slice(0, 30) } };

  const reachText = text(input.reach);
  const reach = reachText === '' ? undefined : parseWhole(reachText);
  if (reachText === '') problems.reach = { key: 'opp.error.required' };
  else if (reach === 'negative') problems.reach = { key: 'opp.error.reachNegative' };
  else if (reach === undefined || reach > MAX_REACH) problems.reach = { key: 'opp.error.reachNotNumber', params: { given: reachText.slice(0, 40) } };

  const impactText = text(input.impact);
  const impact = Number(impactText);
  if (impactText === '') problems.impact = { key: 'opp.error.required' };
  else if (!/^\d+(\.\d+)?$/.test(impactText) || !isImpact(impact)) problems.impact = { key: 'opp.error.impactScale', params: { given: impactText.slice(0, 40) } };

  const confidenceText = text(input.confidence).replace(/\s*%$/, '');
  const confidence = Number(confidenceText);
  if (confidenceText === '') problems.confidence = { key: 'opp.error.required' };
  else if (!/^\d+$/.test(confidenceText) || !isConfidence(confidence)) problems.confidence = { key: 'opp.error.confidenceScale', params: { given: confidenceText.slice(0, 40) } };

  const effortText = text(input.effort);
  const effort = effortText === '' ? undefined : parseDecimal(effortText);
  if (effortText === '') problems.effort = { key: 'opp.error.required' };
  else if (effort === undefined) problems.effort = { key: 'opp.error.effortNotNumber', params: { given: effortText.slice(0, 40) } };
  else if (effort < MIN_EFFORT) problems.effort = { key: 'opp.error.effortTooSmall', params: { given: effortText.slice(0, 40), min: MIN_EFFORT } };
  else if (effort > MAX_EFFORT) problems.effort = { key: 'opp.error.effortTooLarge', params: { max: MAX_EFFORT } };

  const evidenceRaw = input.evidence ?? [];
  const evidenceIds = [...new Set(evidenceRaw.map((v) => v.trim()))];
  const badIds = evidenceIds.filter((v) => !/^\d{1,15}$/.test(v));
  const ids = evidenceIds.filter((v) => /^\d{1,15}$/.test(v)).map(Number);
  if (badIds.length > 0) problems.evidence = { key: 'opp.error.evidenceMissing', params: { ids: badIds.slice(0, 5).join(', ').slice(0, 60) } };
  else if (ids.length > LIMITS.evidence) problems.evidence = { key: 'opp.error.tooMuchEvidence', params: { max: LIMITS.evidence } };
  else if (ids.length > 0) {
    const missing = missingInsights(ids);
    if (missing.length > 0) problems.evidence = { key: 'opp.error.evidenceMissing', params: { ids: missing.slice(0, 5).map((id) => `#${id}`).join(', ') } };
  }

  if (Object.keys(problems).length > 0) return { ok: false, problems };
  const draft: PitchDraft = {
    title,
    problem,
    segment,
    evidenceIds: ids,
    metric,
    today: todayText === '' ? null : todayText,
    target,
    valuePerYear: valuePerYear ?? 0,
    kind: kind as Kind,
    commitment,
    tribe,
    initiatives,
    reach: typeof reach === 'number' ? reach : 0,
    impact: impact as Impact,
    confidence: confidence as Confidence,
    effort: effort ?? MIN_EFFORT,
    topDown: origin === 'top_down',
  };
  return { ok: true, draft, score: riceScore(draft) };
}

// ---------------------------------------------------------------------------
// The /pitch command
// ---------------------------------------------------------------------------

export type StatusFilter = Status | 'open' | 'all';

export interface ListFilters {
  tribe?: string;
  commitment?: string;
  status: StatusFilter;
  mine: boolean;
}

export type PitchCommand =
  | { kind: 'modal'; title?: string }
  | { kind: 'help' }
  | { kind: 'list'; filters: ListFilters }
  | { kind: 'health'; filters: Pick<ListFilters, 'tribe' | 'commitment'> }
  | { kind: 'show'; id: number }
  | { kind: 'edit'; id: number }
  | { kind: 'move'; id: number; to: Status; note: string | null }
  | { kind: 'error'; problem: Problem };

/** "12", "#12" → 12. */
export function parseId(value: string | undefined): number | undefined {
  const m = value === undefined ? null : /^#?(\d{1,15})$/.exec(value.trim());
  return m?.[1] ? Number(m[1]) : undefined;
}

/** Status names as people type them: "on agenda", "on-agenda", "no-go", "roadmap", "feuille de route", "livrée". */
export function parseStatus(value: string): Status | undefined {
  const v = value.trim().toLowerCase().replace(/[\s-]+/g, '_');
  if (isStatus(v)) return v;
  const word = canonical(STATUS_WORDS, value.trim().replace(/[\s_]+/g, '-'));
  return word === undefined || word === 'open' || word === 'all' ? undefined : word;
}

/** `key:value` and `key:"a value"` tokens, then the bare words. */
function tokens(text: string): { values: Map<string, string>; words: string[] } | Problem {
  const values = new Map<string, string>();
  const words: string[] = [];
  const re = /([\p{L}\w]+):(?:"([^"]*)"|“([^”]*)”|(\S*))|(\S+)/gu;
  for (const m of text.matchAll(re)) {
    if (m[5] !== undefined) {
      if (/^[\p{L}\w]+:["“]/u.test(m[5])) return { key: 'opp.list.unbalancedQuote' };
      words.push(m[5]);
      continue;
    }
    const key = (m[1] ?? '').toLowerCase();
    // Rule: an opening quote without its closing quote is an error, never a guess.
    if (m[4] !== undefined && /^["“]/.test(m[4])) return { key: 'opp.list.unbalancedQuote' };
    const value = (m[2] ?? m[3] ?? m[4] ?? '').trim();
    if (value === '') return { key: 'opp.list.emptyValue', params: { key } };
    if (values.has(key)) return { key: 'opp.list.repeated', params: { key } };
    values.set(key, value);
  }
  return { values, words };
}

function parseFilters(org: OrgConfig, text: string, allow: { status: boolean; mine: boolean }): ListFilters | Problem {
  const scanned = tokens(decodeEntities(text));
  if ('key' in scanned) return scanned;
  const filters: ListFilters = { status: 'open', mine: false };
  const unknown: string[] = [];
  for (const word of scanned.words) {
    if (allow.mine && canonical(PITCH_LIST_WORDS, word) === 'mine') filters.mine = true;
    else unknown.push(word);
  }
  const seen = new Set<string>();
  for (const [given, value] of scanned.values) {
    // French keys (`tribu:`, `statut:`) mean the English ones; a key-like word that is none is refused with the closest key.
    const key = canonical(PITCH_KEYS, given);
    if (key === undefined && keyLike(`${given}:${value}`) !== undefined) return unknownKeyProblem(given, PITCH_KEYS);
    if (key !== undefined && seen.has(key)) return { key: 'opp.list.repeated', params: { key: given } };
    if (key !== undefined) seen.add(key);
    if (key === 'tribe') {
      const tribe = findTribe(org, value);
      if (!tribe) return { key: 'opp.error.unknownTribe', params: { given: value.slice(0, 40), valid: validTribes(org) } };
      filters.tribe = tribe.key;
    } else if (key === 'commitment') {
      const wanted = value.toLowerCase();
      const c = org.commitments.find((x) => x.key === wanted);
      if (!c) return { key: 'opp.error.unknownCommitment', params: { given: value.slice(0, 40), valid: org.commitments.map((x) => x.key).join(', ') || '—' } };
      filters.commitment = c.key;
    } else if (key === 'status' && allow.status) {
      const v = canonical(STATUS_WORDS, value.trim().replace(/\s+/g, '-'));
      const status = v === 'open' || v === 'all' ? v : parseStatus(value);
      if (!status) return { key: 'opp.list.unknownStatus', params: { given: value.slice(0, 40), valid: ['open', 'all', ...STATUSES].join(', ') } };
      filters.status = status;
    } else unknown.push(`${given}:${value}`);
  }
  if (unknown.length > 0) return { key: allow.status ? 'opp.list.unknownFilter' : 'opp.health.unknownFilter', params: { words: unknown.join(' ').slice(0, 100) } };
  return filters;
}

export function parsePitchCommand(org: OrgConfig, rawText: string): PitchCommand {
  const text = rawText.trim();
  if (text === '') return { kind: 'modal' };
  const space = text.search(/\s/);
  const first = normalised(PITCH_SUBCOMMANDS, space === -1 ? text : text.slice(0, space)).toLowerCase();
  const rest = space === -1 ? '' : text.slice(space + 1).trim();
  const asError = (p: ListFilters | Problem): p is Problem => 'key' in p;
  // A title may start with a command word ("Aide contextuelle au paiement", "Voir ses factures"):
  // help alone, and show/edit/move followed by prose instead of a number, open the form with that title.
  const prose = (args: string, minWords: number) => {
    const words = args.split(/\s+/).filter((w) => w !== '');
    return words.length >= minWords && parseId(words[0]) === undefined;
  };
  const titled = (): PitchCommand => ({ kind: 'modal', title: decodeEntities(text).slice(0, LIMITS.title) });
  switch (first) {
    case 'help':
      return rest === '' ? { kind: 'help' } : titled();
    case 'list': {
      const filters = parseFilters(org, rest, { status: true, mine: true });
      return asError(filters) ? { kind: 'error', problem: filters } : { kind: 'list', filters };
    }
    case 'health': {
      const filters = parseFilters(org, rest, { status: false, mine: false });
      if (asError(filters)) return { kind: 'error', problem: filters };
      return { kind: 'health', filters: { ...(filters.tribe ? { tribe: filters.tribe } : {}), ...(filters.commitment ? { commitment: filters.commitment } : {}) } };
    }
    case 'show':
    case 'edit': {
      if (prose(rest, 2)) return titled();
      const id = parseId(rest);
      if (id === undefined) return { kind: 'error', problem: { key: first === 'show' ? 'opp.show.usage' : 'opp.edit.usage', params: { given: rest.slice(0, 40) || ' ' } } };
      return { kind: first, id };
    }
    case 'move': {
      if (prose(rest, 3)) return titled();
      const parts = rest.split(/\s+/);
      const id = parseId(parts[0]);
      // "on agenda" may be typed as two words.
      let statusWords = 1;
      let to = parts[1] === undefined ? undefined : parseStatus(parts[1]);
      if (parts[1] !== undefined && parts[2] !== undefined) {
        const two = parseStatus(`${parts[1]} ${parts[2]}`);
        if (two) {
          to = two;
          statusWords = 2;
        }
      }
      if (id === undefined || to === undefined) return { kind: 'error', problem: { key: 'opp.move.usage', params: { valid: STATUSES.join(', ') } } };
      const note = decodeEntities(parts.slice(1 + statusWords).join(' ')).trim();
      if (note.length > LIMITS.note) return { kind: 'error', problem: { key: 'opp.error.tooLong', params: { length: note.length, max: LIMITS.note } } };
      return { kind: 'move', id, to, note: note === '' ? null : note };
    }
    default: {
      const id = parseId(text);
      if (id !== undefined) return { kind: 'show', id };
      return { kind: 'modal', title: decodeEntities(text).slice(0, LIMITS.title) };
    }
  }
}

import type { OrgConfig, Tribe } from '../config/org.js';
import type { MessageKey, MessageParams } from '../i18n/index.js';
import { INSIGHT_SOURCES, MAX_CUSTOMER_LENGTH, MAX_TAG_LENGTH, MAX_TAGS, MAX_TEXT_LENGTH, TAG_PATTERN, isSource, tidyWhitespace, type InsightSource } from './text.js';
import { decodeEntities } from '../slack/text.js';
import { allForms, canonical, keyLike, subTable, unknownKeyProblem } from '../core/aliases.js';
import { INSIGHT_KEYS, INSIGHT_SUBCOMMANDS, LIST_WORDS, SOURCE_WORDS, type InsightKey } from './words.js';

/** A problem a person can act on: a message key and its parameters. */
export interface Problem {
  key: MessageKey;
  params?: MessageParams;
}

/** What a person asked to log, validated against the organisation config. */
export interface InsightDraft {
  text: string;
  source: InsightSource;
  tags: string[];
  customer: string | null;
  arr: number | null;
  segment: string | null;
  tribe: string | null;
}

export interface ListFilters {
  tribe?: string;
  tags: string[];
  customer?: string;
  untriaged: boolean;
  archived: boolean;
  reporter?: string;
}

export type InsightCommand =
  | { kind: 'modal' }
  | { kind: 'help' }
  | { kind: 'search'; words: string }
  | { kind: 'list'; filters: ListFilters }
  /** `searchInstead`: the text began with a search word followed by prose; logged, with a way to search instead (item 4). */
  | { kind: 'log'; draft: InsightDraft; searchInstead?: string }
  | { kind: 'error'; problem: Problem };

const KEYS = Object.keys(INSIGHT_KEYS) as InsightKey[];
type TokenKey = InsightKey;
const QUOTES: Record<string, string> = { '"': '"', '“': '”', '«': '»', '„': '“' };

interface Scanned {
  rest: string;
  tags: string[];
  values: Partial<Record<TokenKey, string>>;
  /** Bare words outside tokens, in order (for `/insight list` filters). */
  words: string[];
}

/**
 * Pulls `#tag`, `key:value` and `key:"quoted value"` tokens out of Slack command
 * text. Tokens count only at the start of a word, so a link such as
 * `<https://x.io/a#b>` or "see ticket#42" stays in the text. Keys may be typed
 * in French (`client:`, `tribu:`); a word that reads as an unknown key
 * (`clients:Acme`, the token rule in src/core/aliases.ts) is refused with the
 * closest key rather than kept in the text (decision 0030).
 */
export function scanTokens(raw: string, allowed: readonly TokenKey[] = KEYS): Scanned | Problem {
  const tags: string[] = [];
  const values: Partial<Record<TokenKey, string>> = {};
  const words: string[] = [];
  let rest = '';
  let i = 0;
  const table = subTable(INSIGHT_KEYS, allowed);
  const keyPattern = new RegExp(`^(${allForms(table).join('|')}):`, 'i');
  while (i < raw.length) {
    const ch = raw[i] ?? '';
    if (/\s/.test(ch)) {
      rest += ch;
      i++;
      continue;
    }
    const tail = raw.slice(i);
    const key = keyPattern.exec(tail);
    const name = key?.[1] === undefined ? undefined : canonical(table, key[1]);
    if (key && name !== undefined) {
      let j = i + key[0].length;
      let value: string;
      const open = raw[j] ?? '';
      const close = QUOTES[open];
      if (close !== undefined) {
        const end = raw.indexOf(close, j + 1);
        // Rule: an opening quote without its closing quote is an error, never a guess.
        if (end === -1) return { key: 'insight.error.unbalancedQuote', params: { key: name } };
        value = raw.slice(j + 1, end);
        j = end + 1;
      } else {
        const end = raw.slice(j).search(/\s/);
        value = end === -1 ? raw.slice(j) : raw.slice(j, j + end);
        j += value.length;
      }
      value = decodeEntities(value).trim();
      if (value === '') return { key: 'insight.error.emptyValue', params: { key: name } };
      if (values[name] !== undefined) return { key: 'insight.error.repeated', params: { key: name } };
      values[name] = value;
      i = j;
      continue;
    }
    // Slack rewrites "#name" as <#C…|name> when a channel has that name (should_escape).
    const channelTag = /^<#[CG][A-Z0-9]+\|([^>|]+)>/.exec(tail);
    const hashTag = /^#([\p{L}\p{N}][\p{L}\p{N}_-]*)/u.exec(tail);
    const tag = channelTag?.[1] ?? hashTag?.[1];
    const matched = channelTag?.[0] ?? hashTag?.[0];
    if (tag !== undefined && matched !== undefined && !/^\d+$/.test(tag)) {
      tags.push(tag.toLowerCase());
      i += matched.length;
      continue;
    }
    const end = tail.search(/\s/);
    const word = end === -1 ? tail : tail.slice(0, end);
    const unknown = keyLike(decodeEntities(word));
    if (unknown !== undefined) return unknownKeyProblem(unknown, table);
    words.push(word);
    rest += word;
    i += word.length;
  }
  return { rest, tags, values, words };
}

function isProblem(value: Scanned | Problem): value is Problem {
  return 'key' in value;
}

export function findTribe(org: OrgConfig, given: string): Tribe | undefined {
  const wanted = given.toLowerCase();
  return org.tribes.find((t) => t.key === wanted || t.name.toLowerCase() === wanted);
}

/** The tribe whose channel (or one of its impact teams' channels) this is. */
export function tribeOfChannel(org: OrgConfig, channelId: string | undefined): Tribe | undefined {
  if (!channelId) return undefined;
  return org.tribes.find((t) => t.channel === channelId || t.impactTeams.some((team) => team.channel === channelId));
}

export function validTribes(org: OrgConfig): string {
  return org.tribes.length ? org.tribes.map((t) => t.key).join(', ') : '—';
}

/** `120000`, `120k`, `1.5m`, `120 000` is not one token: say so through the error. */
export function parseArr(text: string): number | undefined {
  const m = /^(\d+(?:[.,]\d+)?)([km])?$/i.exec(text.replace(/_/g, ''));
  if (!m?.[1]) return undefined;
  const base = Number(m[1].replace(',', '.'));
  const factor = m[2]?.toLowerCase() === 'k' ? 1_000 : m[2]?.toLowerCase() === 'm' ? 1_000_000 : 1;
  const value = Math.round(base * factor);
  return Number.isSafeInteger(value) && value <= 1e12 ? value : undefined;
}

export function checkTags(tags: readonly string[]): string[] | Problem {
  const unique = [...new Set(tags.map((t) => t.toLowerCase()))];
  for (const tag of unique) {
    if (!TAG_PATTERN.test(tag) || /^\d+$/.test(tag)) return { key: 'insight.error.badTag', params: { tag } };
    if (tag.length > MAX_TAG_LENGTH) return { key: 'insight.error.longTag', params: { tag, max: MAX_TAG_LENGTH } };
  }
  if (unique.length > MAX_TAGS) return { key: 'insight.error.tooManyTags', params: { max: MAX_TAGS, count: unique.length } };
  return unique.sort();
}

type DraftInput = {
  text: string;
  source?: string | undefined;
  tags?: readonly string[];
  customer?: string | undefined;
  arr?: string | number | undefined;
  segment?: string | undefined;
  tribe?: string | undefined;
};

/** Every problem of a draft, one per field, in the form's order (issue 14 item 11). */
export type DraftProblems = Partial<Record<keyof InsightDraft, Problem>>;

/**
 * Checks every field of a draft in one pass: the form shows all its errors at
 * once; the command reports the first (checkDraft).
 */
export function checkDraftFields(org: OrgConfig, input: DraftInput): { draft: InsightDraft } | { problems: DraftProblems } {
  const problems: DraftProblems = {};
  const text = tidyWhitespace(input.text);
  if (text === '') problems.text = { key: 'insight.error.empty' };
  else if (text.length > MAX_TEXT_LENGTH) problems.text = { key: 'insight.error.tooLong', params: { length: text.length, max: MAX_TEXT_LENGTH } };

  let source: InsightSource = 'other';
  if (input.source !== undefined && input.source !== '') {
    const s = canonical(SOURCE_WORDS, input.source) ?? input.source.toLowerCase();
    if (!isSource(s)) problems.source = { key: 'insight.error.unknownSource', params: { given: input.source, valid: INSIGHT_SOURCES.join(', ') } };
    else source = s;
  }

  let tribe: string | null = null;
  if (input.tribe !== undefined && input.tribe !== '') {
    const found = findTribe(org, input.tribe);
    if (!found) problems.tribe = { key: 'insight.error.unknownTribe', params: { given: input.tribe, valid: validTribes(org) } };
    else tribe = found.key;
  }

  const customer = input.customer === undefined ? '' : tidyWhitespace(input.customer);
  if (customer.length > MAX_CUSTOMER_LENGTH) problems.customer = { key: 'insight.error.longCustomer', params: { max: MAX_CUSTOMER_LENGTH } };

  let arr: number | null = null;
  if (input.arr !== undefined && input.arr !== '') {
    const parsed = typeof input.arr === 'number' ? (Number.isSafeInteger(input.arr) && input.arr >= 0 ? input.arr : undefined) : parseArr(input.arr.trim());
    if (parsed === undefined) problems.arr = { key: 'insight.error.badArr', params: { given: String(input.arr) } };
    else arr = parsed;
  }

  let segment: string | null = null;
  if (input.segment !== undefined && input.segment !== '') {
    const s = input.segment.toLowerCase();
    if (!org.insights.segments.includes(s)) problems.segment = { key: 'insight.error.unknownSegment', params: { given: input.segment, valid: org.insights.segments.join(', ') } };
    else segment = s;
  }

  const tags = checkTags(input.tags ?? []);
  if (!Array.isArray(tags)) problems.tags = tags;

  if (Object.keys(problems).length > 0 || !Array.isArray(tags)) return { problems };
  return { draft: { text, source, tags, customer: customer === '' ? null : customer, arr, segment, tribe } };
}

/** Shared checks for every way of logging (command, other features): the first problem, in field order. */
export function checkDraft(org: OrgConfig, input: DraftInput): { draft: InsightDraft } | { field: keyof InsightDraft; problem: Problem } {
  const checked = checkDraftFields(org, input);
  if ('draft' in checked) return checked;
  const order: (keyof InsightDraft)[] = ['text', 'source', 'tribe', 'customer', 'arr', 'segment', 'tags'];
  for (const field of order) {
    const problem = checked.problems[field];
    if (problem) return { field, problem };
  }
  throw new Error('checkDraftFields reported problems without a field');
}

/**
 * The same problem, worded for a form field rather than for the command line:
 * no `/insight` syntax, no backticks, no "Nothing was saved" (the form stays
 * open with what the person typed). Keys are `insight.form.<problem>`.
 */
export function formProblem(problem: Problem): Problem {
  const m = /^insight\.error\.(\w+)$/.exec(problem.key);
  const key = m?.[1] !== undefined ? FORM_KEYS[m[1]] : undefined;
  return key === undefined ? problem : { key, ...(problem.params ? { params: problem.params } : {}) };
}

const FORM_KEYS: Record<string, MessageKey> = {
  empty: 'insight.form.empty',
  tooLong: 'insight.form.tooLong',
  badTag: 'insight.form.badTag',
  longTag: 'insight.form.longTag',
  tooManyTags: 'insight.form.tooManyTags',
  unknownSource: 'insight.form.unknownSource',
  unknownTribe: 'insight.form.unknownTribe',
  longCustomer: 'insight.form.longCustomer',
  badArr: 'insight.form.badArr',
  unknownSegment: 'insight.form.unknownSegment',
};

/**
 * Reads `/insight` text (decision 0030, issue 14 item 4). The first word of an
 * ordinary sentence must not become a subcommand: "Search is slow on tablets"
 * is an insight.
 * Rule 1: no text opens the modal; exactly "help" (or "aide") shows the usage.
 * Rule 2: a search is unambiguous: `? words`, or `search: words` / `recherche : words`
 *         (the colon right after the first word, with or without a space before it).
 * Rule 3: "search words" without the colon is logged as an insight, and the
 *         answer offers *Search instead* for "words" (when in doubt, log).
 * Rule 4: "list" is a list when alone or followed only by filters; followed by
 *         prose (two or more words, none of them a filter) it is an insight.
 * Rule 5: "log …" (or "noter …") logs the rest as is: the escape hatch.
 * Rule 6: the channel's tribe applies when no tribe: token is given.
 */
export function parseInsightCommand(org: OrgConfig, rawText: string, channelId?: string): InsightCommand {
  const text = rawText.trim();
  if (text === '') return { kind: 'modal' };
  if (text.startsWith('?')) return searchOf(text.slice(1));
  // French typing puts a (narrow) space before the colon: `recherche : paiement` is the same prefix.
  const explicitSearch = /^([^\s:]+)[ \u00a0\u202f]?:/.exec(text);
  if (explicitSearch?.[1] !== undefined && canonical(INSIGHT_SUBCOMMANDS, explicitSearch[1]) === 'search') {
    return searchOf(text.slice(explicitSearch[0].length));
  }
  const space = text.search(/\s/);
  const firstWord = space === -1 ? text : text.slice(0, space);
  const first = canonical(INSIGHT_SUBCOMMANDS, firstWord);
  const rest = space === -1 ? '' : text.slice(space + 1).trim();
  if (first === 'help' && rest === '') return { kind: 'help' };
  if (first === 'search' && rest === '') return { kind: 'error', problem: { key: 'insight.search.usage' } };
  if (first === 'list') {
    const listed = parseList(org, rest);
    if (listed.kind === 'list' || !readsAsProse(rest)) return listed;
  }
  const logged = logOf(org, first === 'log' ? rest : text, channelId);
  if (first === 'search' && logged.kind === 'log') return { ...logged, searchInstead: decodeEntities(rest).slice(0, 500) };
  return logged;
}

function searchOf(words: string): InsightCommand {
  const w = words.trim();
  if (w === '') return { kind: 'error', problem: { key: 'insight.search.usage' } };
  return { kind: 'search', words: decodeEntities(w) };
}

/** "view is confusing": words after `list` that are no filter, no tag and no option (Rule 4). */
function readsAsProse(rest: string): boolean {
  const words = rest.split(/\s+/).filter((w) => w !== '');
  if (words.length < 2) return false;
  return words.every((w) => !w.startsWith('#') && !w.includes(':') && canonical(LIST_WORDS, w) === undefined);
}

function logOf(org: OrgConfig, body: string, channelId: string | undefined): InsightCommand {
  const scanned = scanTokens(body);
  if (isProblem(scanned)) return { kind: 'error', problem: scanned };
  const v = scanned.values;
  const remaining = decodeEntities(scanned.rest);
  if (tidyWhitespace(remaining) === '') return { kind: 'error', problem: { key: 'insight.error.empty' } };
  const tribe = v.tribe ?? tribeOfChannel(org, channelId)?.key;
  const checked = checkDraft(org, {
    text: remaining,
    source: v.source,
    tags: scanned.tags,
    customer: v.customer,
    arr: v.arr,
    segment: v.segment,
    tribe,
  });
  if ('problem' in checked) return { kind: 'error', problem: checked.problem };
  return { kind: 'log', draft: checked.draft };
}

function parseList(org: OrgConfig, text: string): InsightCommand {
  const scanned = scanTokens(text, ['customer', 'tribe']);
  if (isProblem(scanned)) return { kind: 'error', problem: scanned };
  const filters: ListFilters = { tags: [], untriaged: false, archived: false };
  const unknown: string[] = [];
  for (const word of scanned.words) {
    const w = canonical(LIST_WORDS, word);
    if (w === 'untriaged') filters.untriaged = true;
    else if (w === 'archived') filters.archived = true;
    else if (w === 'mine') filters.reporter = 'me';
    else unknown.push(decodeEntities(word));
  }
  if (unknown.length > 0) return { kind: 'error', problem: { key: 'insight.list.unknownFilter', params: { words: unknown.join(' ') } } };
  if (scanned.values.tribe !== undefined) {
    const tribe = findTribe(org, scanned.values.tribe);
    if (!tribe) return { kind: 'error', problem: { key: 'insight.error.unknownTribe', params: { given: scanned.values.tribe, valid: validTribes(org) } } };
    filters.tribe = tribe.key;
  }
  if (scanned.values.customer !== undefined) filters.customer = scanned.values.customer;
  const tags = checkTags(scanned.tags);
  if (!Array.isArray(tags)) return { kind: 'error', problem: tags };
  filters.tags = tags;
  return { kind: 'list', filters };
}

/** Tags typed in a text field: "checkout, onboarding #billing". */
export function splitTagInput(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((t) => t.replace(/^#+/, '').trim())
    .filter((t) => t !== '');
}

import type { OrgConfig, Tribe } from '../config/org.js';
import type { MessageKey, MessageParams } from '../i18n/index.js';
import { INSIGHT_SOURCES, MAX_CUSTOMER_LENGTH, MAX_TAG_LENGTH, MAX_TAGS, MAX_TEXT_LENGTH, TAG_PATTERN, isSource, tidyWhitespace, type InsightSource } from './text.js';
import { decodeEntities } from '../slack/text.js';

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
  | { kind: 'log'; draft: InsightDraft }
  | { kind: 'error'; problem: Problem };

const KEYS = ['customer', 'source', 'tribe', 'arr', 'segment'] as const;
type TokenKey = (typeof KEYS)[number];
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
 * `<https://x.io/a#b>` or "see ticket#42" stays in the text.
 */
export function scanTokens(raw: string, allowed: readonly string[] = KEYS): Scanned | Problem {
  const tags: string[] = [];
  const values: Partial<Record<TokenKey, string>> = {};
  const words: string[] = [];
  let rest = '';
  let i = 0;
  const keyPattern = new RegExp(`^(${allowed.join('|')}):`, 'i');
  while (i < raw.length) {
    const ch = raw[i] ?? '';
    if (/\s/.test(ch)) {
      rest += ch;
      i++;
      continue;
    }
    const tail = raw.slice(i);
    const key = keyPattern.exec(tail);
    if (key?.[1]) {
      const name = key[1].toLowerCase() as TokenKey;
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

/** Shared checks for every way of logging (command, modal, other features). */
export function checkDraft(org: OrgConfig, input: {
  text: string;
  source?: string | undefined;
  tags?: readonly string[];
  customer?: string | undefined;
  arr?: string | number | undefined;
  segment?: string | undefined;
  tribe?: string | undefined;
}): { draft: InsightDraft } | { field: keyof InsightDraft; problem: Problem } {
  const text = tidyWhitespace(input.text);
  if (text === '') return { field: 'text', problem: { key: 'insight.error.empty' } };
  const length = text.length;
  if (length > MAX_TEXT_LENGTH) return { field: 'text', problem: { key: 'insight.error.tooLong', params: { length, max: MAX_TEXT_LENGTH } } };

  let source: InsightSource = 'other';
  if (input.source !== undefined && input.source !== '') {
    const s = input.source.toLowerCase();
    if (!isSource(s)) return { field: 'source', problem: { key: 'insight.error.unknownSource', params: { given: input.source, valid: INSIGHT_SOURCES.join(', ') } } };
    source = s;
  }

  let tribe: string | null = null;
  if (input.tribe !== undefined && input.tribe !== '') {
    const found = findTribe(org, input.tribe);
    if (!found) return { field: 'tribe', problem: { key: 'insight.error.unknownTribe', params: { given: input.tribe, valid: validTribes(org) } } };
    tribe = found.key;
  }

  const customer = input.customer === undefined ? '' : tidyWhitespace(input.customer);
  if (customer.length > MAX_CUSTOMER_LENGTH) {
    return { field: 'customer', problem: { key: 'insight.error.longCustomer', params: { max: MAX_CUSTOMER_LENGTH } } };
  }

  let arr: number | null = null;
  if (input.arr !== undefined && input.arr !== '') {
    const parsed = typeof input.arr === 'number' ? (Number.isSafeInteger(input.arr) && input.arr >= 0 ? input.arr : undefined) : parseArr(input.arr.trim());
    if (parsed === undefined) return { field: 'arr', problem: { key: 'insight.error.badArr', params: { given: String(input.arr) } } };
    arr = parsed;
  }

  let segment: string | null = null;
  if (input.segment !== undefined && input.segment !== '') {
    const s = input.segment.toLowerCase();
    if (!org.insights.segments.includes(s)) {
      return { field: 'segment', problem: { key: 'insight.error.unknownSegment', params: { given: input.segment, valid: org.insights.segments.join(', ') } } };
    }
    segment = s;
  }

  const tags = checkTags(input.tags ?? []);
  if (!Array.isArray(tags)) return { field: 'tags', problem: tags };

  return { draft: { text, source, tags, customer: customer === '' ? null : customer, arr, segment, tribe } };
}

/**
 * Reads `/insight` text.
 * Rule 1: no text opens the modal; exactly "help" shows the usage.
 * Rule 2: "search …", "list …" and "log …" are subcommands; anything else is logged as is,
 *         so "log" is the escape hatch for an insight that starts with "search" or "list".
 * Rule 3: the channel's tribe applies when no tribe: token is given.
 */
export function parseInsightCommand(org: OrgConfig, rawText: string, channelId?: string): InsightCommand {
  const text = rawText.trim();
  if (text === '') return { kind: 'modal' };
  const space = text.search(/\s/);
  const first = (space === -1 ? text : text.slice(0, space)).toLowerCase();
  const rest = space === -1 ? '' : text.slice(space + 1).trim();
  if (first === 'help' && rest === '') return { kind: 'help' };
  if (first === 'search') {
    if (rest === '') return { kind: 'error', problem: { key: 'insight.search.usage' } };
    return { kind: 'search', words: decodeEntities(rest) };
  }
  if (first === 'list') return parseList(org, rest);
  const body = first === 'log' ? rest : text;

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
    const w = word.toLowerCase();
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

import type { Language } from '../config/org.js';
import { formatMoney } from './numbers.js';
import { pluralForm } from './plural.js';

/*
 * The message format every catalogue string uses (docs/decisions/0028):
 * - `{name}` is replaced by the parameter; a number that is not whole is written
 *   the reader's way ("0,5" in French, "0.5" in English); whole numbers stay as
 *   they are (ids and years are never grouped: "#1234", not "#1 234");
 * - `{count, plural, one {# insight} other {# insights}}` chooses a form by the
 *   language's plural rules (Intl.PluralRules through pluralForm): `=0 {…}` (any
 *   exact number) wins over the category, `other {…}` is required, `#` (not `#{id}`
 *   nor `#word`) is the count, grouped the reader's way ("12 345" / "12,345"), and
 *   the chosen text may hold other `{placeholders}`;
 * - `{arr, money}` writes an amount the reader's way ("€120k" / "120 k€", src/i18n/numbers.ts);
 * - a missing parameter stays visible rather than becoming "undefined".
 * One mechanism for plurals: no `(s)`, no pairs of keys.
 */
export type MessageParams = Record<string, string | number>;

const decimals = new Map<Language, Intl.NumberFormat>();

/** A number as a reader of `lang` writes it inside a sentence: "0,5" / "0.5"; whole numbers untouched. */
export function formatParamNumber(n: number, lang: Language): string {
  if (Number.isInteger(n) || !Number.isFinite(n)) return String(n);
  let f = decimals.get(lang);
  if (!f) {
    f = new Intl.NumberFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', { maximumFractionDigits: 2, useGrouping: false });
    decimals.set(lang, f);
  }
  return f.format(n);
}

const counts = new Map<Language, Intl.NumberFormat>();

/** A count as `#` shows it: grouped the reader's way ("12 345" with U+202F / "12,345"), decimals as above. */
function countOf(n: number, lang: Language): string {
  let f = counts.get(lang);
  if (!f) {
    f = new Intl.NumberFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', { maximumFractionDigits: 2 });
    counts.set(lang, f);
  }
  return f.format(n).replace(/[\u00a0 ]/g, '\u202f');
}

function param(value: string | number, lang: Language): string {
  return typeof value === 'number' ? formatParamNumber(value, lang) : value;
}

/** The index just after the `}` closing the `{` at `open`, or -1 when unbalanced. */
function closing(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return i + 1;
  }
  return -1;
}

const PLURAL_HEAD = /\{(\w+),\s*plural\s*,/y;
const CASE = /\s*(=\d+(?:\.\d+)?|zero|one|two|few|many|other)\s*\{/y;

interface PluralPart {
  name: string;
  cases: Map<string, string>;
  end: number;
}

/** Parses `{name, plural, … }` starting at `start`; undefined when it is not one (left as text). */
export function parsePlural(text: string, start: number): PluralPart | undefined {
  PLURAL_HEAD.lastIndex = start;
  const head = PLURAL_HEAD.exec(text);
  if (!head || !head[1]) return undefined;
  const cases = new Map<string, string>();
  let i = PLURAL_HEAD.lastIndex;
  for (;;) {
    CASE.lastIndex = i;
    const c = CASE.exec(text);
    if (!c || !c[1]) break;
    const open = CASE.lastIndex - 1;
    const end = closing(text, open);
    if (end < 0) return undefined;
    cases.set(c[1], text.slice(open + 1, end - 1));
    i = end;
  }
  while (text[i] === ' ' || text[i] === '\n') i++;
  if (text[i] !== '}' || !cases.has('other')) return undefined;
  return { name: head[1], cases, end: i + 1 };
}

export function formatMessage(template: string, params: MessageParams, lang: Language): string {
  let out = '';
  let i = 0;
  while (i < template.length) {
    const open = template.indexOf('{', i);
    if (open < 0) {
      out += template.slice(i);
      break;
    }
    out += template.slice(i, open);
    const plural = parsePlural(template, open);
    if (plural) {
      const value = params[plural.name];
      if (value === undefined) {
        out += template.slice(open, plural.end);
      } else {
        const n = Number(value);
        const chosen = plural.cases.get(`=${n}`) ?? plural.cases.get(pluralForm(lang, n)) ?? plural.cases.get('other') ?? '';
        out += formatMessage(chosen.replace(/#(?![{\w])/g, typeof value === 'number' ? countOf(value, lang) : value), params, lang);
      }
      i = plural.end;
      continue;
    }
    const money = /^\{(\w+),\s*money\s*\}/.exec(template.slice(open));
    if (money && money[1]) {
      const value = params[money[1]];
      out += value === undefined ? money[0] : typeof value === 'number' ? formatMoney(value, lang) : value;
      i = open + money[0].length;
      continue;
    }
    const simple = /^\{(\w+)\}/.exec(template.slice(open));
    if (simple && simple[1]) {
      const name = simple[1];
      out += name in params ? param(params[name] as string | number, lang) : simple[0];
      i = open + simple[0].length;
      continue;
    }
    out += '{';
    i = open + 1;
  }
  return out;
}

/** The parameter names a template uses, plural selectors included, sorted and without repeats. */
export function placeholdersOf(template: string): string[] {
  const names = new Set<string>();
  const text = template.replace(/(?<![\w=])(?:=\d+(?:\.\d+)?|zero|one|two|few|many|other)\s*\{/g, '');
  for (const m of text.matchAll(/\{(\w+)(?:\}|,\s*plural\s*,|,\s*money\s*\})/g)) if (m[1]) names.add(m[1]);
  return [...names].sort();
}

/*
 * Local, explainable text similarity for the duplicate hint and for turning
 * what people type into safe FTS5 queries. No AI service: FTS5 finds
 * candidates, a Dice coefficient over significant words decides.
 */

// Words too common to say two insights are about the same thing (English and French).
const STOPWORDS = new Set(
  (
    'the and for are but not you all any can had her was one our out has him his how its may new now old see two way who did get ' +
    'let put say she too use that with have this will your from they know want been good much some time very when come here just ' +
    'like long make many more only over such take than them well were what into also would there their about which could should ' +
    'these those being doing does dont cant wont really still even because while after before again then both each other same ' +
    'les des une est pas pour que qui dans sur par avec son ses aux ont sont mais plus tout tous toute toutes nous vous leur leurs ' +
    'ils elle elles cette ces ete etre avoir fait faire comme donc quand sans sous chez tres peu bien aussi encore deja alors car ' +
    'lui moi toi mes tes nos vos notre votre ceci cela entre depuis avant apres pendant quoi dont ainsi meme autre autres'
  ).split(' '),
);

/** Lower-case words with diacritics removed and Slack references dropped. */
export function words(text: string): string[] {
  return text
    .replace(/<[^<>]*>/g, ' ')
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '');
}

/** A light stem shared by both sides of a comparison: plural and common verb endings. */
function stem(word: string): string {
  if (word.length > 5 && word.endsWith('ing')) return word.slice(0, -3);
  if (word.length > 4 && (word.endsWith('es') || word.endsWith('ed'))) return word.slice(0, -2);
  if (word.length > 3 && (word.endsWith('s') || word.endsWith('x'))) return word.slice(0, -1);
  if (word.length > 4 && word.endsWith('e')) return word.slice(0, -1);
  return word;
}

/** The words that carry meaning: at least 3 letters (or a number), not a stop word, stemmed. */
export function significantTerms(text: string): Set<string> {
  const out = new Set<string>();
  for (const w of words(text)) {
    if (STOPWORDS.has(w)) continue;
    if (w.length < 3 && !/^\d+$/.test(w)) continue;
    out.add(stem(w));
  }
  return out;
}

/** Dice coefficient: 2|A∩B| / (|A|+|B|), 0 for two empty sets. */
export function dice(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 0;
  let shared = 0;
  for (const x of a) if (b.has(x)) shared++;
  return (2 * shared) / (a.size + b.size);
}

export function sharedCount(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let shared = 0;
  for (const x of a) if (b.has(x)) shared++;
  return shared;
}

/**
 * Two insights are "about the same thing" when:
 * Rule 1: they share at least 2 significant words (one shared word is a topic, not a duplicate);
 * Rule 2: and those words make up at least half of both texts' significant words together (Dice ≥ 0.5).
 */
export const DUPLICATE_MIN_SHARED = 2;
export const DUPLICATE_MIN_DICE = 0.5;

export function looksDuplicate(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  return sharedCount(a, b) >= DUPLICATE_MIN_SHARED && dice(a, b) >= DUPLICATE_MIN_DICE;
}

function quote(term: string): string {
  return `"${term.replace(/"/g, '""')}"`;
}

/**
 * What a person typed in `/insight search`, as an FTS5 query where every word
 * must match (implicit AND). Operators and punctuation are never interpreted:
 * each word is quoted. A trailing `*` keeps its prefix meaning ("onboard*").
 * Returns undefined when nothing searchable is left.
 */
export function ftsAllOf(input: string): string | undefined {
  const terms = searchTerms(input);
  return terms.length ? terms.join(' ') : undefined;
}

/** The same words joined with OR: the fallback when no insight has them all. */
export function ftsAnyOf(input: string): string | undefined {
  const terms = searchTerms(input);
  return terms.length ? terms.join(' OR ') : undefined;
}

function searchTerms(input: string): string[] {
  const out: string[] = [];
  for (const raw of input.split(/\s+/)) {
    const prefix = raw.endsWith('*');
    const parts = words(raw);
    parts.forEach((p, i) => out.push(prefix && i === parts.length - 1 ? `${quote(p)}*` : quote(p)));
  }
  return [...new Set(out)].slice(0, 32);
}

/** Significant words of a text for the duplicate hint's candidate search: at most 16, unstemmed (FTS5 stems them). */
export function candidateWords(text: string): string[] {
  return [...new Set(words(text).filter((w) => !STOPWORDS.has(w) && (w.length >= 3 || /^\d+$/.test(w))))].slice(0, 16);
}

/** One FTS5 phrase per word, joined with OR. */
export function ftsOr(list: readonly string[]): string | undefined {
  return list.length ? list.map(quote).join(' OR ') : undefined;
}

export function ftsPhrase(word: string): string {
  return quote(word);
}

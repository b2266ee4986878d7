/*
 * French (and other) spellings of command keywords, token keys and token
 * values (issue 14 item 3, docs/decisions/0030-speaking-french-to-the-bot.md).
 *
 * Each command keeps ONE alias table per kind of word, next to its parser:
 * the canonical (English) word, which the code switches on, maps to the other
 * ways people type it. Matching folds case and accents, so `résoudre`,
 * `resoudre` and `RÉSOUDRE` are the same word; the tables list the accented
 * spelling people read in help.
 */

/** A canonical word → the other words that mean it (French first). */
export type AliasTable<K extends string> = Readonly<Record<K, readonly string[]>>;

/** Lower case, no accents, curly apostrophes straightened: how two spellings are compared. */
export function fold(word: string): string {
  return word.normalize('NFD').replace(/\p{M}/gu, '').replace(/[’‘]/g, "'").toLowerCase();
}

/** The canonical word `word` stands for, if any (itself included). */
export function canonical<K extends string>(table: AliasTable<K>, word: string): K | undefined {
  const wanted = fold(word);
  for (const key of Object.keys(table) as K[]) {
    if (fold(key) === wanted) return key;
    if (table[key].some((alias) => fold(alias) === wanted)) return key;
  }
  return undefined;
}

/** `word` turned into its canonical form when the table knows it, else unchanged. */
export function normalised<K extends string>(table: AliasTable<K>, word: string): K | string {
  return canonical(table, word) ?? word;
}

/** Every accepted spelling: the canonical words, then their aliases. */
export function allForms<K extends string>(table: AliasTable<K>): string[] {
  const keys = Object.keys(table) as K[];
  return [...keys, ...keys.flatMap((k) => table[k])];
}

/** The French forms of a table for help text: "`aide` (help), `liste` (list)". */
export function frenchForms<K extends string>(table: AliasTable<K>, suffix = ''): string {
  return (Object.keys(table) as K[])
    .filter((k) => table[k].length > 0)
    .map((k) => `${table[k].map((a) => `\`${a}${suffix}\``).join(' / ')} (${k}${suffix})`)
    .join(', ');
}

/** Edit distance (insertions, deletions, substitutions), on folded words. */
export function levenshtein(a: string, b: string): number {
  const s = [...fold(a)];
  const t = [...fold(b)];
  let previous = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const current = [i];
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return previous[t.length] ?? 0;
}

/**
 * The candidate closest to `word`, when it is close enough to be a typo
 * (at most a third of the word's letters, and at least 2 edits allowed) or
 * when the word abbreviates it ("cust" → "customer"). Ties go to the
 * earlier candidate, so list canonical words first.
 */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  const w = fold(word);
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const c = fold(candidate);
    // An abbreviation of a key ("cust") is as good as a one-letter typo.
    const distance = w.length >= 3 && c.startsWith(w) ? Math.min(1, levenshtein(w, c)) : levenshtein(w, c);
    if (!best || distance < best.distance) best = { candidate, distance };
  }
  if (!best) return undefined;
  const allowed = Math.max(2, Math.floor(w.length / 3));
  return best.distance <= allowed ? best.candidate : undefined;
}

/*
 * The token rule: which `word:value` pieces of command text are meant as
 * options, so that an unknown one is refused instead of stored as text.
 *
 * Rule 1: a token is a whole word of lower-case letters (accents allowed, at
 *         least two), a colon, and a value with no space after the colon:
 *         `clients:Acme`, `tribu:paiements`, `statut:go`.
 * Rule 2: these are text, never tokens: a capitalised word ("Note:x"), a colon
 *         followed by a space ("Note: the export…", "cause : …"), digits
 *         ("10:30", "3:1"), emoji codes (":tada:"), a URL or scheme
 *         (`https://…`, `mailto:…`, anything whose value starts with "/"),
 *         and what Slack turned into a link (`<https://…>`).
 */
const KEY_LIKE = /^([a-zàâäçéèêëîïôöùûüÿœæ]{2,}):(\S+)/u;
const SCHEMES = new Set(['http', 'https', 'ftp', 'ftps', 'sftp', 'ssh', 'git', 'file', 'mailto', 'tel', 'sms', 'slack', 'urn', 'data', 'javascript']);

/** The key of a word that reads as an option (Rule 1), or undefined for text (Rule 2). */
export function keyLike(word: string): string | undefined {
  const m = KEY_LIKE.exec(word.normalize('NFC'));
  if (!m?.[1] || m[2] === undefined) return undefined;
  if (SCHEMES.has(m[1]) || m[2].startsWith('/') || m[2].startsWith(':')) return undefined;
  // An emoji code right after a word ("done:tada:") is text too.
  if (/^[a-z0-9_+-]+:$/.test(m[2])) return undefined;
  return m[1];
}

/** What an unknown key means for the person: the key they typed and the closest one they may have meant. */
export interface UnknownKey {
  given: string;
  suggestion?: string;
  /** The keys this command takes, as listed in the message when nothing is close. */
  valid: string;
}

/** Refusal details for an unknown key, among a command's accepted keys (canonical and aliases). */
export function unknownKey<K extends string>(given: string, table: AliasTable<K>): UnknownKey {
  const suggestion = closest(given, allForms(table));
  const valid = allForms(table)
    .map((k) => `\`${k}:\``)
    .join(', ');
  return { given, ...(suggestion ? { suggestion } : {}), valid };
}

/** The message for an unknown key: with the closest key when there is one, else every key. */
export function unknownKeyProblem<K extends string>(given: string, table: AliasTable<K>): { key: 'lang.token.unknown' | 'lang.token.unknownNone'; params: Record<string, string> } {
  const u = unknownKey(given, table);
  return u.suggestion ? { key: 'lang.token.unknown', params: { given, suggestion: u.suggestion } } : { key: 'lang.token.unknownNone', params: { given, valid: u.valid } };
}

/** The part of a table for these canonical keys (a command that takes fewer keys in one place). */
export function subTable<K extends string, S extends K>(table: AliasTable<K>, keys: readonly S[]): AliasTable<S> {
  return Object.fromEntries(keys.map((k) => [k, table[k]])) as Record<S, readonly string[]>;
}

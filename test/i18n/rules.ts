/*
 * The typography and formatting rules the guard tests enforce (issue 14, "How to work";
 * docs/decisions/0028-french-typography.md). Pure functions, each returning what it
 * found wrong, so each rule can be shown failing on a bad sample (rules.test.ts).
 */

export const NNBSP = '\u202f';

/**
 * What French typography does not apply to, replaced by a neutral letter so that
 * the character next to it still counts ("{when} :" is checked like "X :"):
 * plural selectors (their case texts are kept and checked), `{placeholders}`,
 * backtick code spans, Slack references and links (`<…>`), bare URLs,
 * emoji shortcodes (`:white_check_mark:`) and clock times ("9:00").
 */
export function proseOf(text: string): string {
  return text
    .replace(/\{\w+,\s*plural\s*,/g, '')
    .replace(/(?<![\w=])(?:=\d+|zero|one|two|few|many|other)\s*\{/g, '')
    .replace(/\{\w+(?:,\s*money\s*)?\}/g, 'X')
    .replace(/[{}]/g, '')
    .replace(/`[^`\n]*`/g, 'X')
    .replace(/<[^<>\n]*>/g, 'X')
    .replace(/\b(?:https?|mailto):\/?\/?[^\s]+/g, 'X')
    .replace(/:[a-z0-9_+-]+:/g, 'X')
    .replace(/\d:\d/g, '0h0');
}

/**
 * French: U+202F (narrow no-break space) before `: ; ! ?` and `%`, after « and before ».
 * A plain space, a no-break space U+00A0 or no space at all is a fault. Returns one
 * line per fault with what surrounds it.
 */
export function frenchSpacingFaults(text: string): string[] {
  const prose = proseOf(text);
  const faults: string[] = [];
  const around = (i: number) => JSON.stringify(prose.slice(Math.max(0, i - 12), i + 4));
  for (let i = 0; i < prose.length; i++) {
    const ch = prose[i] ?? '';
    const before = prose[i - 1];
    if (':;!?%'.includes(ch)) {
      // "?!" and "!!": the space goes before the first one only.
      if (before !== undefined && ':;!?'.includes(before) && ch !== '%') continue;
      if (before !== NNBSP) faults.push(`no U+202F before "${ch}" in ${around(i)}`);
    } else if (ch === '«') {
      if (prose[i + 1] !== NNBSP) faults.push(`no U+202F after "«" in ${around(i)}`);
    } else if (ch === '»') {
      if (before !== NNBSP) faults.push(`no U+202F before "»" in ${around(i)}`);
    }
  }
  return faults;
}

/** Pseudo-plurals, in either language: "insight(s)", "nouveau(x)", "ouvert(e)", "livré(e)s". */
export function pseudoPluralFaults(text: string): string[] {
  return [...text.matchAll(/\p{L}\((?:s|x|e|es|ies|S|X|E)\)/gu)].map((m) => `pseudo-plural "${m[0]}" in ${JSON.stringify(text.slice(Math.max(0, (m.index ?? 0) - 20), (m.index ?? 0) + 8))}`);
}

/** Names of parameters the code fills with a `<!date>` token (not `{date}`: that one echoes what a person typed). */
export const DATE_PARAMS = ['when', 'deadline', 'due', 'qualified', 'start', 'until', 'opens', 'closes'];

/**
 * Slack does not render a `<!date>` token inside code: a `<!date` (or a date
 * parameter that becomes one) inside a backtick span is a fault. Works on mrkdwn
 * as rendered and on catalogue templates.
 */
export function dateInCodeFaults(text: string): string[] {
  const faults: string[] = [];
  for (const m of text.matchAll(/`[^`]*`/g)) {
    const span = m[0];
    if (span.includes('<!date')) faults.push(`<!date> token inside code: ${span}`);
    for (const p of DATE_PARAMS) if (span.includes(`{${p}}`)) faults.push(`date parameter {${p}} inside code: ${span}`);
  }
  return faults;
}

/** Every string in a Block Kit payload (blocks, attachments, views, top-level text), with its path. */
export function stringsOf(value: unknown, path = '$'): { path: string; text: string }[] {
  if (typeof value === 'string') return [{ path, text: value }];
  if (Array.isArray(value)) return value.flatMap((v, i) => stringsOf(v, `${path}[${i}]`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => stringsOf(v, `${path}.${k}`));
  return [];
}

/** The `<!date>`-in-code rule over a rendered payload (a message, an ack body, a view). */
export function renderedDateInCodeFaults(payload: unknown): string[] {
  return stringsOf(payload).flatMap(({ path, text }) => (text.includes('<!date') ? dateInCodeFaults(text).map((f) => `${path}: ${f}`) : []));
}

/*
 * Labels concatenated in code (rule d): a label is a catalogue string ending in
 * ":" that the code glues to a value with `': '`, or a colon the code writes
 * between an interpolation and a value (`${tr('…')}: ${x}`), so the French gets no
 * U+202F and the label order cannot change. Checked on the literal pieces of
 * string and template literals: a piece that is only punctuation and contains
 * ": " or " : ", or a `+`-concatenated literal ending with ": ".
 */
export interface LiteralPiece {
  /** The literal text, without its quotes. */
  text: string;
  /** A template piece that follows an interpolation (`}…`). */
  afterExpr: boolean;
  /** A string literal that is an operand of `+`. */
  concatenated: boolean;
  line: number;
}

export function labelConcatFaults(pieces: readonly LiteralPiece[]): string[] {
  const faults: string[] = [];
  for (const p of pieces) {
    const t = p.text;
    const colonLabel = /(?:^|[^\s:])[\s\u00a0\u202f]*[:;][\s\u00a0\u202f]+$/.test(t) || /^[:;]$/.test(t.trim());
    // ": ", " : *", ": _": punctuation and markup only after the colon (the value comes next).
    const startsWithColon = /^[*_~]*[\s\u00a0\u202f]*[:;][\s\u00a0\u202f]+[^\p{L}\p{N}]*$/u.test(t);
    if (p.concatenated && (colonLabel || startsWithColon)) faults.push(`line ${p.line}: ${JSON.stringify(t)} concatenated with +`);
    else if (p.afterExpr && startsWithColon) faults.push(`line ${p.line}: ${JSON.stringify(t)} puts a colon after an interpolation`);
  }
  return faults;
}

import { describe, expect, it } from 'vitest';
import { dateInCodeFaults, frenchSpacingFaults, labelConcatFaults, pseudoPluralFaults, renderedDateInCodeFaults } from './rules.js';
import { literalPieces } from './source-scan.js';

/* Each guard of typography.test.ts, shown failing on a bad sample and passing on the good one. */
const N = '\u202f';

describe('rule a: French spacing', () => {
  it('refuses a plain space, a no-break space U+00A0 or no space before : ; ! ? and %', () => {
    for (const bad of ['Statut : ouvert', 'Statut\u00a0: ouvert', 'Statut: ouvert', 'Prêt ?', 'Merci!', 'a ; b', 'Réessayez;', '50 %', '50%'])
      expect(frenchSpacingFaults(bad), bad).not.toEqual([]);
  });
  it('refuses « » without U+202F inside', () => {
    expect(frenchSpacingFaults('« titre »')).toHaveLength(2);
    expect(frenchSpacingFaults('«titre»')).toHaveLength(2);
    expect(frenchSpacingFaults(`«${N}titre »`)).toHaveLength(1);
  });
  it('accepts U+202F, and ignores code, placeholders, links, emoji shortcodes and clock times', () => {
    for (const good of [
      `Statut${N}: ouvert`,
      `Prêt${N}?`,
      `Quoi${N}?!`,
      `50${N}%`,
      `{share}${N}%`,
      `«${N}{title}${N}»`,
      `Écrivez \`customer:Acme\` ou \`/insight ?\``,
      `Voir <https://example.com/a?b=c|le lien> :white_check_mark:`,
      'Plan de https://example.com:8080/x?y=1',
      'Réunion à 9:30',
      `{count, plural, one {# preuve${N}: {list}} other {# preuves${N}: {list}}}`,
    ])
      expect(frenchSpacingFaults(good), good).toEqual([]);
  });
  it('still checks the text of plural forms', () => {
    expect(frenchSpacingFaults('{count, plural, one {# preuve : x} other {# preuves : x}}')).toHaveLength(2);
  });
  it('checks the character next to a placeholder', () => {
    expect(frenchSpacingFaults('{when}: ouvert')).toHaveLength(1);
    expect(frenchSpacingFaults(`{when}${N}: ouvert`)).toEqual([]);
  });
});

describe('rule b: pseudo-plurals', () => {
  it('refuses (s), (x), (e) and (es) in either language', () => {
    for (const bad of ['1 insight(s)', 'nouveau(x) pitch', 'ouvert(e)', 'livré(e)s', 'pitch(es)']) expect(pseudoPluralFaults(bad), bad).toHaveLength(1);
  });
  it('accepts real plurals and parentheses that are not plural marks', () => {
    for (const good of ['{count, plural, one {# insight} other {# insights}}', 'Sources (e.g. call)', '(s)ome', 'option (x) ', 'Acme (ARR 120 k€)'])
      expect(pseudoPluralFaults(good), good).toEqual([]);
  });
});

describe('rule c: no <!date> inside code', () => {
  const token = '<!date^1764590400^{date_short_pretty} {time}|Tue 1 Dec 09:00>';
  it('refuses a token inside backticks, in a catalogue string or a rendered payload', () => {
    expect(dateInCodeFaults(`\`${token}\` · Pitch`)).toHaveLength(1);
    expect(dateInCodeFaults('*#1* `{when}` · Pitch')).toHaveLength(1);
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: `\`${token}\` · @Léa` } }, { type: 'context', elements: [{ type: 'mrkdwn', text: `ok ${token}` }] }];
    expect(renderedDateInCodeFaults({ text: 'x', blocks })).toEqual([expect.stringContaining('$.blocks[0].text.text')]);
  });
  it('accepts a token in bold or plain text, and code without dates', () => {
    expect(dateInCodeFaults(`*${token}* · \`/agenda signup\``)).toEqual([]);
    expect(dateInCodeFaults('`/cadence skip <ritual> {date}`')).toEqual([]);
    expect(renderedDateInCodeFaults({ blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `*${token}*` } }] })).toEqual([]);
  });
});

describe('rule d: labels concatenated in code', () => {
  const scan = (code: string) => labelConcatFaults(literalPieces('x.ts', code));
  it('refuses ": " glued after an interpolation or with +', () => {
    expect(scan("const a = `${tr('opp.field.status')}: *${status}*`;")).toHaveLength(1);
    expect(scan("const a = tr('insight.field.weight') + ': ' + weight;")).toHaveLength(1);
    expect(scan("const a = label + ' : ' + value;")).toHaveLength(1);
    expect(scan("const a = 'Statut: ' + value;")).toHaveLength(1);
    expect(scan("const a = `${label}\\u202f: ${value}`;")).toHaveLength(1);
  });
  it('accepts keys, clock times, ternaries and text only operators read', () => {
    expect(scan("const k = `${ritual}:${date}`; const t = `${h}:${m}`; const s = ok ? 'a' : 'b';")).toEqual([]);
    expect(scan("ctx.logger.info(`job ${name}: ${summary}`); throw new ConfigError(`${source}: ${p}`);")).toEqual([]);
    expect(scan("return { summary: `${n} posted; ${m} pending` };")).toEqual([]);
    expect(scan("const a = tr('opp.status.line', { status });")).toEqual([]);
  });
});

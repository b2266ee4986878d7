import { describe, expect, it } from 'vitest';
import { csvField, parseCsv, writeCsv, writeJson } from '../../src/export/csv.js';

describe('CSV (RFC 4180)', () => {
  it('quotes only what needs quoting and doubles quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('line\nbreak')).toBe('"line\nbreak"');
    expect(csvField(null)).toBe('');
    expect(csvField(['x', 'y'])).toBe('"[""x"",""y""]"');
    expect(csvField(new Date('2026-01-02T03:04:05Z'))).toBe('2026-01-02T03:04:05.000Z');
  });

  it('round-trips awkward text through a parser', () => {
    const rows = [
      { id: 1, text: 'Checkout "hangs", then\r\nfails', tags: ['a,b', 'c'] },
      { id: 2, text: '', tags: [] },
      { id: 3, text: 'ünïcödé — ok 🙂', tags: null },
    ];
    let out = '';
    const n = writeCsv(['id', 'text', 'tags'], rows, (c) => (out += c));
    expect(n).toBe(3);
    expect(out.endsWith('\r\n')).toBe(true);
    expect(parseCsv(out)).toEqual([
      ['id', 'text', 'tags'],
      ['1', 'Checkout "hangs", then\r\nfails', '["a,b","c"]'],
      ['2', '', '[]'],
      ['3', 'ünïcödé — ok 🙂', ''],
    ]);
  });

  it('writes valid JSON for zero and many rows, in column order', () => {
    let empty = '';
    writeJson(['a'], [], (c) => (empty += c));
    expect(JSON.parse(empty)).toEqual([]);
    let out = '';
    writeJson(['b', 'a'], [{ a: 1, b: 2 }, { a: 3 }], (c) => (out += c));
    expect(JSON.parse(out)).toEqual([{ b: 2, a: 1 }, { b: null, a: 3 }]);
    expect(Object.keys(JSON.parse(out)[0])).toEqual(['b', 'a']);
  });

  it('rejects an unterminated quoted field when parsing', () => {
    expect(() => parseCsv('"open')).toThrow(/unterminated/);
  });
});

/**
 * RFC 4180 CSV: fields with a comma, quote, CR or LF are quoted, quotes are
 * doubled, records end with CRLF. Values are rendered so a spreadsheet or any
 * CSV parser gets the text back unchanged.
 */
export function csvField(value: unknown): string {
  const text = renderValue(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function renderValue(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  // Lists and objects (tags, initiatives, history) travel as JSON inside one field.
  return JSON.stringify(value);
}

export function csvRecord(values: readonly unknown[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

/** Streams records to `write` without building the whole file in memory. */
export function writeCsv(columns: readonly string[], rows: Iterable<Record<string, unknown>>, write: (chunk: string) => void): number {
  write(csvRecord(columns));
  let n = 0;
  for (const row of rows) {
    write(csvRecord(columns.map((c) => row[c])));
    n++;
  }
  return n;
}

/** A JSON array, one record per line, streamed. */
export function writeJson(columns: readonly string[], rows: Iterable<Record<string, unknown>>, write: (chunk: string) => void): number {
  write('[');
  let n = 0;
  for (const row of rows) {
    const ordered: Record<string, unknown> = {};
    for (const c of columns) ordered[c] = row[c] ?? null;
    write(`${n === 0 ? '\n' : ',\n'}${JSON.stringify(ordered)}`);
    n++;
  }
  write(n === 0 ? ']\n' : '\n]\n');
  return n;
}

/** Parses RFC 4180 text (used by tests and by anyone re-importing an export). */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      field += ch;
      i++;
      continue;
    }
    if (ch === '"' && field === '') {
      quoted = true;
      i++;
    } else if (ch === ',') {
      record.push(field);
      field = '';
      i++;
    } else if (ch === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i += 2;
    } else if (ch === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i++;
    } else {
      field += ch;
      i++;
    }
  }
  if (quoted) throw new Error('CSV: unterminated quoted field');
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
}

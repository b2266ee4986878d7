/** Human formatting for the Markdown report; the JSON keeps raw numbers. */

export function formatRatio(r: number | null): string {
  if (r === null || !Number.isFinite(r)) return 'n/a';
  return `${r < 10 ? r.toFixed(2) : r.toFixed(1)}×`;
}

/** Milliseconds with a precision that suits the magnitude; sub-millisecond values in µs. */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return 'n/a';
  if (ms < 1) return `${(ms * 1000).toFixed(ms < 0.01 ? 2 : 1)} µs`;
  if (ms < 10) return `${ms.toFixed(2)} ms`;
  if (ms < 1000) return `${ms.toFixed(1)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}

export type Unit = 'ms' | 'req/s' | 'MB' | 'rows/s';

export function formatValue(value: number, unit: Unit): string {
  if (!Number.isFinite(value)) return 'n/a';
  switch (unit) {
    case 'ms':
      return formatMs(value);
    case 'req/s':
      return `${Math.round(value).toLocaleString('en-US')} req/s`;
    case 'rows/s':
      return `${Math.round(value).toLocaleString('en-US')} rows/s`;
    case 'MB':
      return `${value.toFixed(1)} MB`;
  }
}

export function formatInt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

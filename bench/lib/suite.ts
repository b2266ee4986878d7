import type { Figure } from './report.js';

/** What every suite receives from the runner. */
export interface SuiteContext {
  /** Fewer requests and rows: for development, never for the committed report. */
  quick: boolean;
  /** The package root (package.json, migrations/, dist/). */
  root: string;
  /** Progress lines on stderr, so a 10-minute run is not silent. */
  log(message: string): void;
  /** A fresh directory, removed when the run ends. */
  tempDir(label: string): string;
}

export interface SuiteOutput {
  figures: Figure[];
  notes?: string[];
  /** Prose sections after the figures (e.g. "Scale on paper"): a heading and its paragraphs (Markdown). */
  sections?: { title: string; paragraphs: string[] }[];
  details?: unknown;
}

/**
 * A benchmark module: `bench/suites/<name>.ts` exporting `suite`. The runner
 * finds every file in that folder, so a feature adds its benchmark by adding a file.
 */
export interface BenchSuite {
  name: string;
  title: string;
  /** Suites run in ascending order (then by name); footprint-sensitive ones first. */
  order: number;
  run(ctx: SuiteContext): Promise<SuiteOutput>;
}

export function isBenchSuite(value: unknown): value is BenchSuite {
  if (!value || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  return typeof v.name === 'string' && typeof v.title === 'string' && typeof v.order === 'number' && typeof v.run === 'function';
}

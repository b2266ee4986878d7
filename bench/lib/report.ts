import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatInt, formatMs, formatRatio, formatValue, type Unit } from './format.js';
import type { GitInfo, MachineInfo } from './machine.js';
import { ratio } from './timer.js';

/**
 * One number in the report, always next to what it is compared with: the bare
 * Bolt app, hand-written SQL, or another honest baseline measured in the same run.
 */
export interface Figure {
  name: string;
  unit: Unit;
  /** 'lower' for latencies, durations and memory; 'higher' for throughput. */
  better: 'lower' | 'higher';
  value: number;
  baseline: { label: string; value: number };
  /** value ÷ baseline.value; null when the baseline is zero. */
  ratio: number | null;
  /** A goal from the issues, e.g. "p99 ≤ 1.5× the bare app", and whether this run met it. */
  target?: { text: string; met: boolean };
}

export interface FigureInput {
  name: string;
  unit: Unit;
  better?: 'lower' | 'higher';
  value: number;
  baseline: { label: string; value: number };
  /** A goal on the ratio (e.g. 1.5 for "within 1.5× of the baseline"). */
  maxRatio?: number;
  /** A goal on the ratio from below (e.g. 0.5 for "at least half the baseline's throughput"). */
  minRatio?: number;
  /** A goal on the value itself, in the figure's unit (e.g. 3000 ms). */
  maxValue?: number;
  targetText?: string;
}

export function figure(input: FigureInput): Figure {
  const r = ratio(input.value, input.baseline.value);
  const out: Figure = {
    name: input.name,
    unit: input.unit,
    better: input.better ?? (input.unit === 'req/s' || input.unit === 'rows/s' ? 'higher' : 'lower'),
    value: input.value,
    baseline: input.baseline,
    ratio: Number.isNaN(r) ? null : r,
  };
  if (input.maxRatio !== undefined || input.minRatio !== undefined || input.maxValue !== undefined) {
    const okRatio =
      (input.maxRatio === undefined || (out.ratio !== null && out.ratio <= input.maxRatio)) &&
      (input.minRatio === undefined || (out.ratio !== null && out.ratio >= input.minRatio));
    const okValue = input.maxValue === undefined || input.value <= input.maxValue;
    const parts: string[] = [];
    if (input.maxRatio !== undefined) parts.push(`≤ ${input.maxRatio}× baseline`);
    if (input.minRatio !== undefined) parts.push(`≥ ${input.minRatio}× baseline`);
    if (input.maxValue !== undefined) parts.push(`≤ ${formatValue(input.maxValue, input.unit)}`);
    out.target = { text: input.targetText ?? parts.join(', '), met: okRatio && okValue };
  }
  return out;
}

export interface SuiteResult {
  name: string;
  title: string;
  /** What was measured and how, in a few lines (Markdown). */
  notes: string[];
  figures: Figure[];
  durationMs: number;
  /** Set when the suite threw: the report says so instead of silently lacking figures. */
  error?: string;
  /** Raw data kept in the JSON only (full latency summaries, run parameters). */
  details?: unknown;
  /** Prose sections rendered after the figures. */
  sections?: { title: string; paragraphs: string[] }[];
}

export interface Report {
  title: string;
  /** ISO-8601 UTC. */
  date: string;
  machine: MachineInfo;
  node: string;
  git: GitInfo;
  options: { quick: boolean; only: string[] };
  /** 1, 5 and 15-minute load averages when the run started and ended: other processes make figures noisier. */
  loadAverage: { start: number[]; end: number[] };
  durationMs: number;
  suites: SuiteResult[];
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function figureRow(f: Figure): string {
  const target = f.target ? `${f.target.met ? 'met' : '**missed**'}: ${f.target.text}` : '';
  return `| ${escapeCell(f.name)} | ${formatValue(f.value, f.unit)} | ${escapeCell(f.baseline.label)}: ${formatValue(f.baseline.value, f.unit)} | ${formatRatio(f.ratio)} | ${escapeCell(target)} |`;
}

export function renderMarkdown(report: Report): string {
  const m = report.machine;
  const lines: string[] = [
    `# ${report.title}`,
    '',
    `- Date: ${report.date}`,
    `- Machine: ${m.cpuModel}, ${m.cores} cores, ${m.memoryGiB.toFixed(1)} GiB RAM, ${m.platform} ${m.release} (${m.arch})`,
    `- Node: ${report.node}`,
    `- Commit: ${report.git.commit}${report.git.dirty ? ' (with uncommitted changes)' : ''}`,
    `- Mode: ${report.options.quick ? 'quick (fewer requests: for development, not for judging)' : 'full'}` +
      (report.options.only.length ? `; only ${report.options.only.join(', ')}` : ''),
    `- Load average (1, 5, 15 min): ${report.loadAverage.start.map((l) => l.toFixed(2)).join(', ')} at start, ${report.loadAverage.end.map((l) => l.toFixed(2)).join(', ')} at end` +
      (Math.max(...report.loadAverage.start, ...report.loadAverage.end) > report.machine.cores * 0.5 ? ' (other processes were busy: expect noisier figures than on an idle machine)' : ''),
    `- Total duration: ${formatMs(report.durationMs)}`,
    '',
    'Ratio = value ÷ baseline, both measured in the same run on the same machine. For latencies, durations and memory, lower is better (1.00× = as fast as the baseline); for throughput, higher is better.',
    '',
  ];
  const missed = report.suites.flatMap((s) => s.figures.filter((f) => f.target && !f.target.met).map((f) => `${s.name}: ${f.name}`));
  const failed = report.suites.filter((s) => s.error !== undefined).map((s) => s.name);
  if (failed.length) lines.push(`**Failed suites:** ${failed.join(', ')}`, '');
  if (missed.length) lines.push(`**Targets missed:** ${missed.join('; ')}`, '');
  for (const s of report.suites) {
    lines.push(`## ${s.title} (\`${s.name}\`, ${formatMs(s.durationMs)})`, '');
    if (s.error !== undefined) lines.push(`**This suite failed:** ${escapeCell(s.error)}`, '');
    for (const note of s.notes) lines.push(note);
    if (s.notes.length) lines.push('');
    if (s.figures.length) {
      lines.push('| figure | value | baseline | ratio | target |', '|---|---:|---|---:|---|');
      for (const f of s.figures) lines.push(figureRow(f));
      lines.push('');
    }
    for (const section of s.sections ?? []) {
      lines.push(`### ${section.title}`, '');
      for (const p of section.paragraphs) lines.push(p, '');
    }
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

export function writeReport(dir: string, basename: string, report: Report): { markdown: string; json: string } {
  mkdirSync(dir, { recursive: true });
  const markdown = join(dir, `${basename}.md`);
  const json = join(dir, `${basename}.json`);
  writeFileSync(markdown, renderMarkdown(report));
  writeFileSync(json, `${JSON.stringify(report, roundForJson, 2)}\n`);
  return { markdown, json };
}

/** Four significant decimals are plenty for ms figures and keep the committed JSON small and diffable. */
function roundForJson(_key: string, value: unknown): unknown {
  if (typeof value === 'number' && !Number.isInteger(value) && Number.isFinite(value)) return Number(value.toFixed(4));
  return value;
}

export { formatInt };

// `npm run bench`: runs every suite in bench/suites/ and writes the report to
// bench/results/ (Markdown for people, JSON for tools). Options:
//   --only <suite>[,<suite>]  run some suites (repeatable); the report is then partial
//   --quick                   fewer requests and rows: for development, never committed
//   --list                    list the suites and exit
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { packageRoot } from '../src/paths.js';
import { formatMs } from './lib/format.js';
import { gitInfo, machineInfo } from './lib/machine.js';
import { writeReport, type Report, type SuiteResult } from './lib/report.js';
import { isBenchSuite, type BenchSuite } from './lib/suite.js';
import { parseArgs, UsageError } from './lib/args.js';

/** The budget for the whole run on the 2-core development machine. */
const BUDGET_MS = 10 * 60_000;

async function loadSuites(): Promise<BenchSuite[]> {
  const dir = join(dirname(fileURLToPath(import.meta.url)), 'suites');
  const files = readdirSync(dir).filter((f) => f.endsWith('.js')).sort();
  const suites: BenchSuite[] = [];
  for (const file of files) {
    const mod: unknown = await import(pathToFileURL(join(dir, file)).href);
    const candidate = mod && typeof mod === 'object' && 'suite' in mod ? mod.suite : undefined;
    if (!isBenchSuite(candidate)) throw new Error(`bench/suites/${file} must export \`suite\`: { name, title, order, run(ctx) }`);
    suites.push(candidate);
  }
  const names = new Set<string>();
  for (const s of suites) {
    if (names.has(s.name)) throw new Error(`two suites are named ${s.name}`);
    names.add(s.name);
  }
  return suites.sort((a, b) => a.order - b.order || a.name.localeCompare(b.name));
}

async function main(argv: readonly string[]): Promise<number> {
  let args;
  try {
    args = parseArgs(argv);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`${err.message}\nusage: npm run bench -- [--quick] [--only <suite>[,<suite>]] [--list]\n`);
      return 2;
    }
    throw err;
  }
  const all = await loadSuites();
  if (args.list) {
    for (const s of all) process.stdout.write(`${s.name}\t${s.title}\n`);
    return 0;
  }
  const unknown = args.only.filter((n) => !all.some((s) => s.name === n));
  if (unknown.length) {
    process.stderr.write(`unknown suite(s): ${unknown.join(', ')}; known: ${all.map((s) => s.name).join(', ')}\n`);
    return 2;
  }
  const selected = args.only.length ? all.filter((s) => args.only.includes(s.name)) : all;
  const root = packageRoot();
  const scratch = mkdtempSync(join(tmpdir(), 'cadence-bench-'));
  let dirs = 0;
  const log = (m: string) => process.stderr.write(`[bench] ${m}\n`);
  const startedAt = new Date();
  const loadAtStart = loadavg();
  const t0 = performance.now();
  const results: SuiteResult[] = [];
  try {
    for (const s of selected) {
      log(`${s.name}: ${s.title}`);
      const st = performance.now();
      try {
        const out = await s.run({
          quick: args.quick,
          root,
          log: (m) => log(`  ${s.name}: ${m}`),
          tempDir: (label) => {
            dirs += 1;
            const d = join(scratch, `${String(dirs).padStart(3, '0')}-${label}`);
            return mkdtempSync(`${d}-`);
          },
        });
        results.push({ name: s.name, title: s.title, notes: out.notes ?? [], figures: out.figures, durationMs: performance.now() - st, details: out.details, ...(out.sections ? { sections: out.sections } : {}) });
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        log(`${s.name} FAILED: ${err instanceof Error ? (err.stack ?? message) : message}`);
        results.push({ name: s.name, title: s.title, notes: [], figures: [], durationMs: performance.now() - st, error: message });
      }
      log(`${s.name}: done in ${formatMs(performance.now() - st)}`);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  const report: Report = {
    title: 'Cadence benchmarks',
    date: startedAt.toISOString(),
    machine: machineInfo(),
    node: process.version,
    git: gitInfo(root),
    options: { quick: args.quick, only: args.only },
    loadAverage: { start: loadAtStart, end: loadavg() },
    durationMs: performance.now() - t0,
    suites: results,
  };
  // Only a full run replaces the committed report; quick or partial runs go to a git-ignored file.
  const full = !args.quick && args.only.length === 0;
  const written = writeReport(join(root, 'bench', 'results'), full ? 'latest' : 'partial', report);
  log(`report: ${written.markdown} and ${written.json} (${formatMs(report.durationMs)})`);
  if (report.durationMs > BUDGET_MS) log(`WARNING: the run took longer than the ${formatMs(BUDGET_MS)} budget`);
  return results.some((r) => r.error !== undefined) ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);

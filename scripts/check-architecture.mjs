#!/usr/bin/env node
/**
 * Checks the house rules (.dependency-cruiser.cjs) and that no two folders of
 * src/ depend on each other through a cycle. Exits 1 with one line per
 * violation. Run from the repository root (or any copy of it: the test in
 * test/architecture/ runs it on a copy with a deliberate violation).
 *
 *   node scripts/check-architecture.mjs [--json]
 */
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { cruise } from 'dependency-cruiser';

const root = process.cwd();
const require = createRequire(resolve(root, 'package.json'));
const config = require(resolve(root, '.dependency-cruiser.cjs'));

/** The unit a file belongs to for the cycle rule: its top folder, declarations and root helpers counting as core. */
export function unitOf(path, layers) {
  if (new RegExp(layers.DECLARATION).test(path)) return 'core';
  if (new RegExp(layers.CORE).test(path)) return 'core';
  if (new RegExp(layers.COMPOSITION).test(path)) return 'composition';
  const m = /^src\/([^/]+)\//.exec(path);
  return m ? m[1] : 'composition';
}

/** Cycles between units, each as a list of units (first repeated at the end), found with Tarjan's strongly connected components. */
export function folderCycles(edges) {
  const graph = new Map();
  for (const [a, b] of edges) {
    if (a === b) continue;
    if (!graph.has(a)) graph.set(a, new Set());
    if (!graph.has(b)) graph.set(b, new Set());
    graph.get(a).add(b);
  }
  let index = 0;
  const idx = new Map(), low = new Map(), stack = [], on = new Set(), sccs = [];
  const visit = (v) => {
    idx.set(v, index); low.set(v, index); index++; stack.push(v); on.add(v);
    for (const w of graph.get(v)) {
      if (!idx.has(w)) { visit(w); low.set(v, Math.min(low.get(v), low.get(w))); }
      else if (on.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)));
    }
    if (low.get(v) === idx.get(v)) {
      const scc = [];
      let w;
      do { w = stack.pop(); on.delete(w); scc.push(w); } while (w !== v);
      if (scc.length > 1) sccs.push(scc.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!idx.has(v)) visit(v);
  return sccs;
}

/** The shortest cycle inside one strongly connected set, as [a, b, …, a]. */
export function shortestCycle(members, edges) {
  const inside = new Set(members);
  const next = new Map(members.map((m) => [m, [...new Set(edges.filter(([a, b]) => a === m && inside.has(b) && a !== b).map(([, b]) => b))].sort()]));
  let best;
  for (const start of [...members].sort()) {
    const prev = new Map([[start, null]]);
    const queue = [start];
    let found;
    while (queue.length && !found) {
      const v = queue.shift();
      for (const w of next.get(v)) {
        if (w === start) { found = v; break; }
        if (!prev.has(w)) { prev.set(w, v); queue.push(w); }
      }
    }
    if (found === undefined) continue;
    const path = [start];
    for (let v = found; v !== start; v = prev.get(v)) path.splice(1, 0, v);
    path.push(start);
    if (!best || path.length < best.length) best = path;
  }
  return best ?? [...members, members[0]];
}

const result = await cruise(['src'], { ...config.options, ruleSet: { forbidden: config.forbidden }, validate: true });
const output = result.output;
const problems = [];
for (const v of output.summary.violations) {
  problems.push(`${v.rule.name}: ${v.from} → ${v.to}`);
}
const edges = [];
const examples = new Map();
for (const mod of output.modules) {
  if (!mod.source.startsWith('src/')) continue;
  for (const dep of mod.dependencies) {
    if (!dep.resolved.startsWith('src/')) continue;
    const a = unitOf(mod.source, config.layers);
    const b = unitOf(dep.resolved, config.layers);
    if (a === b) continue;
    edges.push([a, b]);
    const key = `${a}→${b}`;
    if (!examples.has(key)) examples.set(key, `${mod.source} → ${dep.resolved}`);
  }
}
for (const scc of folderCycles(edges)) {
  // The whole knot can be large: name its shortest cycle, with one import per step, to start untying it.
  const cycle = shortestCycle(scc, edges);
  const steps = cycle.slice(1).map((b, i) => examples.get(`${cycle[i]}→${b}`));
  problems.push(`folder-cycle: ${cycle.join(' → ')} (${steps.join('; ')})${scc.length > cycle.length - 1 ? ` — all of ${scc.join(', ')} are tied together` : ''}`);
}
if (process.argv.includes('--json')) {
  process.stdout.write(`${JSON.stringify({ problems, modules: output.modules.length }, null, 2)}\n`);
} else if (problems.length === 0) {
  process.stdout.write(`architecture: ${output.modules.filter((m) => m.source.startsWith('src/')).length} modules, no violation\n`);
} else {
  process.stderr.write(`architecture: ${problems.length} violation(s) — see docs/architecture.md\n${problems.map((p) => `  ${p}`).join('\n')}\n`);
}
process.exitCode = problems.length === 0 ? 0 : 1;

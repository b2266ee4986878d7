import { describe, expect, it } from 'vitest';
import { formatMs, formatRatio, formatValue } from '../../bench/lib/format.js';
import { figure, renderMarkdown, type Report } from '../../bench/lib/report.js';

function report(overrides: Partial<Report> = {}): Report {
  return {
    title: 'Cadence benchmarks',
    date: '2026-01-05T09:00:00.000Z',
    machine: { cpuModel: 'AMD EPYC', cores: 2, memoryGiB: 23.5, platform: 'linux', release: '6.1', arch: 'x64' },
    node: 'v20.20.2',
    git: { commit: 'abc123', dirty: false },
    options: { quick: false, only: [] },
    loadAverage: { start: [0.1, 0.2, 0.3], end: [0.4, 0.5, 0.6] },
    durationMs: 65_000,
    suites: [
      {
        name: 'ack-latency',
        title: 'Acknowledgement latency',
        notes: ['How it was measured.'],
        durationMs: 30_000,
        figures: [
          figure({ name: '/cadence help: p99', unit: 'ms', value: 6, baseline: { label: 'bare Bolt', value: 4 }, maxRatio: 1.5, maxValue: 3000 }),
          figure({ name: 'throughput', unit: 'req/s', value: 3000, baseline: { label: 'bare | Bolt', value: 4000 } }),
        ],
      },
    ],
    ...overrides,
  };
}

describe('figures', () => {
  it('carry the ratio to their baseline and whether the target was met', () => {
    const f = figure({ name: 'p99', unit: 'ms', value: 6, baseline: { label: 'bare', value: 4 }, maxRatio: 1.5 });
    expect(f.ratio).toBe(1.5);
    expect(f.better).toBe('lower');
    expect(f.target).toEqual({ text: '≤ 1.5× baseline', met: true });
    expect(figure({ name: 'p99', unit: 'ms', value: 6.1, baseline: { label: 'bare', value: 4 }, maxRatio: 1.5 }).target?.met).toBe(false);
  });

  it('a value target and a ratio target must both hold', () => {
    const f = figure({ name: 'p99', unit: 'ms', value: 3500, baseline: { label: 'bare', value: 3000 }, maxRatio: 1.5, maxValue: 3000 });
    expect(f.target?.met).toBe(false);
    expect(f.target?.text).toBe('≤ 1.5× baseline, ≤ 3.00 s');
  });

  it('a zero baseline gives no ratio (and a ratio target is then missed), throughput is higher-is-better', () => {
    const f = figure({ name: 'x', unit: 'req/s', value: 10, baseline: { label: 'none', value: 0 }, maxRatio: 2 });
    expect(f.ratio).toBeNull();
    expect(f.better).toBe('higher');
    expect(f.target?.met).toBe(false);
    expect(figure({ name: 'x', unit: 'ms', value: 1, baseline: { label: 'b', value: 1 } }).target).toBeUndefined();
  });
});

describe('formatting', () => {
  it('formats ratios and durations at a sensible precision', () => {
    expect(formatRatio(1.2345)).toBe('1.23×');
    expect(formatRatio(24.31)).toBe('24.3×');
    expect(formatRatio(null)).toBe('n/a');
    expect(formatRatio(Number.NaN)).toBe('n/a');
    expect(formatMs(0.00262)).toBe('2.62 µs');
    expect(formatMs(0.5)).toBe('500.0 µs');
    expect(formatMs(3.456)).toBe('3.46 ms');
    expect(formatMs(45.67)).toBe('45.7 ms');
    expect(formatMs(65_000)).toBe('65.00 s');
    expect(formatValue(2756.4, 'req/s')).toBe('2,756 req/s');
    expect(formatValue(99.04, 'MB')).toBe('99.0 MB');
  });
});

describe('renderMarkdown', () => {
  it('states the machine, Node, commit, date, load and mode, and each figure with baseline, ratio and target', () => {
    const md = renderMarkdown(report());
    expect(md).toContain('- Machine: AMD EPYC, 2 cores, 23.5 GiB RAM, linux 6.1 (x64)');
    expect(md).toContain('- Node: v20.20.2');
    expect(md).toContain('- Commit: abc123\n');
    expect(md).toContain('- Date: 2026-01-05T09:00:00.000Z');
    expect(md).toContain('- Mode: full\n');
    expect(md).toContain('0.10, 0.20, 0.30 at start');
    expect(md).not.toContain('other processes were busy');
    expect(md).toContain('## Acknowledgement latency (`ack-latency`, 30.00 s)');
    expect(md).toContain('| /cadence help: p99 | 6.00 ms | bare Bolt: 4.00 ms | 1.50× | met: ≤ 1.5× baseline, ≤ 3.00 s |');
    // Pipes in labels must not break the table.
    expect(md).toContain('| throughput | 3,000 req/s | bare \\| Bolt: 4,000 req/s | 0.75× |  |');
    expect(md).not.toContain('Targets missed');
  });

  it('flags missed targets, failed suites, a dirty tree, a busy machine and a quick partial run at the top', () => {
    const latency = report().suites[0];
    if (!latency) throw new Error('the fixture has a suite');
    const failing = report({
      git: { commit: 'abc123', dirty: true },
      options: { quick: true, only: ['ack-latency'] },
      loadAverage: { start: [3, 2, 1], end: [3, 2, 1] },
      suites: [
        { ...latency, figures: [figure({ name: 'p99', unit: 'ms', value: 10, baseline: { label: 'bare', value: 4 }, maxRatio: 1.5 })] },
        { name: 'footprint', title: 'Footprint', notes: [], figures: [], durationMs: 5, error: 'the process exited early' },
      ],
    });
    const md = renderMarkdown(failing);
    expect(md).toContain('abc123 (with uncommitted changes)');
    expect(md).toContain('quick (fewer requests: for development, not for judging); only ack-latency');
    expect(md).toContain('other processes were busy');
    expect(md).toContain('**Failed suites:** footprint');
    expect(md).toContain('**Targets missed:** ack-latency: p99');
    expect(md).toContain('**This suite failed:** the process exited early');
    expect(md).toContain('| p99 | 10.0 ms | bare: 4.00 ms | 2.50× | **missed**: ≤ 1.5× baseline |');
  });
});

import { describe, expect, it } from 'vitest';
import { cycle, parseCycle, positionAt } from '../../src/roadmap/cycles.js';

const cfg = { start: '2026-01-05', cycleWeeks: 6, cyclesPerSemester: 4, bufferWeeks: 2 };
const PARIS = 'Europe/Paris';

describe('cycles (6 weeks from Monday 5 January 2026, 4 cycles + 2 weeks of buffer per semester, Paris)', () => {
  it('cycle 1 starts at local midnight on the start date; cycle 5 after the buffer, 26 weeks later', () => {
    const c1 = cycle(cfg, PARIS, 1);
    expect(c1.start.toISOString()).toBe('2026-01-04T23:00:00.000Z');
    expect([c1.firstDay, c1.lastDay, c1.semester]).toEqual(['2026-01-05', '2026-02-15', 1]);
    const c5 = cycle(cfg, PARIS, 5);
    expect([c5.firstDay, c5.semester]).toEqual(['2026-07-06', 2]);
    expect(() => cycle(cfg, PARIS, 0)).toThrow(RangeError);
  });

  it('starts at local midnight across the spring and autumn clock changes', () => {
    // Cycle 2 starts Monday 16 February (CET, UTC+1); cycle 3 Monday 30 March, the day after the change to CEST (UTC+2).
    expect(cycle(cfg, PARIS, 2).start.toISOString()).toBe('2026-02-15T23:00:00.000Z');
    expect(cycle(cfg, PARIS, 3).start.toISOString()).toBe('2026-03-29T22:00:00.000Z');
    // Cycle 7 (28 September) is in summer time, cycle 8 (9 November) in winter time again.
    expect(cycle(cfg, PARIS, 7).start.toISOString()).toBe('2026-09-27T22:00:00.000Z');
    expect(cycle(cfg, PARIS, 8).start.toISOString()).toBe('2026-11-08T23:00:00.000Z');
  });

  it('knows the current and next cycle, the buffer, the time before the start, and the semester start', () => {
    const midCycle2 = positionAt(cfg, PARIS, new Date('2026-03-01T12:00:00Z'));
    expect([midCycle2.current?.number, midCycle2.next.number]).toEqual([2, 3]);
    // Last minute of cycle 1 in Paris (Sunday 15 February 23:59 local) is still cycle 1.
    expect(positionAt(cfg, PARIS, new Date('2026-02-15T22:59:00Z')).current?.number).toBe(1);
    expect(positionAt(cfg, PARIS, new Date('2026-02-15T23:00:00Z')).current?.number).toBe(2);
    // 22 June 2026 is in the buffer after cycle 4: no current cycle, cycle 5 next.
    const buffer = positionAt(cfg, PARIS, new Date('2026-06-25T10:00:00Z'));
    expect(buffer.current).toBeUndefined();
    expect(buffer.next.number).toBe(5);
    const before = positionAt(cfg, PARIS, new Date('2025-12-01T10:00:00Z'));
    expect([before.current, before.next.number]).toEqual([undefined, 1]);
    expect(positionAt(cfg, PARIS, new Date('2026-11-23T10:00:00Z')).semesterStart.toISOString()).toBe('2026-07-05T22:00:00.000Z');
  });

  it('parses now, next, c8 and 8; refuses unknown, past and far cycles, and now during a buffer', () => {
    const at = new Date('2026-11-23T10:00:00Z'); // cycle 8
    const n = (input: string) => {
      const r = parseCycle(cfg, PARIS, input, at);
      return 'cycle' in r ? r.cycle.number : r.problem;
    };
    expect([n('now'), n('next'), n('c8'), n('C9'), n('10')]).toEqual([8, 9, 8, 9, 10]);
    expect([n('c0'), n('soon'), n('8.5'), n('')]).toEqual(['unknown', 'unknown', 'unknown', 'unknown']);
    expect(n('c7')).toBe('past');
    expect(n('c40')).toBe('tooFar');
    expect('problem' in parseCycle(cfg, PARIS, 'now', new Date('2026-06-25T10:00:00Z')) ? 'noCurrent' : 'ok').toBe('noCurrent');
  });

  it('follows another time zone and cycle length', () => {
    const ny = { ...cfg, cycleWeeks: 2, cyclesPerSemester: 12, bufferWeeks: 2, start: '2026-03-02' };
    const pos = positionAt(ny, 'America/New_York', new Date('2026-03-16T03:59:00Z')); // Sunday 15 March 23:59 EDT
    expect(pos.current?.number).toBe(1);
    expect(positionAt(ny, 'America/New_York', new Date('2026-03-16T04:00:00Z')).current?.number).toBe(2);
  });
});

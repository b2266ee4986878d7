import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../bench/lib/args.js';

describe('bench arguments', () => {
  it('defaults to a full run of every suite', () => {
    expect(parseArgs([])).toEqual({ quick: false, list: false, only: [] });
  });

  it('reads --quick, --list and --only in its forms, without duplicates', () => {
    expect(parseArgs(['--quick', '--only', 'ack-latency,footprint', '--only=footprint', '--list'])).toEqual({
      quick: true,
      list: true,
      only: ['ack-latency', 'footprint'],
    });
  });

  it('refuses --only without a name and unknown options, saying what is wrong', () => {
    expect(() => parseArgs(['--only'])).toThrow('--only needs a suite name');
    expect(() => parseArgs(['--only', '--quick'])).toThrow('--only needs a suite name');
    expect(() => parseArgs(['--only='])).toThrow('--only needs a suite name');
    expect(() => parseArgs(['--fast'])).toThrow('unknown option "--fast"');
  });
});

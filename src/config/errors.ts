import type { z } from 'zod';

/**
 * Turns zod issues into lines an operator can act on: the exact key, what is
 * expected, what was found. Never a raw zod dump.
 */
export function formatIssues(issues: readonly z.core.$ZodIssue[], prefix = ''): string[] {
  return issues.map((issue) => {
    const key = keyPath(issue.path, prefix);
    return `${key || '(top level)'}: ${describeIssue(issue)}`;
  });
}

export function keyPath(path: readonly PropertyKey[], prefix = ''): string {
  let out = prefix;
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}

function shown(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${String(value)}`;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const input = 'input' in issue ? issue.input : undefined;
  switch (issue.code) {
    case 'invalid_type':
      if (input === undefined) return `is required (expected ${issue.expected})`;
      return `expected ${issue.expected}, got ${shown(input)}`;
    case 'invalid_value':
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, got ${shown(input)}`;
    case 'unrecognized_keys':
      return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => JSON.stringify(k)).join(', ')} (check the spelling against cadence.example.yml)`;
    case 'invalid_format':
    case 'custom':
      return `${issue.message}${input !== undefined && typeof input !== 'object' ? `, got ${shown(input)}` : ''}`;
    case 'too_small':
    case 'too_big':
      return `${issue.message}${input !== undefined && typeof input !== 'object' ? `, got ${shown(input)}` : ''}`;
    default:
      return issue.message;
  }
}

/** A configuration problem: each line names the exact key and what is expected. */
export class ConfigError extends Error {
  constructor(
    readonly problems: string[],
    readonly hint?: string,
  ) {
    super(`${problems.join('\n')}${hint ? `\n\n${hint}` : ''}`);
    this.name = 'ConfigError';
  }
}

// Checks every Web API call against Slack's published method list
// (slack-methods.generated.ts, generated from the OpenAPI spec): the method must
// exist, its required arguments must be there, and an argument name Slack does
// not know is reported — a typo ('thread-ts', 'messageTs') is silently ignored by
// Slack and then the feature quietly misbehaves, so the stand-in refuses it.

import { SLACK_METHODS } from './slack-methods.generated.js';

/**
 * Arguments Slack added after its last generated spec (2020), from the method
 * reference pages on api.slack.com, plus `team_id` which Bolt adds to calls
 * made for org-wide installs.
 */
const LATER_ARGUMENTS: Readonly<Record<string, readonly string[]>> = {
  'chat.postMessage': ['metadata'],
  'chat.postEphemeral': [],
  'chat.update': ['metadata', 'reply_broadcast', 'file_ids'],
  'chat.scheduleMessage': ['metadata', 'reply_broadcast'],
  'conversations.open': ['prevent_creation'],
};
const ALWAYS_ALLOWED = new Set(['token', 'team_id']);

/**
 * What Slack answers when one of these required arguments is missing; the others
 * get `invalid_arguments` with a "missing required field" line.
 */
const MISSING_ERRORS: Readonly<Record<string, string>> = {
  channel: 'channel_not_found',
  user: 'user_not_found',
  ts: 'message_not_found',
  message_ts: 'message_not_found',
  timestamp: 'message_not_found',
};

export type ArgumentVerdict =
  | { ok: true }
  | { ok: false; error: 'unknown_method' }
  | { ok: false; error: string; problems: string[] };

export function isKnownMethod(method: string): boolean {
  return Object.hasOwn(SLACK_METHODS, method);
}

function present(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '';
}

/** The verdict on one call's arguments (the token already removed or not: it is allowed). */
export function checkArguments(method: string, args: Readonly<Record<string, unknown>>): ArgumentVerdict {
  const entry = SLACK_METHODS[method];
  if (entry === undefined) return { ok: false, error: 'unknown_method' };
  const [required, optional] = entry;
  const missing = required.filter((name) => !present(args[name]));
  const first = missing[0];
  if (first !== undefined) {
    const specific = MISSING_ERRORS[first];
    return {
      ok: false,
      error: specific ?? 'invalid_arguments',
      problems: missing.map((name) => `missing required field: ${name}`),
    };
  }
  const known = new Set([...required, ...optional, ...(LATER_ARGUMENTS[method] ?? [])]);
  const unknown = Object.keys(args).filter((name) => !known.has(name) && !ALWAYS_ALLOWED.has(name));
  if (unknown.length > 0) {
    return {
      ok: false,
      error: 'invalid_arguments',
      problems: unknown.map((name) => `unknown argument ${name} (not a parameter of ${method})`),
    };
  }
  return { ok: true };
}

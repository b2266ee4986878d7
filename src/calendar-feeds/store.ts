import { randomBytes } from 'node:crypto';
import type { OrgConfig } from '../config/org.js';
import type { Db } from '../db/open.js';

/*
 * Calendar feed tokens. A scope says what a feed shows: the whole
 * organisation, one ritual, one tribe's rituals, or one person's agenda slots.
 */

export type FeedScope =
  | { kind: 'org' }
  | { kind: 'ritual'; key: string }
  | { kind: 'tribe'; key: string }
  | { kind: 'person'; userId: string };

export interface CalendarToken {
  id: number;
  token: string;
  scope: string;
  note: string | null;
  createdBy: string;
  createdAt: string;
  revokedAt: string | null;
}

/** 32 random bytes, base64url: 43 characters, unguessable and URL-safe. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function scopeText(scope: FeedScope): string {
  switch (scope.kind) {
    case 'org':
      return 'org';
    case 'ritual':
      return `ritual:${scope.key}`;
    case 'tribe':
      return `tribe:${scope.key}`;
    case 'person':
      return `person:${scope.userId}`;
  }
}

/** Parses `org`, `ritual:<key>`, `tribe:<key>` or `person:<U…>` against the config; the error says what is accepted. */
export function parseScope(text: string, org: OrgConfig): { ok: true; scope: FeedScope } | { ok: false; error: string } {
  const rituals = org.rituals.map((r) => r.key).join(', ') || 'none configured';
  const tribes = org.tribes.map((t) => t.key).join(', ') || 'none configured';
  const usage = `a scope is org, ritual:<key> (${rituals}), tribe:<key> (${tribes}) or person:<Slack user ID>`;
  if (text === 'org') return { ok: true, scope: { kind: 'org' } };
  const m = /^(ritual|tribe|person):(.+)$/.exec(text);
  if (!m?.[1] || !m[2]) return { ok: false, error: `unknown scope "${text}": ${usage}` };
  const [, kind, value] = m;
  if (kind === 'ritual') {
    if (!org.rituals.some((r) => r.key === value)) return { ok: false, error: `no ritual "${value}" in the config (rituals: ${rituals})` };
    return { ok: true, scope: { kind: 'ritual', key: value } };
  }
  if (kind === 'tribe') {
    if (!org.tribes.some((t) => t.key === value)) return { ok: false, error: `no tribe "${value}" in the config (tribes: ${tribes})` };
    return { ok: true, scope: { kind: 'tribe', key: value } };
  }
  if (!/^[UW][A-Z0-9]{6,}$/.test(value)) return { ok: false, error: `"${value}" is not a Slack user ID such as U0123ABCD` };
  return { ok: true, scope: { kind: 'person', userId: value } };
}

interface Row {
  id: number;
  token: string;
  scope: string;
  note: string | null;
  created_by: string;
  created_at: string;
  revoked_at: string | null;
}

const toToken = (r: Row): CalendarToken => ({
  id: r.id,
  token: r.token,
  scope: r.scope,
  note: r.note,
  createdBy: r.created_by,
  createdAt: r.created_at,
  revokedAt: r.revoked_at,
});

export function createToken(db: Db, scope: FeedScope, by: string, note: string | null, now: Date): CalendarToken {
  const token = newToken();
  const id = Number(
    db
      .prepare('INSERT INTO calendar_tokens (token, scope, note, created_by, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(token, scopeText(scope), note, by, now.toISOString()).lastInsertRowid,
  );
  return { id, token, scope: scopeText(scope), note, createdBy: by, createdAt: now.toISOString(), revokedAt: null };
}

/** The live token of a scope, creating one when there is none (the reminder's "Add to calendar" link). Synchronous. */
export function ensureToken(db: Db, scope: FeedScope, now: Date): CalendarToken {
  const row = db
    .prepare<[string], Row>('SELECT * FROM calendar_tokens WHERE scope = ? AND revoked_at IS NULL ORDER BY id LIMIT 1')
    .get(scopeText(scope));
  return row ? toToken(row) : createToken(db, scope, 'cadence', null, now);
}

export function listTokens(db: Db): CalendarToken[] {
  return db.prepare<[], Row>('SELECT * FROM calendar_tokens ORDER BY id').all().map(toToken);
}

/** Revokes by id or by token; 'unknown', 'already' or 'revoked'. */
export function revokeToken(db: Db, idOrToken: string, now: Date): 'unknown' | 'already' | 'revoked' {
  const row = /^\d+$/.test(idOrToken)
    ? db.prepare<[number], Row>('SELECT * FROM calendar_tokens WHERE id = ?').get(Number(idOrToken))
    : db.prepare<[string], Row>('SELECT * FROM calendar_tokens WHERE token = ?').get(idOrToken);
  if (!row) return 'unknown';
  if (row.revoked_at) return 'already';
  db.prepare('UPDATE calendar_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(now.toISOString(), row.id);
  return 'revoked';
}

/** The scope a live token opens, or undefined (unknown, revoked, or its ritual/tribe left the config). */
export function scopeOfToken(db: Db, org: OrgConfig, token: string): FeedScope | undefined {
  if (!TOKEN_PATTERN.test(token)) return undefined;
  const row = db.prepare<[string], Row>('SELECT * FROM calendar_tokens WHERE token = ? AND revoked_at IS NULL').get(token);
  if (!row) return undefined;
  const parsed = parseScope(row.scope, org);
  return parsed.ok ? parsed.scope : undefined;
}

export function feedUrl(publicUrl: string, token: string): string {
  return `${publicUrl}/calendar/${token}.ics`;
}

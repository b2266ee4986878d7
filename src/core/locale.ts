import type { AnyMiddlewareArgs, Logger, Middleware } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Clock } from '../clock.js';
import { languages, type Language } from '../config/org.js';
import type { Db } from '../db/open.js';
import { cachedStatement } from '../db/statements.js';
import { deferredTurn } from './after-acks.js';

/*
 * Each person's language defaults to their Slack locale (issue 14 item 3,
 * docs/decisions/0030-speaking-french-to-the-bot.md).
 *
 * Rule 1: an explicit choice (`/cadence language`, the App Home select) always
 *         wins; the Slack locale only fills in for people who never chose.
 * Rule 2: the ack path never waits for Slack. Slack does not send a locale with
 *         commands or interactions, so the locale is learnt after the request
 *         was answered (users.info with include_locale), and until it is known
 *         the organisation's language applies: a new French speaker gets their
 *         first answer in the organisation's language, the next ones in French.
 * Rule 3: users.info is asked at most once a day per person. The lookup is
 *         claimed with one atomic upsert before the call, so two requests at
 *         once, or a failed call, do not make a second call within the day.
 * Rule 4: `languageOf` stays synchronous: it reads this cache, never Slack.
 */

/** How long a looked-up locale is trusted before the next interaction asks Slack again. */
export const LOCALE_TTL_MS = 24 * 60 * 60 * 1000;

/** 'fr-FR', 'fr_CA', 'FR' → 'fr'; 'en-GB' → 'en'; a language Cadence does not speak → null. */
export function languageOfLocale(locale: string | null | undefined): Language | null {
  if (!locale) return null;
  const base = locale.trim().toLowerCase().split(/[-_]/)[0] ?? '';
  return (languages as readonly string[]).includes(base) ? (base as Language) : null;
}

/**
 * Claims today's lookup for this person: true when the caller should ask Slack
 * now (never asked, or last asked a day ago or more), false otherwise. Atomic:
 * of two concurrent claims one wins.
 */
export function claimLocaleLookup(db: Db, userId: string, now: Date): boolean {
  const cutoff = new Date(now.getTime() - LOCALE_TTL_MS).toISOString();
  const result = cachedStatement(
    db,
    `INSERT INTO slack_locales (user_id, fetched_at) VALUES (?, ?)
     ON CONFLICT (user_id) DO UPDATE SET fetched_at = excluded.fetched_at WHERE slack_locales.fetched_at <= ?`,
  ).run(userId, now.toISOString(), cutoff);
  return result.changes === 1;
}

/** Stores what Slack said. A missing locale keeps what was known before (a failed or partial answer). */
export function recordLocale(db: Db, userId: string, locale: string | null): void {
  if (locale === null) return;
  cachedStatement(db, 'UPDATE slack_locales SET locale = ?, language = ? WHERE user_id = ?').run(locale, languageOfLocale(locale), userId);
}

export interface LocaleDeps {
  db: Db;
  client: WebClient;
  clock: Clock;
  logger: Logger;
}

export type LookupOutcome = 'fresh' | 'learnt' | 'failed';

/** Asks Slack for this person's locale unless it was asked within the day (Rule 3). */
export async function learnLocale(deps: LocaleDeps, userId: string): Promise<LookupOutcome> {
  if (!claimLocaleLookup(deps.db, userId, deps.clock.now())) return 'fresh';
  try {
    const res = await deps.client.users.info({ user: userId, include_locale: true });
    const locale = typeof res.user?.locale === 'string' && res.user.locale !== '' ? res.user.locale : null;
    recordLocale(deps.db, userId, locale);
    return 'learnt';
  } catch (err) {
    // The claim stays: tomorrow's first interaction tries again; meanwhile the last known (or org) language applies.
    deps.logger.warn(`locale: users.info failed for ${userId}; the organisation language applies until tomorrow:`, err);
    return 'failed';
  }
}

const USER_ID = /^[UW][A-Z0-9]{2,}$/;

/** The person behind a command, an interaction or an event, when there is one. */
export function userOfBody(body: unknown): string | undefined {
  if (!isRecord(body)) return undefined;
  const candidates = [body['user_id'], isRecord(body['user']) ? body['user']['id'] : undefined, isRecord(body['event']) ? body['event']['user'] : undefined];
  return candidates.find((c): c is string => typeof c === 'string' && USER_ID.test(c));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/**
 * Global middleware (Rule 2): lets the request be handled and acknowledged
 * first, then, in a deferred turn, learns the person's locale when it is not
 * known from today. Installed inside the app's in-flight tracking, so stop()
 * waits for a lookup under way instead of closing the store under it.
 */
export function slackLocaleLearner(deps: LocaleDeps): Middleware<AnyMiddlewareArgs> {
  return async ({ body, next }) => {
    await next();
    const user = userOfBody(body);
    // The usual case, known from today: one indexed read, no deferred turn queued.
    if (!user || knownToday(deps.db, user, deps.clock.now())) return;
    await deferredTurn();
    await learnLocale(deps, user);
  };
}

/** True when this person's locale was asked within the day (a read-only look at the claim). */
export function knownToday(db: Db, userId: string, now: Date): boolean {
  const row = cachedStatement(db, 'SELECT fetched_at FROM slack_locales WHERE user_id = ?').get(userId) as { fetched_at: string } | undefined;
  return row !== undefined && now.getTime() - Date.parse(row.fetched_at) < LOCALE_TTL_MS;
}

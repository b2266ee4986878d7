import type { KnownBlock } from '@slack/types';
import type { Language } from '../config/org.js';
import type { AppContext } from '../context.js';
import { healthDigestSection } from '../health/index.js';
import { pairingDigestSection } from '../pairing/index.js';
import type { DigestScope, Period } from './queries.js';

/**
 * Sections other features add at the end of a digest (issue 16: team health,
 * pairing participation). Each returns one block or nothing; the digest stays
 * far under Slack's 50 blocks.
 */
const extras: ((ctx: Pick<AppContext, 'db' | 'org'>, scope: DigestScope, period: Period, lang: Language) => KnownBlock | undefined)[] = [healthDigestSection, pairingDigestSection];

/** The extra sections for a scope and period (none when no feature has anything to say). */
export function digestExtras(ctx: Pick<AppContext, 'db' | 'org'>, scope: DigestScope, period: Period, lang: Language): KnownBlock[] {
  return extras.map((f) => f(ctx, scope, period, lang)).filter((b): b is KnownBlock => b !== undefined);
}

export function withDigestExtras<M extends { text: string; blocks: KnownBlock[] }>(
  ctx: Pick<AppContext, 'db' | 'org'>,
  message: M,
  scope: DigestScope,
  period: Period,
  lang: Language,
): M {
  return appendExtras(message, digestExtras(ctx, scope, period, lang));
}

/** The extra sections after the digest's own, before its button (which stays last). */
export function appendExtras<M extends { text: string; blocks: KnownBlock[] }>(message: M, more: readonly KnownBlock[]): M {
  if (!more.length) return message;
  const last = message.blocks.at(-1);
  const tail = last?.type === 'actions' ? [last] : [];
  const body = tail.length ? message.blocks.slice(0, -1) : message.blocks;
  return { ...message, blocks: [...body, { type: 'divider' }, ...more, ...tail] };
}

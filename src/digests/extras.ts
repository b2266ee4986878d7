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

export function withDigestExtras<M extends { text: string; blocks: KnownBlock[] }>(
  ctx: Pick<AppContext, 'db' | 'org'>,
  message: M,
  scope: DigestScope,
  period: Period,
  lang: Language,
): M {
  const more = extras.map((f) => f(ctx, scope, period, lang)).filter((b): b is KnownBlock => b !== undefined);
  return more.length ? { ...message, blocks: [...message.blocks, { type: 'divider' }, ...more] } : message;
}

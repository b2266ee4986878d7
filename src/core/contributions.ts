import type { KnownBlock } from '@slack/types';
import type { Db } from '../db/open.js';

/*
 * Contributions: places where a lower feature lets higher ones add to what it
 * shows, without importing them (the companion of src/core/events.ts). A
 * higher feature registers a contributor in its `register`; the lower one asks
 * for what was contributed. Per database handle, like the event bus.
 */

export interface ContributionPoints {
  /** Extra blocks at the end of `/pitch health` (e.g. the roadmap's tech share). */
  'opportunities.health': (input: { userId: string; tribe?: string | undefined; commitment?: string | undefined }) => KnownBlock[];
}

export type ContributionPoint = keyof ContributionPoints;
type Registry = { [P in ContributionPoint]?: ContributionPoints[P][] };

const registries = new WeakMap<Db, Registry>();

export function contribute<P extends ContributionPoint>(db: Db, point: P, contributor: ContributionPoints[P]): void {
  let registry = registries.get(db);
  if (!registry) {
    registry = {};
    registries.set(db, registry);
  }
  const list = (registry[point] ??= []) as ContributionPoints[P][];
  if (!list.includes(contributor)) list.push(contributor);
}

export function contributionsTo<P extends ContributionPoint>(db: Db, point: P): readonly ContributionPoints[P][] {
  return (registries.get(db)?.[point] as ContributionPoints[P][] | undefined) ?? [];
}

import type { DomainEvents } from '../../core/events.js';
import { onDomainEvent } from '../../core/events.js';
import type { Db } from '../../db/open.js';
import { endItem, liveItemIdsOfOpportunity } from '../store.js';

/*
 * What the agenda does when the domain below it changes (src/core/events.ts).
 * Listeners run synchronously inside the change's transaction: their writes
 * commit or roll back with it.
 */

/**
 * Taken off the agenda (issue 19, item 12): an opportunity moved from
 * `on_agenda` back to `pitched` or `draft` ends its live agenda items
 * (slotted or waitlisted → withdrawn, reason `opportunity_moved`), as
 * `/agenda withdraw` does, so the final agenda, the App Home and the outcomes
 * never show an item no longer on it.
 */
export function onOpportunityMoved(db: Db, e: DomainEvents['opportunity.moved']): void {
  if (e.from !== 'on_agenda' || (e.to !== 'pitched' && e.to !== 'draft')) return;
  const at = new Date(e.at);
  for (const id of liveItemIdsOfOpportunity(db, e.opportunityId)) endItem(db, id, 'withdrawn', 'opportunity_moved', e.by, at);
}

const subscribed = new WeakSet<Db>();

/** Subscribes the agenda to the domain events of this database, once however many apps or runs share it. */
export function subscribeAgenda(db: Db): () => void {
  if (subscribed.has(db)) return () => undefined;
  subscribed.add(db);
  const off = onDomainEvent(db, 'opportunity.moved', (e) => onOpportunityMoved(db, e));
  return () => {
    off();
    subscribed.delete(db);
  };
}

import type { Db } from '../db/open.js';

/*
 * Domain events: what a lower feature (insights, opportunities) tells whoever
 * listens, without knowing who listens. A higher feature (notifications)
 * subscribes; the lower one never imports it.
 *
 * Rule 1: events are emitted synchronously INSIDE the write transaction that
 *         made the change, so a listener's own writes (e.g. a pending notice)
 *         commit or roll back with the change itself: nothing is lost to a
 *         crash between the two, nothing is recorded for a change that failed.
 * Rule 2: listeners must therefore be synchronous, fast and Slack-free; they
 *         record what to do and let a job do it.
 * Rule 3: a listener that throws aborts the change (it is part of the
 *         transaction): better no change than a change the loop never hears of.
 * The bus is per database handle (like the statement cache), so two apps in
 * one process (tests) never hear each other.
 */

export interface DomainEvents {
  /** An insight was triaged for the first time (status new → triaged). */
  'insight.triaged': { insightId: number; by: string; at: string };
  /** Insights became evidence of an opportunity (only the links that are new). */
  'evidence.linked': { opportunityId: number; insightIds: readonly number[]; by: string; at: string };
  /** An opportunity moved from one status to another (history row written). */
  'opportunity.moved': { opportunityId: number; from: string; to: string; by: string; at: string; note: string | null };
}

export type DomainEventName = keyof DomainEvents;
type Listener<N extends DomainEventName> = (event: DomainEvents[N]) => void;
type Listeners = { [N in DomainEventName]?: Listener<N>[] };

const buses = new WeakMap<Db, Listeners>();

/** Subscribes to one event on one database; returns the unsubscribe function. */
export function onDomainEvent<N extends DomainEventName>(db: Db, name: N, listener: Listener<N>): () => void {
  let bus = buses.get(db);
  if (!bus) {
    bus = {};
    buses.set(db, bus);
  }
  const list = (bus[name] ??= []) as Listener<N>[];
  list.push(listener);
  return () => {
    const i = list.indexOf(listener);
    if (i >= 0) list.splice(i, 1);
  };
}

/** Tells the listeners, synchronously (call it inside the write transaction). */
export function emitDomainEvent<N extends DomainEventName>(db: Db, name: N, event: DomainEvents[N]): void {
  const list = buses.get(db)?.[name] as Listener<N>[] | undefined;
  if (!list) return;
  for (const listener of [...list]) listener(event);
}

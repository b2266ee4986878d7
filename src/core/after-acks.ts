/**
 * Post-ack work waits its turn: one waiter per turn of the event loop.
 *
 * A listener awaits `afterPendingAcks()` between its ack and synchronous
 * follow-up work (a full-text search, rendering and claiming a card). Waiters
 * are released one per turn of the event loop (each from its own
 * setImmediate, queued after the previous one ran, so Node runs it on the
 * next turn), and every turn starts by reading the sockets: requests that
 * arrived meanwhile are acknowledged between two pieces of follow-up work,
 * instead of queueing behind all of them. Under a burst the follow-up work
 * runs later; the acks do not wait for it (docs/decisions/0022).
 *
 * The queue holds only the waiters' resolve functions, in arrival order
 * (first come, first served). Nothing is dropped: a waiter is released
 * even if a previous one's work throws.
 */
const waiting: (() => void)[] = [];
let scheduled = false;

function releaseOne(): void {
  scheduled = false;
  const next = waiting.shift();
  if (waiting.length > 0) schedule();
  next?.();
}

function schedule(): void {
  scheduled = true;
  setImmediate(releaseOne);
}

export function afterPendingAcks(): Promise<void> {
  return new Promise<void>((resolve) => {
    waiting.push(resolve);
    if (!scheduled) schedule();
  });
}

/** Waiters not yet released (for tests and diagnostics). */
export function pendingAfterAcks(): number {
  return waiting.length;
}

/**
 * Heavy, deferrable post-ack work waits its turn.
 *
 * A listener awaits `deferredTurn()` between its ack and synchronous
 * follow-up work that nothing waits for (the duplicate hint's full-text
 * search, rendering and claiming a triage card). Waiters are released a few
 * per turn of the event loop (from a setImmediate queued after the previous
 * one ran, so Node runs it on the next turn), and every turn starts by reading
 * the sockets: requests that arrived meanwhile are acknowledged between two
 * pieces of follow-up work instead of queueing behind all of them
 * (docs/decisions/0022).
 *
 * Bounded delay: a turn releases one waiter, or one sixteenth of the queue
 * when it is longer, so a waiter waits at most about 16 turns and under
 * sustained overload the work degrades towards plain FIFO instead of piling
 * up. Nothing is dropped. Not for time-bound work (views.open must use its
 * trigger_id within 3 s): that awaits a single setImmediate instead.
 */
const waiting: (() => void)[] = [];
let scheduled = false;

/** A waiter waits for at most about this many turns. */
const MAX_TURNS = 16;

function releaseSome(): void {
  scheduled = false;
  const batch = waiting.splice(0, Math.max(1, Math.ceil(waiting.length / MAX_TURNS)));
  if (waiting.length > 0) schedule();
  for (const resolve of batch) resolve();
}

function schedule(): void {
  scheduled = true;
  setImmediate(releaseSome);
}

export function deferredTurn(): Promise<void> {
  return new Promise<void>((resolve) => {
    waiting.push(resolve);
    if (!scheduled) schedule();
  });
}

/** Waiters not yet released (for tests and diagnostics). */
export function pendingDeferred(): number {
  return waiting.length;
}

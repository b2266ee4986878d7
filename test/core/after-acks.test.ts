import { describe, expect, it } from 'vitest';
import { afterPendingAcks, pendingAfterAcks } from '../../src/core/after-acks.js';

/** Counts event-loop turns: one increment per turn (a setImmediate that re-queues itself). */
function turnCounter(turns: number): { now(): number; done: Promise<void> } {
  let turn = 0;
  let finish: () => void = () => undefined;
  const done = new Promise<void>((r) => (finish = r));
  const tick = () => {
    turn += 1;
    if (turn < turns) setImmediate(tick);
    else finish();
  };
  setImmediate(tick);
  return { now: () => turn, done };
}

describe('afterPendingAcks: post-ack work waits its turn', () => {
  it('releases waiters one per event-loop turn, first come first served', async () => {
    const counter = turnCounter(20);
    const released: { who: string; turn: number }[] = [];
    await Promise.all(
      ['a', 'b', 'c', 'd'].map(async (who) => {
        await afterPendingAcks();
        released.push({ who, turn: counter.now() });
      }),
    );
    await counter.done;
    expect(released.map((r) => r.who)).toEqual(['a', 'b', 'c', 'd']);
    // Four distinct turns: between two releases the loop went round (and read its sockets).
    expect(new Set(released.map((r) => r.turn)).size).toBe(4);
    expect(pendingAfterAcks()).toBe(0);
  });

  it('lets I/O that is ready run between two waiters', async () => {
    const order: string[] = [];
    const first = afterPendingAcks().then(() => {
      order.push('first');
      // Ready on the next turn's poll/check, before the second waiter's turn ends.
      setImmediate(() => order.push('io-ish'));
    });
    const second = afterPendingAcks().then(() => order.push('second'));
    const third = afterPendingAcks().then(() => order.push('third'));
    await Promise.all([first, second, third]);
    await new Promise((r) => setImmediate(r));
    expect(order.indexOf('io-ish')).toBeLessThan(order.indexOf('third'));
  });

  it('an empty queue costs nothing and a new waiter after a drain is still released', async () => {
    await afterPendingAcks();
    expect(pendingAfterAcks()).toBe(0);
    await afterPendingAcks();
    expect(pendingAfterAcks()).toBe(0);
  });
});

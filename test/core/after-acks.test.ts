import { describe, expect, it } from 'vitest';
import { deferredTurn, pendingDeferred } from '../../src/core/after-acks.js';

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

describe('deferredTurn: heavy post-ack work waits its turn', () => {
  it('releases waiters one per event-loop turn, first come first served', async () => {
    const counter = turnCounter(20);
    const released: { who: string; turn: number }[] = [];
    await Promise.all(
      ['a', 'b', 'c', 'd'].map(async (who) => {
        await deferredTurn();
        released.push({ who, turn: counter.now() });
      }),
    );
    await counter.done;
    expect(released.map((r) => r.who)).toEqual(['a', 'b', 'c', 'd']);
    // Four distinct turns: between two releases the loop went round (and read its sockets).
    expect(new Set(released.map((r) => r.turn)).size).toBe(4);
    expect(pendingDeferred()).toBe(0);
  });

  it('lets I/O that is ready run between two waiters', async () => {
    const order: string[] = [];
    const first = deferredTurn().then(() => {
      order.push('first');
      // Ready on the next turn's poll/check, before the second waiter's turn ends.
      setImmediate(() => order.push('io-ish'));
    });
    const second = deferredTurn().then(() => order.push('second'));
    const third = deferredTurn().then(() => order.push('third'));
    await Promise.all([first, second, third]);
    await new Promise((r) => setImmediate(r));
    expect(order.indexOf('io-ish')).toBeLessThan(order.indexOf('third'));
  });

  it('a long queue drains a sixteenth per turn: nobody waits much more than 16 turns', async () => {
    const counter = turnCounter(100);
    const turns: number[] = [];
    await Promise.all(
      Array.from({ length: 160 }, async () => {
        await deferredTurn();
        turns.push(counter.now());
      }),
    );
    await counter.done;
    const first = turns[0] as number;
    const last = turns[turns.length - 1] as number;
    // 160 waiters: ceil(160 / 16) = 10 on the first turn, then a sixteenth of what is left (at least one).
    let q = 160;
    let expected = 0;
    while (q > 0) {
      q -= Math.max(1, Math.ceil(q / 16));
      expected += 1;
    }
    expect(last - first + 1).toBe(expected);
    expect(expected).toBeLessThan(60); // against 160 turns one at a time
    expect(turns.filter((t) => t === first)).toHaveLength(10);
    expect(pendingDeferred()).toBe(0);
  });

  it('an empty queue costs nothing and a new waiter after a drain is still released', async () => {
    await deferredTurn();
    expect(pendingDeferred()).toBe(0);
    await deferredTurn();
    expect(pendingDeferred()).toBe(0);
  });
});

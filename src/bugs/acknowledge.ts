/**
 * "I'm on it" (issue 14 item 14, decision 0034): someone takes a breached bug
 * on. Recorded once per bug and SLA clock (migrations/0029): who and when,
 * the first click wins, a second click changes nothing. An acknowledged
 * clock's levels after the deadline that reach leadership wait until the
 * deadline has passed by `bugs.acknowledgedGraceHours` (ladder.ts sendTimeOf).
 */
import type { KnownBlock } from '@slack/types';
import type { AppContext } from '../context.js';
import { ACTION_ACKNOWLEDGE } from './blocks.js';
import { ladderOf, nextNoticeAt, sendTimeOf } from './ladder.js';
import { bugStore, type Acknowledgement, type Bug } from './store.js';

export type AcknowledgeResult =
  | { kind: 'acknowledged'; bug: Bug; ack: Acknowledgement }
  | { kind: 'already'; bug: Bug; ack: Acknowledgement }
  | { kind: 'closed'; bug: Bug }
  | { kind: 'unknown' };

/** `value` is `<KEY>:<clockId>`, as the notice's button carries it. */
export function parseAcknowledgeValue(value: string): { key: string; clockId: number } | null {
  const m = /^([^:\s]{1,64}):(\d{1,6})$/.exec(value);
  if (!m || !m[1] || !m[2]) return null;
  return { key: m[1].toUpperCase(), clockId: Number(m[2]) };
}

export function acknowledgeBug(ctx: Pick<AppContext, 'db' | 'org'>, key: string, clockId: number, user: string, now: Date): AcknowledgeResult {
  const store = bugStore(ctx.db);
  return ctx.db
    .transaction((): AcknowledgeResult => {
      const bug = store.get(key);
      if (!bug) return { kind: 'unknown' };
      // A notice of an earlier clock (the bug was resolved, or reopened since) has nothing left to take on.
      if (bug.resolvedAt || bug.clockId !== clockId) return { kind: 'closed', bug };
      if (!store.acknowledge(key, clockId, user, now)) {
        const ack = store.acknowledgement(key, clockId);
        if (ack) return { kind: 'already', bug, ack };
      }
      const sendTime = sendTimeOf(ctx.org, bug, true);
      store.setNextNotice(key, nextNoticeAt(bug.deadline, ladderOf(ctx.org), store.claimedLevels(key, clockId), sendTime));
      return { kind: 'acknowledged', bug, ack: { user, at: now } };
    })
    .immediate();
}

/** The clicked notice, acknowledged: the button goes, a context line says who is on it. */
export function acknowledgedBlocks(blocks: readonly KnownBlock[], line: string): KnownBlock[] {
  const out: KnownBlock[] = [];
  for (const block of blocks) {
    if (block.type === 'actions') {
      out.push({ type: 'context', elements: [{ type: 'mrkdwn', text: line }] });
      const elements = block.elements.filter((e) => !('action_id' in e && e.action_id === ACTION_ACKNOWLEDGE));
      if (elements.length > 0) out.push({ ...block, elements });
      continue;
    }
    out.push(block);
  }
  return out;
}

import type { Rng } from './prng.js';
import type { OPPORTUNITY_STATUSES } from './vocabulary.js';

type Status = (typeof OPPORTUNITY_STATUSES)[number];

/** One row of opportunity_history as the lifecycle would have written it. */
export interface HistoryStep {
  from: Status | null;
  to: Status;
  /** ms since the epoch. */
  at: number;
}

/**
 * The legal path (src/opportunities/lifecycle.ts) that leads to each status, from creation:
 * a draft stays a draft; everything else was pitched, then put on an agenda, then decided.
 * Some pitches started as drafts (`draftFirst`), as the modal's "save as draft" allows.
 */
export function pathTo(status: Status, draftFirst: boolean): Status[] {
  const start: Status[] = draftFirst ? ['draft', 'pitched'] : ['pitched'];
  switch (status) {
    case 'draft':
      return ['draft'];
    case 'pitched':
      return start;
    case 'on_agenda':
      return [...start, 'on_agenda'];
    case 'go':
    case 'rework':
    case 'no_go':
      return [...start, 'on_agenda', status];
    case 'in_roadmap':
      return [...start, 'on_agenda', 'go', 'in_roadmap'];
    case 'shipped':
      return [...start, 'on_agenda', 'go', 'in_roadmap', 'shipped'];
  }
}

const DAY = 86_400_000;

/**
 * The history rows of an opportunity created at `createdMs` that is now in
 * `status`: the creation row (from NULL) and one row per move, each 1–21 days
 * after the previous one. Rule 1: every move happens before `anchorMs` (the
 * data's "now"): when the drawn gaps do not fit, they are shrunk in proportion,
 * so old opportunities keep realistic gaps and recent ones squeeze theirs.
 * Rule 2: times strictly increase (at least one second apart), so `ORDER BY at`
 * is the order of the moves.
 */
export function historyOf(status: Status, createdMs: number, anchorMs: number, rng: Rng, draftFirst = false): HistoryStep[] {
  if (createdMs >= anchorMs) throw new Error('an opportunity must be created before the anchor');
  const path = pathTo(status, draftFirst);
  const gaps = path.slice(1).map(() => rng.int(1, 21) * DAY + rng.int(0, DAY - 1));
  const room = anchorMs - createdMs - 1;
  const total = gaps.reduce((s, g) => s + g, 0);
  const scale = total > room ? room / total : 1;
  const steps: HistoryStep[] = [{ from: null, to: path[0] as Status, at: createdMs }];
  let at = createdMs;
  for (let i = 1; i < path.length; i++) {
    at = Math.max(at + 1000, at + Math.floor((gaps[i - 1] as number) * scale));
    steps.push({ from: path[i - 1] as Status, to: path[i] as Status, at: Math.min(at, anchorMs - 1) });
  }
  return steps;
}

/**
 * An insight's triage status by age: the recent ones are mostly waiting, the
 * old ones mostly done (a realistic inbox, not a third of a million untriaged).
 * Rule: under 7 days old 60 % new; under 30 days 15 %; older 1 %. A triaged
 * insight is archived 1 time in 25.
 */
export function insightStatusByAge(ageMs: number, rng: Rng): 'new' | 'triaged' | 'archived' {
  const newShare = ageMs < 7 * DAY ? 0.6 : ageMs < 30 * DAY ? 0.15 : 0.01;
  if (rng.chance(newShare)) return 'new';
  return rng.chance(0.04) ? 'archived' : 'triaged';
}

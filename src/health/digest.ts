import type { KnownBlock } from '@slack/types';
import type { Language } from '../config/org.js';
import type { AppContext } from '../context.js';
import type { DigestScope, Period } from '../core/period.js';
import { translator } from '../i18n/index.js';
import { escapeText } from '../slack/text.js';
import { changeOf, distributions, percentages } from './model.js';
import { answersOf, closedBetween, previousShown, type Survey } from './store.js';

/** The digest's "Team health" section: one line per unit whose check closed in the period (a tribe digest: its units). */
export function healthDigestSection(ctx: Pick<AppContext, 'db' | 'org'>, scope: DigestScope, period: Period, lang: Language): KnownBlock | undefined {
  const tr = translator(lang);
  const tribe = scope.tribe ? ctx.org.tribes.find((t) => t.key === scope.tribe) : undefined;
  const inScope = (s: Survey) => !tribe || s.unitKey === tribe.key || tribe.impactTeams.some((t) => t.key === s.unitKey);
  // The latest check per unit in the period.
  const latest = new Map<string, Survey>();
  for (const s of closedBetween(ctx.db, period.from, period.to)) if (inScope(s)) latest.set(s.unitKey, s);
  if (latest.size === 0) return undefined;
  const lines = [...latest.values()].map((s) => {
    if (!s.shown) return `• ${tr('health.digest.tooFew', { unit: escapeText(s.unitName), min: ctx.org.healthCheck.minAnswers })}`;
    const total = { green: 0, amber: 0, red: 0 };
    for (const d of distributions(s.dimensions, answersOf(ctx.db, s.id))) {
      total.green += d.green;
      total.amber += d.amber;
      total.red += d.red;
    }
    const prev = previousShown(ctx.db, s.unitKey, s.openedAt);
    const before = prev ? distributions(prev.dimensions, answersOf(ctx.db, prev.id)).reduce((a, d) => ({ green: a.green + d.green, amber: a.amber + d.amber, red: a.red + d.red }), { green: 0, amber: 0, red: 0 }) : undefined;
    const [green = 0, amber = 0, red = 0] = percentages([total.green, total.amber, total.red]);
    const change = changeOf(total, before);
    return `• ${tr('health.digest.line', { unit: escapeText(s.unitName), green, amber, red, answers: s.answers ?? 0, change: change === 'first' ? '' : tr(`health.change.${change}`) }).trimEnd()}`;
  });
  return { type: 'section', text: { type: 'mrkdwn', text: `${tr('health.digest.heading')}\n${lines.join('\n')}`.slice(0, 3000) } };
}

import type { AppContext } from '../../context.js';
import { healthUnits } from '../model.js';
import { hasAnswered, type Survey } from '../store.js';

function membersOf(ctx: Pick<AppContext, 'org'>, survey: Survey): string[] {
  return healthUnits(ctx.org, survey.unitKind).find((u) => u.key === survey.unitKey)?.members ?? [];
}

/** Why this person cannot answer now, or undefined. */
export function refusal(ctx: AppContext, survey: Survey | undefined, userId: string): string | undefined {
  const tr = ctx.tr(userId);
  if (!survey || survey.closedAt) return tr('health.error.closed');
  if (!membersOf(ctx, survey).includes(userId)) return tr('health.error.notMember', { unit: survey.unitName });
  if (hasAnswered(ctx.db, survey.id, userId)) return tr('health.error.already');
  return undefined;
}

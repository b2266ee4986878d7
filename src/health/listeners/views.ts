import type { AllMiddlewareArgs, SlackViewMiddlewareArgs } from '@slack/bolt';
import type { AppContext } from '../../context.js';
import { COMMENT_MAX, thanksModal } from '../blocks.js';
import { COLORS, TRENDS, type Color, type Trend } from '../model.js';
import { getSurvey, recordAnswers, type AnswerInput } from '../store.js';
import { refusal } from './shared.js';

export type ViewArgs = SlackViewMiddlewareArgs & AllMiddlewareArgs;

type ViewValues = Record<string, Record<string, { selected_option?: { value?: string } | null; value?: string | null }>>;

/** Reads the form: the answers, or the errors to show per block. */
export function parseSurvey(
  values: ViewValues,
  dimensions: readonly string[],
  tr: ReturnType<AppContext['tr']>,
): { ok: true; answers: AnswerInput[] } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const answers: AnswerInput[] = [];
  for (const d of dimensions) {
    const color = values[`c:${d}`]?.v?.selected_option?.value;
    const trend = values[`t:${d}`]?.v?.selected_option?.value;
    const comment = (values[`m:${d}`]?.v?.value ?? '').trim();
    if (!color || !(COLORS as readonly string[]).includes(color)) errors[`c:${d}`] = tr('health.error.color');
    if (!trend || !(TRENDS as readonly string[]).includes(trend)) errors[`t:${d}`] = tr('health.error.trend');
    if (comment.length > COMMENT_MAX) errors[`m:${d}`] = tr('health.error.comment', { max: COMMENT_MAX });
    if (color && trend) answers.push({ dimension: d, color: color as Color, trend: trend as Trend, comment: comment || null });
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, answers };
}

/** The survey form: the answers recorded once, anonymously; errors go back into the form. */
export async function surveySubmitted(ctx: AppContext, { ack, body, view }: ViewArgs): Promise<void> {
  const userId = body.user.id;
  const tr = ctx.tr(userId);
  const survey = /^\d+$/.test(view.private_metadata) ? getSurvey(ctx.db, Number(view.private_metadata)) : undefined;
  const refused = refusal(ctx, survey, userId);
  if (refused || !survey) return void (await ack({ response_action: 'update', view: thanksModal(tr, refused ?? tr('health.error.closed')) }));
  const parsed = parseSurvey(view.state.values as ViewValues, survey.dimensions, tr);
  if (!parsed.ok) return void (await ack({ response_action: 'errors', errors: parsed.errors }));
  const result = ctx.db.transaction(() => recordAnswers(ctx.db, survey.id, userId, parsed.answers)).immediate();
  const text = result === 'answered' ? tr('health.modal.thanks') : result === 'already' ? tr('health.error.already') : tr('health.error.closed');
  await ack({ response_action: 'update', view: thanksModal(tr, text) });
}

import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { AppContext } from '../../context.js';
import { dimensionLabel, surveyModal, thanksModal } from '../blocks.js';
import { getSurvey } from '../store.js';
import { refusal } from './shared.js';

export type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/** The survey DM's "Answer": the anonymous form, or why this person cannot answer (in a small modal). */
export async function answerButton(ctx: AppContext, { ack, body, action, client }: ButtonArgs): Promise<void> {
  await ack();
  const userId = body.user.id;
  const tr = ctx.tr(userId);
  const lang = ctx.languageOf(userId);
  const survey = /^\d+$/.test(action.value ?? '') ? getSurvey(ctx.db, Number(action.value)) : undefined;
  const refused = refusal(ctx, survey, userId);
  if (refused || !survey) {
    await client.views.open({ trigger_id: body.trigger_id, view: thanksModal(tr, refused ?? tr('health.error.closed')) });
    return;
  }
  await client.views.open({
    trigger_id: body.trigger_id,
    view: surveyModal(tr, {
      surveyId: survey.id,
      unit: survey.unitName,
      min: ctx.org.healthCheck.minAnswers,
      dimensions: survey.dimensions.map((key) => ({ key, label: dimensionLabel(ctx.org, key, lang, tr) })),
    }),
  });
}

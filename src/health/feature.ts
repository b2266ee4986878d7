import type { BlockButtonAction, App } from '@slack/bolt';
import type { AppContext, ExportDefinition, FeatureModule } from '../context.js';
import { ACTION_HEALTH_ANSWER, COMMENT_MAX, dimensionLabel, surveyModal, thanksModal, VIEW_HEALTH_SURVEY } from './blocks.js';
import { COLORS, distributions, healthUnits, TRENDS, type Color, type Trend } from './model.js';
import { allClosed, answersOf, getSurvey, hasAnswered, recordAnswers, type AnswerInput, type Survey } from './store.js';

/**
 * Team health checks (issue 16): the survey DM's button, the anonymous form,
 * `cadence export health` and the digest's "Team health" lines. The steps
 * (open, remind, close) are in steps.ts, run by the ritual job.
 */

function membersOf(ctx: Pick<AppContext, 'org'>, survey: Survey): string[] {
  return healthUnits(ctx.org, survey.unitKind).find((u) => u.key === survey.unitKey)?.members ?? [];
}

/** Why this person cannot answer now, or undefined. */
function refusal(ctx: AppContext, survey: Survey | undefined, userId: string): string | undefined {
  const tr = ctx.tr(userId);
  if (!survey || survey.closedAt) return tr('health.error.closed');
  if (!membersOf(ctx, survey).includes(userId)) return tr('health.error.notMember', { unit: survey.unitName });
  if (hasAnswered(ctx.db, survey.id, userId)) return tr('health.error.already');
  return undefined;
}

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

function register(app: App, ctx: AppContext): void {
  app.action<BlockButtonAction>(ACTION_HEALTH_ANSWER, async ({ ack, body, action, client }) => {
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
  });

  app.view(VIEW_HEALTH_SURVEY, async ({ ack, body, view }) => {
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
  });
}

/** `cadence export health`: one row per closed survey and dimension; counts only where results were shown. */
export const healthExport: ExportDefinition = {
  kind: 'health',
  columns: ['closed_at', 'ritual', 'occurrence', 'unit_kind', 'unit', 'invited', 'answers', 'shown', 'dimension', 'green', 'amber', 'red', 'better', 'same', 'worse'],
  *rows(ctx) {
    for (const s of allClosed(ctx.db)) {
      const dists = s.shown ? distributions(s.dimensions, answersOf(ctx.db, s.id)) : [];
      for (const dimension of s.dimensions) {
        const d = dists.find((x) => x.dimension === dimension);
        yield {
          closed_at: s.closedAt,
          ritual: s.ritualKey,
          occurrence: s.occurrenceKey,
          unit_kind: s.unitKind,
          unit: s.unitKey,
          invited: s.invited,
          answers: s.answers,
          shown: s.shown,
          dimension,
          green: d?.green ?? null,
          amber: d?.amber ?? null,
          red: d?.red ?? null,
          better: d?.better ?? null,
          same: d?.same ?? null,
          worse: d?.worse ?? null,
        };
      }
    }
  },
};

export const healthFeature: FeatureModule = {
  name: 'health',
  register,
  exports: [healthExport],
};

import type { AppContext } from '../context.js';
import type { OutboxMessage } from '../delivery/outbox.js';
import { translator } from '../i18n/index.js';
import type { ScheduledStep } from '../rituals/index.js';
import { stepInstant } from '../core/recurrence/index.js';
import { askMessage, configuredDimensions, dimensionLabel, remindMessage, resultsMessage } from './blocks.js';
import { distributions, healthUnits } from './model.js';
import { answersOf, closeSurvey, openSurvey, previousShown, respondents, responseCount, surveysOf, type Survey } from './store.js';

/**
 * What the health check steps do. Like every step, this runs inside the
 * step's claim transaction (src/rituals/jobs.ts): synchronous, and the
 * surveys, the close and the outbox rows commit together or not at all.
 * Rule 1 (open): one survey per unit with at least `minAnswers` members (a
 *   smaller unit could never see its results without exposing someone); each
 *   member gets one DM.
 * Rule 2 (remind): each member who has not answered gets one reminder per
 *   survey, ever (the dedupe key names the survey and the person), however
 *   many remind steps the ritual has.
 * Rule 3 (close): the results are computed, posted to the unit's channel
 *   (or "too few answers") and the list of who answered is deleted, in one
 *   transaction: from then on nothing links an answer to a person.
 */
export function healthStepEffects(ctx: AppContext, s: ScheduledStep, now: Date): OutboxMessage[] | undefined {
  switch (s.step.action) {
    case 'health_check':
      return openSurveys(ctx, s, now);
    case 'health_remind':
      return remind(ctx, s);
    case 'health_close':
      return surveysOf(ctx.db, s.ritual.key, s.occurrence.key).flatMap((survey) => closeOne(ctx, survey, now));
    default:
      return undefined;
  }
}

const topicOf = (s: ScheduledStep) => `health:${s.ritual.key}|${s.occurrence.key}`;

/** When the survey of this occurrence closes: a DM still unsent by then is dropped (it would invite to a closed survey). */
function closesAt(ctx: AppContext, s: ScheduledStep): Date | undefined {
  const close = s.ritual.steps.find((step) => step.action === 'health_close');
  return close ? stepInstant(s.occurrence.start, ctx.org.organisation.timezone, close.at) : undefined;
}

function expiry(ctx: AppContext, s: ScheduledStep): { expiresAt?: Date } {
  const at = closesAt(ctx, s);
  return at ? { expiresAt: at } : {};
}

function openSurveys(ctx: AppContext, s: ScheduledStep, now: Date): OutboxMessage[] {
  const cfg = ctx.org.healthCheck;
  const dimensions = configuredDimensions(ctx.org);
  const out: OutboxMessage[] = [];
  for (const unit of healthUnits(ctx.org, cfg.unit)) {
    if (unit.members.length < cfg.minAnswers) {
      ctx.logger.info(`health check ${s.claimKey}: ${unit.kind} ${unit.key} has ${unit.members.length} member(s), fewer than minAnswers ${cfg.minAnswers}: not surveyed`);
      continue;
    }
    const id = openSurvey(
      ctx.db,
      { ritualKey: s.ritual.key, occurrenceKey: s.occurrence.key, unitKind: unit.kind, unitKey: unit.key, unitName: unit.name, channel: unit.channel, dimensions, invited: unit.members.length },
      now,
    );
    if (id === undefined) continue;
    for (const member of unit.members) {
      const m = askMessage(ctx.tr(member), { ritual: s.ritual.name, unit: unit.name, count: dimensions.length, min: cfg.minAnswers, surveyId: id });
      out.push({ dedupeKey: `health:${id}:ask:${member}`, topic: topicOf(s), method: 'chat.postMessage', args: { channel: member, text: m.text, blocks: m.blocks }, ...expiry(ctx, s) });
    }
  }
  return out;
}

function remind(ctx: AppContext, s: ScheduledStep): OutboxMessage[] {
  const out: OutboxMessage[] = [];
  const units = new Map(healthUnits(ctx.org, ctx.org.healthCheck.unit).map((u) => [u.key, u]));
  for (const survey of surveysOf(ctx.db, s.ritual.key, s.occurrence.key)) {
    if (survey.closedAt) continue;
    const done = respondents(ctx.db, survey.id);
    for (const member of units.get(survey.unitKey)?.members ?? []) {
      if (done.has(member)) continue;
      const m = remindMessage(ctx.tr(member), { unit: survey.unitName, surveyId: survey.id });
      out.push({ dedupeKey: `health:${survey.id}:remind:${member}`, topic: topicOf(s), method: 'chat.postMessage', args: { channel: member, text: m.text, blocks: m.blocks }, ...expiry(ctx, s) });
    }
  }
  return out;
}

/** Builds the results of a survey (closed or about to be), as the channel will see them. */
export function surveyResults(ctx: Pick<AppContext, 'db' | 'org'>, survey: Survey, answers: number) {
  const min = ctx.org.healthCheck.minAnswers;
  const shown = answers >= min;
  const rows = answersOf(ctx.db, survey.id);
  const now = distributions(survey.dimensions, rows);
  const prev = previousShown(ctx.db, survey.unitKey, survey.openedAt);
  const before = prev ? distributions(prev.dimensions, answersOf(ctx.db, prev.id)) : [];
  return {
    shown,
    min,
    dists: now.map((d) => ({ now: d, before: before.find((b) => b.dimension === d.dimension) })),
    comments: rows.map((r) => r.comment).filter((c): c is string => c !== null && c.trim() !== ''),
  };
}

function closeOne(ctx: AppContext, survey: Survey, now: Date): OutboxMessage[] {
  if (survey.closedAt) return [];
  const answers = responseCount(ctx.db, survey.id);
  const results = surveyResults(ctx, survey, answers);
  if (!closeSurvey(ctx.db, survey.id, answers, results.shown, now)) return [];
  if (!survey.channel) return [];
  const lang = ctx.org.organisation.language;
  const tr = translator(lang);
  const m = resultsMessage(tr, {
    unit: survey.unitName,
    answers,
    invited: survey.invited,
    min: results.min,
    shown: results.shown,
    rows: results.dists.map((d) => ({ label: dimensionLabel(ctx.org, d.now.dimension, lang, tr), now: d.now, before: d.before })),
    comments: results.shown ? results.comments : [],
  });
  return [
    {
      dedupeKey: `health:${survey.id}:results`,
      topic: `health:${survey.ritualKey}|${survey.occurrenceKey}`,
      method: 'chat.postMessage',
      args: { channel: survey.channel, text: m.text, blocks: m.blocks, unfurl_links: false },
    },
  ];
}

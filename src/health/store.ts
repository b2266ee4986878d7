import { randomBytes } from 'node:crypto';
import type { Db } from '../db/open.js';
import type { Answer, Color, Trend } from './model.js';

/*
 * Health check SQL. Synchronous; callers wrap read-check-write sequences in
 * one transaction. No function here ever links an answer to a person.
 */

export interface Survey {
  id: number;
  ritualKey: string;
  occurrenceKey: string;
  unitKind: 'team' | 'tribe';
  unitKey: string;
  unitName: string;
  channel: string | null;
  dimensions: string[];
  invited: number;
  openedAt: string;
  closedAt: string | null;
  answers: number | null;
  shown: boolean | null;
}

interface SurveyRow {
  id: number;
  ritual_key: string;
  occurrence_key: string;
  unit_kind: 'team' | 'tribe';
  unit_key: string;
  unit_name: string;
  channel: string | null;
  dimensions: string;
  invited: number;
  opened_at: string;
  closed_at: string | null;
  answers: number | null;
  shown: number | null;
}

const toSurvey = (r: SurveyRow): Survey => ({
  id: r.id,
  ritualKey: r.ritual_key,
  occurrenceKey: r.occurrence_key,
  unitKind: r.unit_kind,
  unitKey: r.unit_key,
  unitName: r.unit_name,
  channel: r.channel,
  dimensions: JSON.parse(r.dimensions) as string[],
  invited: r.invited,
  openedAt: r.opened_at,
  closedAt: r.closed_at,
  answers: r.answers,
  shown: r.shown === null ? null : r.shown === 1,
});

export interface NewSurvey {
  ritualKey: string;
  occurrenceKey: string;
  unitKind: 'team' | 'tribe';
  unitKey: string;
  unitName: string;
  channel: string;
  dimensions: readonly string[];
  invited: number;
}

/** Opens a survey; undefined when this occurrence already has one for the unit. */
export function openSurvey(db: Db, s: NewSurvey, now: Date): number | undefined {
  const r = db
    .prepare(
      `INSERT INTO health_surveys (ritual_key, occurrence_key, unit_kind, unit_key, unit_name, channel, dimensions, invited, opened_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    )
    .run(s.ritualKey, s.occurrenceKey, s.unitKind, s.unitKey, s.unitName, s.channel, JSON.stringify(s.dimensions), s.invited, now.toISOString());
  return r.changes === 1 ? Number(r.lastInsertRowid) : undefined;
}

export function getSurvey(db: Db, id: number): Survey | undefined {
  const r = db.prepare<[number], SurveyRow>('SELECT * FROM health_surveys WHERE id = ?').get(id);
  return r ? toSurvey(r) : undefined;
}

export function surveysOf(db: Db, ritualKey: string, occurrenceKey: string): Survey[] {
  return db
    .prepare<[string, string], SurveyRow>('SELECT * FROM health_surveys WHERE ritual_key = ? AND occurrence_key = ? ORDER BY id')
    .all(ritualKey, occurrenceKey)
    .map(toSurvey);
}

export function hasAnswered(db: Db, surveyId: number, userId: string): boolean {
  return db.prepare('SELECT 1 FROM health_respondents WHERE survey_id = ? AND user_id = ?').get(surveyId, userId) !== undefined;
}

export function respondents(db: Db, surveyId: number): Set<string> {
  return new Set(db.prepare<[number], { user_id: string }>('SELECT user_id FROM health_respondents WHERE survey_id = ?').all(surveyId).map((r) => r.user_id));
}

export interface AnswerInput {
  dimension: string;
  color: Color;
  trend: Trend;
  comment: string | null;
}

/**
 * Records one person's answers: 'answered', or 'already' when they had
 * (nothing written), or 'closed'. Call inside a transaction.
 */
export function recordAnswers(db: Db, surveyId: number, userId: string, answers: readonly AnswerInput[]): 'answered' | 'already' | 'closed' {
  const survey = db.prepare<[number], { closed_at: string | null }>('SELECT closed_at FROM health_surveys WHERE id = ?').get(surveyId);
  if (!survey || survey.closed_at !== null) return 'closed';
  const claimed = db.prepare('INSERT INTO health_respondents (survey_id, user_id) VALUES (?, ?) ON CONFLICT DO NOTHING').run(surveyId, userId);
  if (claimed.changes === 0) return 'already';
  const response = randomBytes(12).toString('base64url');
  const insert = db.prepare('INSERT INTO health_answers (survey_id, response, dimension, color, trend, comment) VALUES (?, ?, ?, ?, ?, ?)');
  for (const a of answers) insert.run(surveyId, response, a.dimension, a.color, a.trend, a.comment);
  return 'answered';
}

export function answersOf(db: Db, surveyId: number): (Answer & { comment: string | null })[] {
  return db
    .prepare<[number], Answer & { comment: string | null }>('SELECT dimension, color, trend, comment FROM health_answers WHERE survey_id = ? ORDER BY dimension, response')
    .all(surveyId);
}

export function responseCount(db: Db, surveyId: number): number {
  return db.prepare<[number], { n: number }>('SELECT COUNT(DISTINCT response) AS n FROM health_answers WHERE survey_id = ?').get(surveyId)?.n ?? 0;
}

/** Closes a survey and forgets who answered; false when it was already closed. Call inside a transaction. */
export function closeSurvey(db: Db, surveyId: number, answers: number, shown: boolean, now: Date): boolean {
  const r = db
    .prepare('UPDATE health_surveys SET closed_at = ?, answers = ?, shown = ? WHERE id = ? AND closed_at IS NULL')
    .run(now.toISOString(), answers, shown ? 1 : 0, surveyId);
  if (r.changes === 0) return false;
  db.prepare('DELETE FROM health_respondents WHERE survey_id = ?').run(surveyId);
  return true;
}

/** The unit's last closed survey with shown results before `before` (for the change since the last check). */
export function previousShown(db: Db, unitKey: string, before: string): Survey | undefined {
  const r = db
    .prepare<[string, string], SurveyRow>(
      'SELECT * FROM health_surveys WHERE unit_key = ? AND closed_at IS NOT NULL AND shown = 1 AND closed_at < ? ORDER BY closed_at DESC, id DESC LIMIT 1',
    )
    .get(unitKey, before);
  return r ? toSurvey(r) : undefined;
}

/** Surveys closed in [from, to), oldest first. */
export function closedBetween(db: Db, from: Date, to: Date): Survey[] {
  return db
    .prepare<[string, string], SurveyRow>('SELECT * FROM health_surveys WHERE closed_at >= ? AND closed_at < ? ORDER BY closed_at, id')
    .all(from.toISOString(), to.toISOString())
    .map(toSurvey);
}

export function allClosed(db: Db): Survey[] {
  return db.prepare<[], SurveyRow>('SELECT * FROM health_surveys WHERE closed_at IS NOT NULL ORDER BY closed_at, id').all().map(toSurvey);
}

import type { Language } from '../config/org.js';

/*
 * RICE (PRODUCT.md, "Opportunities and initiatives"):
 *   score = Reach × Impact × Confidence ÷ Effort
 * Reach in people per quarter, Impact on a fixed scale, Confidence as a share,
 * Effort in person-months (at least half a month).
 */

export const IMPACTS = [3, 2, 1, 0.5, 0.25] as const;
export type Impact = (typeof IMPACTS)[number];
export const IMPACT_NAMES: Readonly<Record<Impact, 'massive' | 'high' | 'medium' | 'low' | 'minimal'>> = {
  3: 'massive',
  2: 'high',
  1: 'medium',
  0.5: 'low',
  0.25: 'minimal',
};

export const CONFIDENCES = [100, 80, 50] as const;
export type Confidence = (typeof CONFIDENCES)[number];

export const MIN_EFFORT = 0.5;
/** A hundred person-years: past this, the number is a typo. */
export const MAX_EFFORT = 1200;
/** Everyone on Earth, every quarter: past this, the number is a typo. */
export const MAX_REACH = 10_000_000_000;

export interface RiceInputs {
  reach: number;
  impact: Impact;
  confidence: Confidence;
  effort: number;
}

export function isImpact(value: number): value is Impact {
  return (IMPACTS as readonly number[]).includes(value);
}

export function isConfidence(value: number): value is Confidence {
  return (CONFIDENCES as readonly number[]).includes(value);
}

/**
 * The stored score.
 * Rule 1: inputs outside the scales are a programming error here (parse.ts refuses them first).
 * Rule 2: rounded to 2 decimals, so two pitches with mathematically equal
 *         scores (100 × 1 × 80 % ÷ 2 and 80 × 1 × 100 % ÷ 2) are equal in the
 *         database too, and the tie-break (older pitch first) decides, not
 *         floating-point noise.
 */
export function riceScore(inputs: RiceInputs): number {
  const { reach, impact, confidence, effort } = inputs;
  if (!Number.isSafeInteger(reach) || reach < 0) throw new RangeError(`reach must be a whole number ≥ 0, got ${reach}`);
  if (!isImpact(impact)) throw new RangeError(`impact must be one of ${IMPACTS.join(', ')}, got ${String(impact)}`);
  if (!isConfidence(confidence)) throw new RangeError(`confidence must be one of ${CONFIDENCES.join(', ')}, got ${String(confidence)}`);
  if (!Number.isFinite(effort) || effort < MIN_EFFORT) throw new RangeError(`effort must be at least ${MIN_EFFORT}, got ${effort}`);
  const raw = (reach * impact * confidence) / 100 / effort;
  return Math.round(raw * 100) / 100;
}

/**
 * How a score is shown: whole numbers from 100 up (1,235), one decimal from
 * 10 (12.3), two below (0.42), in the reader's language (1 235 in French).
 */
export function formatScore(score: number, lang: Language): string {
  const digits = score >= 100 ? 0 : score >= 10 ? 1 : 2;
  return numberFormat(lang, digits).format(score);
}

/** Plain numbers in the reader's language (reach, value per year, effort). */
export function formatNumber(value: number, lang: Language, maxDigits = 2): string {
  return numberFormat(lang, maxDigits).format(value);
}

/**
 * Building an Intl.NumberFormat costs far more than formatting with one (a
 * profile of the pitch submission put it at 6 % of the request's CPU): one
 * per language and number of digits, kept (decision 0022).
 */
const formats = new Map<string, Intl.NumberFormat>();
function numberFormat(lang: Language, digits: number): Intl.NumberFormat {
  const key = `${lang}:${digits}`;
  let f = formats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(lang === 'fr' ? 'fr-FR' : 'en-US', { maximumFractionDigits: digits });
    formats.set(key, f);
  }
  return f;
}

/** The backlog order: best score first; equal scores, the older pitch (lower id) first. */
export function compareRanked(a: { score: number; id: number }, b: { score: number; id: number }): number {
  return b.score - a.score || a.id - b.id;
}

/*
 * The public door of `insights`: what other features may use. Everything else in
 * this folder is private to it (checked by .dependency-cruiser.cjs).
 */
export { formatArr, insightModal, sourceLabel } from './blocks.js';
export { checkDraft, findTribe, parseArr, tribeOfChannel, validTribes } from './parse.js';
export { canTriage, deliverTriageCard, refreshTriageCard } from './service.js';
export { getInsight, insertInsight, listInsights, searchInsights } from './store.js';
export type { InsightSource } from './text.js';

import { ACTIONS } from './blocks.js';
/**
 * The triage card's "Link to opportunity" button: insights draws it, src/opportunities
 * answers it (registers the handler, opens its picker) so insights never imports opportunities.
 */
export const ACTION_LINK_TO_OPPORTUNITY = ACTIONS.link;
/** The insight's "Details" button (opens its form): the App Home draws it on its rows (issue 14 item 8). */
export const ACTION_INSIGHT_DETAILS = ACTIONS.details;

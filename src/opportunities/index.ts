/*
 * The public door of `opportunities`: what other features may use. Everything else in
 * this folder is private to it (checked by .dependency-cruiser.cjs).
 */
export { opportunityCard, pitchModal, statusLabel, transitionNote } from './blocks.js';
export { isStatus } from './lifecycle.js';
export type { Status } from './lifecycle.js';
export { formatNumber, formatScore } from './rice.js';
export { evidenceFacts } from './facts.js';
export type { EvidenceFacts } from './facts.js';
export { awaitingAgenda, transition } from './service.js';
export type { TransitionResult } from './service.js';
export { getOpportunityRow, recordTransition } from './store.js';
export type { OpportunityRow } from './store.js';

import { ACTIONS } from './blocks.js';
/**
 * The card's "Request an agenda slot" button: opportunities draws it, src/agenda
 * answers it (registers the handler) so opportunities never imports the agenda.
 */
export const ACTION_REQUEST_AGENDA_SLOT = ACTIONS.requestSlot;
/**
 * The card's "Edit": the agenda's bad-news DMs (a declined item, a rework) offer it
 * as their next step; opportunities answers it with the edit modal (issue 14 item 10).
 */
export const ACTION_EDIT_OPPORTUNITY = ACTIONS.edit;
/**
 * The card's "Details" (an ephemeral with the whole opportunity): the agenda's validation DM offers it per item,
 * and the App Home draws it on its rows (issue 14 item 8).
 */
export const ACTION_OPPORTUNITY_DETAILS = ACTIONS.details;

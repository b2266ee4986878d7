/*
 * The public door of `agenda`: what other features may use. Everything else in
 * this folder is private to it (checked by .dependency-cruiser.cjs).
 */
export { itemTitle, live } from './blocks.js';
export { releaseSkippedOccurrence } from './skip.js';
export { agendaHomeBlocks } from './home.js';
export { schedule } from './slots.js';
export { agendaStepHandler } from './steps.js';
export { endItem, isLocked, itemsOf } from './store.js';
export { isAgendaRitual } from './window.js';

/*
 * The public door of `bugs`: what other features may use. Everything else in
 * this folder is private to it (checked by .dependency-cruiser.cjs).
 */
export { registerModal } from './blocks.js';
export { NO_TEAM, median } from './figures.js';
export { SEVERITIES, bugRisk, resolvedWithinSla } from './sla.js';
export { canManage, resolveBug } from './service.js';
export { bugStore } from './store.js';
export type { Severity } from './sla.js';
export { checkTrackerTeams, trackersSchema } from './trackers/config.js';
export { WEBHOOK_PATH, signWebhook } from './webhook.js';

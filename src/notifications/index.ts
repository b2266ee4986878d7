/*
 * The public door of `notifications`: what other features may use. Everything else in
 * this folder is private to it (checked by .dependency-cruiser.cjs).
 */
export { ACTION_NOTIFY_LEVEL, myInsightsBlocks } from './blocks.js';
export { isLevel, levelOf, myInsights, setLevel, shippedForCustomers } from './store.js';
export type { MyInsight } from './store.js';
export type { ShippedForCustomers } from './store.js';

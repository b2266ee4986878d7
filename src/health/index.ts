/*
 * The public door of `health`: what other features may use. Everything else in
 * this folder is private to it (checked by .dependency-cruiser.cjs).
 */
export { healthStepEffects } from './steps.js';
export { healthDigestSection } from './digest.js';

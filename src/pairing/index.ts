/*
 * The public door of `pairing`: what other features may use. Everything else in
 * this folder is private to it (checked by .dependency-cruiser.cjs).
 */
export { pairingDigestSection, pairingStepEffects } from './service.js';

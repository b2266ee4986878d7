/*
 * The public door of `digests`: what other features may use. Everything else in
 * this folder is private to it (checked by .dependency-cruiser.cjs).
 */
export type { DigestScope, Period } from './queries.js';

/*
 * The public door of `roadmap`: what other features may use. Everything else in
 * this folder is private to it (checked by .dependency-cruiser.cjs).
 */
export { roadmapHomeBlocks } from './blocks.js';
export { roadmapBalance } from './service.js';

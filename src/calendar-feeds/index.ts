/*
 * The public door of `calendar-feeds`: what other features may use. Everything else in
 * this folder is private to it (checked by .dependency-cruiser.cjs).
 */
export { reminderLinks } from './links.js';

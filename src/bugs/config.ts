/**
 * The bugs feature's part of the organisation config (a declaration: core's
 * src/config/org.ts reads it, so it imports nothing but core and other
 * declarations).
 */
export type Severity = 'critical' | 'high' | 'medium' | 'low';
export const SEVERITIES: readonly Severity[] = Object.freeze(['critical', 'high', 'medium', 'low']);

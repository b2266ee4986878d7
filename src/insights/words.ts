import type { AliasTable } from '../core/aliases.js';
import type { InsightSource } from './text.js';

/*
 * `/insight` as French speakers type it (decision 0030): one table per kind of
 * word; the canonical (English) word is what the parser returns.
 */

/** First words. `search` is only a search when unambiguous (`?`, `search:`): see parseInsightCommand. */
export const INSIGHT_SUBCOMMANDS: AliasTable<'help' | 'search' | 'list' | 'log'> = {
  help: ['aide'],
  search: ['recherche', 'rechercher', 'chercher'],
  list: ['liste'],
  log: ['noter'],
};

/** `key:value` token keys. */
export const INSIGHT_KEYS: AliasTable<'customer' | 'source' | 'tribe' | 'arr' | 'segment'> = {
  customer: ['client'],
  source: [],
  tribe: ['tribu'],
  arr: [],
  segment: [],
};
export type InsightKey = keyof typeof INSIGHT_KEYS;

/** `source:` values. */
export const SOURCE_WORDS: AliasTable<InsightSource> = {
  call: ['appel'],
  ticket: [],
  sales: ['ventes', 'commercial'],
  csm: [],
  test: [],
  internal: ['interne'],
  other: ['autre'],
};

/** `/insight list` filter words. */
export const LIST_WORDS: AliasTable<'untriaged' | 'archived' | 'mine'> = {
  untriaged: ['à-trier', 'non-triés', 'non-trié'],
  archived: ['archivés', 'archivé', 'archives'],
  mine: ['moi', 'mes'],
};

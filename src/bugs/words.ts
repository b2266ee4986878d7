import type { AliasTable } from '../core/aliases.js';
import { canonical, normalised } from '../core/aliases.js';
import { splitSubcommand } from '../core/subcommand.js';
import type { Severity } from './config.js';

/*
 * `/bug` as French speakers type it (decision 0030): one table per kind of
 * word; the canonical (English) word is what the code switches on.
 */

export const BUG_SUBCOMMANDS: AliasTable<'help' | 'list' | 'stats' | 'show' | 'resolve' | 'reopen' | 'assign'> = {
  help: ['aide'],
  list: ['liste'],
  stats: ['statistiques'],
  show: ['voir', 'afficher'],
  resolve: ['résoudre', 'résolu'],
  reopen: ['rouvrir'],
  assign: ['assigner', 'attribuer'],
};

/** `key:value` options of `/bug <KEY> <title>`. */
export const BUG_KEYS: AliasTable<'severity' | 'team' | 'qualified' | 'url'> = {
  severity: ['sev', 'sévérité', 'gravité'],
  team: ['équipe'],
  qualified: ['qualifié', 'qualification'],
  url: ['lien'],
};

export const SEVERITY_WORDS: AliasTable<Severity> = {
  critical: ['critique', 'bloquant', 'bloquante'],
  high: ['haute', 'haut', 'élevée'],
  medium: ['moyenne', 'moyen'],
  low: ['basse', 'bas', 'faible'],
};

/** `/bug list` filter words (the `team:` key is BUG_KEYS'). */
export const BUG_LIST_WORDS: AliasTable<'breached' | 'due_soon'> = {
  breached: ['dépassé', 'dépassés', 'en-retard', 'retard'],
  due_soon: ['due-soon', 'duesoon', 'bientôt', 'échéance-proche'],
};

/** `/bug voir PAY-1` → `show`, `PAY-1`; a word that is no subcommand (a tracker key) is returned as typed, lower-cased. */
export function splitBugSubcommand(text: string): { sub: string; rest: string } {
  const { sub, rest } = splitSubcommand(text);
  return { sub: normalised(BUG_SUBCOMMANDS, sub), rest };
}

export function bugKeyOf(word: string): keyof typeof BUG_KEYS | undefined {
  return canonical(BUG_KEYS, word);
}

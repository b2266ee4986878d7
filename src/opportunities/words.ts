import type { AliasTable } from '../core/aliases.js';
import type { Status } from './lifecycle.js';

/*
 * `/pitch` as French speakers type it (decision 0030): one table per kind of
 * word; the canonical (English) word is what the parser returns.
 */

export const PITCH_SUBCOMMANDS: AliasTable<'help' | 'list' | 'health' | 'show' | 'edit' | 'move'> = {
  help: ['aide'],
  list: ['liste'],
  health: ['santé'],
  show: ['voir', 'afficher'],
  edit: ['modifier'],
  move: ['déplacer', 'passer'],
};

/** `key:value` filters of `/pitch list` and `/pitch health`. */
export const PITCH_KEYS: AliasTable<'tribe' | 'commitment' | 'status'> = {
  tribe: ['tribu'],
  commitment: ['engagement'],
  status: ['statut', 'état'],
};

/** Status words; several words are joined with "-" before lookup ("ordre du jour" → "ordre-du-jour"). */
export const STATUS_WORDS: AliasTable<Status | 'open' | 'all'> = {
  draft: ['brouillon'],
  pitched: ['proposée', 'proposé'],
  on_agenda: ['on-agenda', 'agenda', 'ordre-du-jour', 'à-l’ordre-du-jour'],
  go: ['validée', 'validé'],
  rework: ['à-retravailler', 'retravailler'],
  no_go: ['no-go', 'nogo', 'refusée', 'refusé'],
  in_roadmap: ['in-roadmap', 'roadmap', 'feuille-de-route'],
  shipped: ['livrée', 'livré'],
  open: ['ouvertes', 'ouverte', 'ouverts', 'ouvert'],
  all: ['toutes', 'tous', 'tout'],
};

export const PITCH_LIST_WORDS: AliasTable<'mine'> = {
  mine: ['moi', 'mes', 'miennes'],
};

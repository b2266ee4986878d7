import { normalised, type AliasTable } from '../core/aliases.js';

/** `/agenda` subcommands as French speakers type them (decision 0030). */
export const AGENDA_SUBCOMMANDS: AliasTable<'help' | 'signup' | 'withdraw'> = {
  help: ['aide'],
  signup: ['inscription', 'inscrire', 's’inscrire'],
  withdraw: ['retirer', 'retrait', 'désinscrire', 'se-désinscrire'],
};

/** `inscription` → `signup`; anything else (a ritual key, a typo) as typed. */
export function agendaSubcommandOf(word: string): string {
  return normalised(AGENDA_SUBCOMMANDS, word);
}

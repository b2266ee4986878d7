import { defineMessages } from '../i18n/define.js';

export const ritualMessages = defineMessages(
  {
    'ritual.skip.usage': 'Usage: `/cadence skip <ritual> <YYYY-MM-DD>`, for example `/cadence skip pam 2026-12-24`. Rituals: {rituals}.',
    'ritual.skip.notAdmin': 'Only Cadence admins can skip a ritual. Ask one of: {admins}.',
    'ritual.skip.unknownRitual': 'There is no ritual `{ritual}`. Rituals: {rituals}.',
    'ritual.skip.badDate': '`{date}` is not a date written YYYY-MM-DD (for example 2026-12-24).',
    'ritual.skip.notAnOccurrence': '{name} does not happen on {date}. Next dates: {next}.',
    'ritual.skip.past': '{date} is already past: nothing to skip.',
    'ritual.skip.done': 'Done: {name} on {date} is skipped, with all its reminders and steps.',
    'ritual.skip.already': '{name} on {date} was already skipped.',
  },
  {
    'ritual.skip.usage': 'Usage : `/cadence skip <rituel> <AAAA-MM-JJ>`, par exemple `/cadence skip pam 2026-12-24`. Rituels : {rituals}.',
    'ritual.skip.notAdmin': 'Seuls les admins Cadence peuvent annuler une occurrence de rituel. Demandez à : {admins}.',
    'ritual.skip.unknownRitual': 'Il n’existe pas de rituel `{ritual}`. Rituels : {rituals}.',
    'ritual.skip.badDate': '`{date}` n’est pas une date au format AAAA-MM-JJ (par exemple 2026-12-24).',
    'ritual.skip.notAnOccurrence': '{name} n’a pas lieu le {date}. Prochaines dates : {next}.',
    'ritual.skip.past': 'Le {date} est déjà passé : rien à annuler.',
    'ritual.skip.done': 'C’est fait : {name} du {date} est annulé, avec tous ses rappels et étapes.',
    'ritual.skip.already': '{name} du {date} était déjà annulé.',
  },
);

import { defineMessages } from './define.js';

export const coreMessages = defineMessages(
  {
    'help.title': 'Cadence runs your product rituals',
    'help.intro': 'Here is what I can do. Everything I answer you here is visible only to you.',
    'help.insight': '*`/insight <text>`* — log customer or internal feedback in seconds (`#tag`, `customer:Acme`, `source:call`, `tribe:payments`). `/insight search <words>` finds past insights.',
    'help.pitch': '*`/pitch`* — pitch an opportunity (problem, evidence, value, RICE) for the alignment meeting. `/pitch list` shows the ranked backlog.',
    'help.bug': '*`/bug <KEY> <title>`* — register a QA-qualified bug: the 7-day clock starts and I warn before the deadline.',
    'help.agenda': '*`/agenda`* — the next Product Alignment Meeting agenda; `/agenda signup` to present.',
    'help.cadence': '*`/cadence help`* — this message. *`/cadence language en|fr`* — choose your language. *`/cadence digest [tribe]`* — this week at a glance. *`/cadence skip <ritual> <YYYY-MM-DD>`* — cancel one occurrence of a ritual (admins).',
    'help.shortcut': 'On any message: *More actions ⋯ › Log as insight*.',
    'help.footer': 'Cadence {version} · {org}',
    'language.set': 'Done: I will answer you in English from now on.',
    'language.usage': 'Usage: `/cadence language en` or `/cadence language fr` (you chose `{given}`).',
    'cadence.unknown': 'I do not know `/cadence {sub}`. Try `/cadence help`.',
    'error.generic': 'Something went wrong on my side and nothing was changed. Please try again; if it keeps happening, tell your Cadence admin (reference {ref}).',
  },
  {
    'help.title': 'Cadence anime vos rituels produit',
    'help.intro': 'Voici ce que je sais faire. Mes réponses ici ne sont visibles que par vous.',
    'help.insight': '*`/insight <texte>`* — consignez un retour client ou interne en quelques secondes (`#tag`, `customer:Acme`, `source:call`, `tribe:payments`). `/insight search <mots>` retrouve les insights passés.',
    'help.pitch': '*`/pitch`* — présentez une opportunité (problème, preuves, valeur, RICE) pour la réunion d’alignement. `/pitch list` affiche le backlog classé.',
    'help.bug': '*`/bug <CLÉ> <titre>`* — enregistrez un bug qualifié par la QA : le délai de 7 jours démarre et je préviens avant l’échéance.',
    'help.agenda': '*`/agenda`* — l’ordre du jour de la prochaine réunion d’alignement produit ; `/agenda signup` pour présenter.',
    'help.cadence': '*`/cadence help`* — ce message. *`/cadence language en|fr`* — choisissez votre langue. *`/cadence digest [tribu]`* — la semaine en un coup d’œil. *`/cadence skip <rituel> <AAAA-MM-JJ>`* — annulez une occurrence d’un rituel (admins).',
    'help.shortcut': 'Sur n’importe quel message : *Plus d’actions ⋯ › Consigner comme insight*.',
    'help.footer': 'Cadence {version} · {org}',
    'language.set': 'C’est noté : je vous répondrai désormais en français.',
    'language.usage': 'Usage : `/cadence language en` ou `/cadence language fr` (vous avez indiqué `{given}`).',
    'cadence.unknown': 'Je ne connais pas `/cadence {sub}`. Essayez `/cadence help`.',
    'error.generic': 'Un problème est survenu de mon côté et rien n’a été modifié. Réessayez ; si cela se reproduit, prévenez votre admin Cadence (référence {ref}).',
  },
);

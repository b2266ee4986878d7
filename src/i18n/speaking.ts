import { defineMessages } from './define.js';

/*
 * Speaking French to the bot (issue 14 items 3 and 4, decision 0030): unknown
 * options, the French forms in help, the language choice, "Search instead".
 */
export const speakingMessages = defineMessages(
  {
    'lang.token.unknown': '`{given}:`? Did you mean `{suggestion}:`? Nothing was saved. To keep it as text, put a space after the colon.',
    'lang.token.unknownNone': 'I do not know the option `{given}:`. Options here: {valid}. Nothing was saved. To keep it as text, put a space after the colon.',
    'lang.forms': 'In French too: {forms}.',
    'lang.cadence.unknownClose': 'I do not know `/cadence {sub}`. Did you mean `/cadence {suggestion}`?',
    'lang.language.auto': 'Done: I will answer you in the language of your Slack settings when I speak it (English or French), else in the organisation’s.',
    'lang.language.usage': 'Usage: `/cadence language en`, `/cadence language fr` or `/cadence language auto` (your Slack’s language); you wrote `{given}`.',
    'lang.insight.ambiguous': 'Logged as an insight. Meant a search? Use *Search instead*, and next time write `/insight ? {words}`.',
    'lang.insight.searchInstead': 'Search instead',
    'lang.insight.searchInstead.removed': 'Insight #{id} was removed: you wanted to search for “{words}”.',
    'lang.insight.searchInstead.kept': 'Insight #{id} stays logged: only its author can remove it, shortly after logging it.',
    'lang.home.label': 'Language',
    'lang.home.hint': 'The language Cadence answers you in.',
    'lang.home.auto': 'Same as my Slack',
    'lang.home.en': 'English',
    'lang.home.fr': 'Français',
  },
  {
    'lang.token.unknown': '`{given}:`\u202f? Vouliez-vous dire `{suggestion}:`\u202f? Rien n’a été enregistré. Pour le garder dans le texte, mettez une espace après les deux-points.',
    'lang.token.unknownNone': 'Je ne connais pas l’option `{given}:`. Options possibles ici\u202f: {valid}. Rien n’a été enregistré. Pour la garder dans le texte, mettez une espace après les deux-points.',
    'lang.forms': 'En français aussi\u202f: {forms}.',
    'lang.cadence.unknownClose': 'Je ne connais pas `/cadence {sub}`. Vouliez-vous dire `/cadence {suggestion}`\u202f?',
    'lang.language.auto': 'C’est noté\u202f: je vous répondrai dans la langue de vos réglages Slack quand je la parle (français ou anglais), sinon dans celle de l’organisation.',
    'lang.language.usage': 'Usage\u202f: `/cadence langue fr`, `/cadence langue en` ou `/cadence langue auto` (la langue de votre Slack)\u202f; vous avez écrit `{given}`.',
    'lang.insight.ambiguous': 'Consigné comme insight. Vous vouliez chercher\u202f? Utilisez *Rechercher plutôt*, et la prochaine fois écrivez `/insight ? {words}`.',
    'lang.insight.searchInstead': 'Rechercher plutôt',
    'lang.insight.searchInstead.removed': 'L’insight #{id} a été retiré\u202f: vous vouliez chercher «\u202f{words}\u202f».',
    'lang.insight.searchInstead.kept': 'L’insight #{id} reste consigné\u202f: seul son auteur peut le retirer, peu après l’avoir consigné.',
    'lang.home.label': 'Langue',
    'lang.home.hint': 'La langue dans laquelle Cadence vous répond.',
    'lang.home.auto': 'Comme mon Slack',
    'lang.home.en': 'English',
    'lang.home.fr': 'Français',
  },
);

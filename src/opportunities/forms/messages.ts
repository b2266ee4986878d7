import { defineMessages } from '../../i18n/define.js';

/*
 * The pitch form in two steps (issue 14 item 13): titles, the honest submit
 * labels, and what each choice means. A declaration like messages.ts, kept
 * apart (forms/) so the French typography pass on messages.ts merges cleanly.
 * Titles and submit labels: at most 24 characters (Slack's limit).
 */
export const pitchFormMessages = defineMessages(
  {
    'opp.form.title1': 'Pitch · 1 of 2',
    'opp.form.title2': 'Pitch · 2 of 2',
    'opp.form.editTitle1': '#{id} · 1 of 2',
    'opp.form.editTitle2': '#{id} · 2 of 2',
    'opp.form.next': 'Next',
    'opp.form.pitch': 'Pitch',
    'opp.form.saveDraft': 'Save draft',
    'opp.form.save': 'Save',
    'opp.form.back': 'Back',
    'opp.form.step1': 'Step 1 of 2: the problem and what solving it is worth. Next: how to solve it, and its RICE score.',
    'opp.form.step2': 'Step 2 of 2: how to solve “{title}”, and its RICE score. *Back* returns to step 1 with what you typed.',
    'opp.form.draftOption': 'Save as a draft',
    'opp.form.draftHint': 'Only you see a draft until you pitch it from its card. The button below says what happens.',
    'opp.form.expired': 'This form’s first step is no longer known (it was filled more than a day ago). Close it and pitch again.',
    'opp.form.fromStep1': 'In step 1: {message}',
  },
  {
    'opp.form.title1': 'Proposer · 1 sur 2',
    'opp.form.title2': 'Proposer · 2 sur 2',
    'opp.form.editTitle1': '#{id} · 1 sur 2',
    'opp.form.editTitle2': '#{id} · 2 sur 2',
    'opp.form.next': 'Suivant',
    'opp.form.pitch': 'Proposer',
    'opp.form.saveDraft': 'Garder en brouillon',
    'opp.form.save': 'Enregistrer',
    'opp.form.back': 'Retour',
    'opp.form.step1': 'Étape 1 sur 2\u202f: le problème et ce que vaut sa résolution. Ensuite\u202f: comment le résoudre, et son score RICE.',
    'opp.form.step2': 'Étape 2 sur 2\u202f: comment résoudre «\u202f{title}\u202f», et son score RICE. *Retour* ramène à l’étape 1 avec ce que vous avez saisi.',
    'opp.form.draftOption': 'Garder en brouillon',
    'opp.form.draftHint': 'Vous seul voyez un brouillon jusqu’à ce que vous le proposiez depuis sa fiche. Le bouton ci-dessous dit ce qui se passe.',
    'opp.form.expired': 'La première étape de ce formulaire n’est plus connue (remplie il y a plus d’un jour). Fermez-le et proposez de nouveau.',
    'opp.form.fromStep1': 'À l’étape 1\u202f: {message}',
  },
);

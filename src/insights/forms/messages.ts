import { defineMessages } from '../../i18n/define.js';

/*
 * The insight form's and the duplicate flow's words (issue 14 items 11, 12, 13):
 * errors written for a form field (no command syntax, no backticks: the form
 * stays open with what was typed), the merge of a confirmed duplicate, and the
 * honest "Edit tags". A declaration like messages.ts, kept apart (forms/) so the
 * French typography pass on messages.ts and these additions merge cleanly.
 */
export const insightFormMessages = defineMessages(
  {
    'insight.form.empty': 'Write what you heard, in the customer’s words.',
    'insight.form.tooLong': 'This is {length} characters; the limit is {max}. Shorten it, or link the full conversation.',
    'insight.form.badTag': '“{tag}” cannot be a tag: use letters, digits, - and _ (not only digits).',
    'insight.form.longTag': 'The tag “{tag}” is longer than {max} characters.',
    'insight.form.tooManyTags': '{count} tags is too many: keep {max} at most.',
    'insight.form.unknownSource': 'Pick a source from the list.',
    'insight.form.unknownTribe': 'Pick a tribe from the list, or leave it empty for the insights inbox.',
    'insight.form.longCustomer': 'Keep the customer name to {max} characters.',
    'insight.form.badArr': 'Write the ARR as a whole amount, e.g. 120000.',
    'insight.form.unknownSegment': 'Pick a segment from the list.',
    'insight.form.notAllowed': 'Only the person who logged insight #{id}, its tribe’s members and admins can edit it.',
    'insight.form.gone': 'Insight #{id} no longer exists: it was undone. Close this form.',
    'insight.dup.held': 'Its triage card waits for your answer: is it the same as one of these, or something new?',
    'insight.button.notSame': 'No, it is new',
    'insight.notSame.done': 'Insight #{id} goes to triage as a new insight.',
    'insight.merge.done': 'Insight #{id} is merged into #{of}: it joins #{of}’s tribe and counts once, with #{of}, as evidence.',
    'insight.merge.already': 'Insight #{id} is already merged into #{of}.',
    'insight.card.merged': 'Merged into #{of} by <@{user}>',
    'insight.button.editTags': 'Edit tags',
    'insight.tags.editTitle': 'Edit tags',
  },
  {
    'insight.form.empty': 'Écrivez ce que vous avez entendu, avec les mots du client.',
    'insight.form.tooLong': 'Ce texte fait {length} caractères\u202f; la limite est de {max}. Raccourcissez-le, ou mettez un lien vers la conversation complète.',
    'insight.form.badTag': '«\u202f{tag}\u202f» ne peut pas être un tag\u202f: lettres, chiffres, - et _ (pas uniquement des chiffres).',
    'insight.form.longTag': 'Le tag «\u202f{tag}\u202f» dépasse {max} caractères.',
    'insight.form.tooManyTags': '{count} tags, c’est trop\u202f: gardez-en {max} au plus.',
    'insight.form.unknownSource': 'Choisissez une source dans la liste.',
    'insight.form.unknownTribe': 'Choisissez une tribu dans la liste, ou laissez vide pour la boîte de réception des insights.',
    'insight.form.longCustomer': 'Le nom du client doit tenir en {max} caractères.',
    'insight.form.badArr': 'Écrivez l’ARR en montant entier, par exemple 120000.',
    'insight.form.unknownSegment': 'Choisissez un segment dans la liste.',
    'insight.form.notAllowed': 'Seuls la personne qui a consigné l’insight #{id}, les membres de sa tribu et les admins peuvent le modifier.',
    'insight.form.gone': 'L’insight #{id} n’existe plus\u202f: il a été annulé. Fermez ce formulaire.',
    'insight.dup.held': 'Sa fiche de tri attend votre réponse\u202f: est-ce la même chose que l’un de ceux-ci, ou quelque chose de nouveau\u202f?',
    'insight.button.notSame': 'Non, c’est nouveau',
    'insight.notSame.done': 'L’insight #{id} part au tri comme un nouvel insight.',
    'insight.merge.done': 'L’insight #{id} est fusionné dans le #{of}\u202f: il rejoint la tribu du #{of} et compte une seule fois, avec le #{of}, comme preuve.',
    'insight.merge.already': 'L’insight #{id} est déjà fusionné dans le #{of}.',
    'insight.card.merged': 'Fusionné dans le #{of} par <@{user}>',
    'insight.button.editTags': 'Modifier les tags',
    'insight.tags.editTitle': 'Modifier les tags',
  },
);

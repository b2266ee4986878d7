import type { App, BlockButtonAction } from '@slack/bolt';
import type { AppContext } from '../context.js';
import { translator } from '../i18n/index.js';
import { insightModal } from '../insights/index.js';
import { oncePerView } from '../slack/once-per-view.js';
import { escapeText } from '../slack/text.js';
import {
  ACTION_BREAKFAST_INSIGHT,
  ACTION_PROPOSE_TOPIC,
  ACTION_VOLUNTEER,
  TOPIC_MAX,
  VIEW_PROPOSE_TOPIC,
  parseOccurrenceRef,
  topicModal,
  volunteersCallMessage,
} from './blocks.js';

type VolunteerResult =
  | { kind: 'added'; volunteers: string[]; complete: boolean }
  | { kind: 'already' }
  | { kind: 'full'; volunteers: string[] };

/**
 * Rule: a call takes at most `need` volunteers. Count and insert run in one
 * synchronous transaction, so two clicks racing for the last place cannot
 * both get it.
 */
export function volunteer(ctx: AppContext, ritualKey: string, occurrenceKey: string, userId: string, need: number, now: Date): VolunteerResult {
  const list = ctx.db.prepare<[string, string], { user_id: string }>(
    'SELECT user_id FROM ritual_volunteers WHERE ritual_key = ? AND occurrence_key = ? ORDER BY volunteered_at, rowid',
  );
  return ctx.db.transaction((): VolunteerResult => {
    const current = list.all(ritualKey, occurrenceKey).map((r) => r.user_id);
    if (current.includes(userId)) return { kind: 'already' };
    if (current.length >= need) return { kind: 'full', volunteers: current };
    ctx.db
      .prepare('INSERT INTO ritual_volunteers (ritual_key, occurrence_key, user_id, volunteered_at) VALUES (?, ?, ?, ?)')
      .run(ritualKey, occurrenceKey, userId, now.toISOString());
    const volunteers = [...current, userId];
    return { kind: 'added', volunteers, complete: volunteers.length >= need };
  }).immediate();
}

export function registerRitualInteractions(app: App, ctx: AppContext): void {
  app.action<BlockButtonAction>(ACTION_VOLUNTEER, async ({ ack, body, action, client }) => {
    await ack();
    const tr = ctx.tr(body.user.id);
    const channel = body.channel?.id;
    const ref = parseOccurrenceRef(action.value ?? '');
    const ritual = ref && ctx.org.rituals.find((r) => r.key === ref.ritualKey);
    if (!ref || !ritual || !channel) {
      if (channel) await client.chat.postEphemeral({ channel, user: body.user.id, text: tr('ritual.unknown') });
      return;
    }
    const need = ritual.volunteers ?? 3;
    const result = volunteer(ctx, ref.ritualKey, ref.occurrenceKey, body.user.id, need, ctx.clock.now());
    const people = (list: string[]) => list.map((u) => `<@${u}>`).join(', ');
    if (result.kind === 'already') {
      await client.chat.postEphemeral({ channel, user: body.user.id, text: tr('ritual.volunteers.already') });
      return;
    }
    if (result.kind === 'full') {
      await client.chat.postEphemeral({ channel, user: body.user.id, text: tr('ritual.volunteers.full', { need, people: people(result.volunteers) }) });
      return;
    }
    // The call message is shared: it speaks the organisation's language, not the clicker's.
    const orgTr = translator(ctx.org.organisation.language);
    const updated = volunteersCallMessage(orgTr, { ritual, need, volunteers: result.volunteers, ref: action.value ?? '' });
    if (body.message?.ts) await client.chat.update({ channel, ts: body.message.ts, text: updated.text, blocks: updated.blocks });
    await client.chat.postEphemeral({
      channel,
      user: body.user.id,
      text: tr('ritual.volunteers.thanks', { name: ritual.name, have: result.volunteers.length, need }),
    });
  });

  // Product Breakfast: a question or a piece of customer feedback becomes an
  // insight tagged `breakfast`, through the insight form everyone knows.
  app.action<BlockButtonAction>(ACTION_BREAKFAST_INSIGHT, async ({ ack, body, client }) => {
    await ack();
    await client.views.open({
      trigger_id: body.trigger_id,
      view: insightModal(ctx.tr(body.user.id), ctx.org, {
        metadata: body.channel?.id ? { channel: body.channel.id } : {},
        prefill: { tags: ['breakfast'], source: 'internal' },
      }),
    });
  });

  app.action<BlockButtonAction>(ACTION_PROPOSE_TOPIC, async ({ ack, body, action, client }) => {
    await ack();
    const ref = parseOccurrenceRef(action.value ?? '');
    if (!ref || !body.channel?.id || !body.message?.ts) return;
    await client.views.open({
      trigger_id: body.trigger_id,
      view: topicModal(ctx.tr(body.user.id), { ref: action.value ?? '', channel: body.channel.id, messageTs: body.message.ts }),
    });
  });

  app.view(VIEW_PROPOSE_TOPIC, async ({ ack, body, view, client }) => {
    const tr = ctx.tr(body.user.id);
    const topic = ((view.state.values ?? {}).topic?.value?.value ?? '').trim();
    const speaker = (view.state.values ?? {}).speaker?.value?.selected_user ?? null;
    if (!topic) return void (await ack({ response_action: 'errors', errors: { topic: tr('ritual.topics.empty') } }));
    if (topic.length > TOPIC_MAX) return void (await ack({ response_action: 'errors', errors: { topic: tr('ritual.topics.tooLong', { max: TOPIC_MAX }) } }));
    const meta = parseTopicMetadata(view.private_metadata);
    const ref = meta && parseOccurrenceRef(meta.ref);
    if (!meta || !ref) return void (await ack({ response_action: 'errors', errors: { topic: tr('ritual.unknown') } }));
    // The metadata comes back from the client: the topic goes to the ritual's own channel, never to one it names (issue 19, item 13).
    const ritual = ctx.org.rituals.find((r) => r.key === ref.ritualKey);
    if (!ritual || ritual.channel !== meta.channel) return void (await ack({ response_action: 'errors', errors: { topic: tr('ritual.unknown') } }));
    // The same view submitted twice (Submit clicked again after a slow ack) proposes the topic once.
    const once = oncePerView(ctx.db, { viewId: view.id, userId: body.user.id, kind: 'ritual-topic' }, ctx.clock.now(), () => {
      const r = ctx.db
        .prepare('INSERT INTO ritual_topics (ritual_key, occurrence_key, proposed_by, topic, speaker, proposed_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(ref.ritualKey, ref.occurrenceKey, body.user.id, topic, speaker, ctx.clock.now().toISOString());
      return { value: undefined, record: String(r.lastInsertRowid) };
    });
    await ack();
    if (once.repeated) return;
    const orgTr = translator(ctx.org.organisation.language);
    const text = speaker
      ? orgTr('ritual.topics.postedWithSpeaker', { user: body.user.id, topic: escapeText(topic), speaker })
      : orgTr('ritual.topics.posted', { user: body.user.id, topic: escapeText(topic) });
    await client.chat.postMessage({ channel: meta.channel, thread_ts: meta.messageTs, text });
  });
}

function parseTopicMetadata(text: string): { ref: string; channel: string; messageTs: string } | undefined {
  try {
    const v: unknown = JSON.parse(text);
    if (v && typeof v === 'object' && 'ref' in v && 'channel' in v && 'messageTs' in v) {
      const { ref, channel, messageTs } = v;
      if (typeof ref === 'string' && typeof channel === 'string' && typeof messageTs === 'string') return { ref, channel, messageTs };
    }
  } catch {
    // Forged or truncated metadata: treated as unknown below.
  }
  return undefined;
}

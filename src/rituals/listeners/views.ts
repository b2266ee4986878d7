import type { AllMiddlewareArgs, SlackViewMiddlewareArgs } from '@slack/bolt';
import type { AppContext } from '../../context.js';
import { translator } from '../../i18n/index.js';
import { oncePerView } from '../../slack/once-per-view.js';
import { escapeText } from '../../slack/text.js';
import { TOPIC_MAX, parseOccurrenceRef } from '../blocks.js';

export type ViewArgs = SlackViewMiddlewareArgs & AllMiddlewareArgs;

/** The topic form: the topic stored once and posted in the call's thread, in the ritual's own channel. */
export async function topicSubmitted(ctx: AppContext, { ack, body, view, client }: ViewArgs): Promise<void> {
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

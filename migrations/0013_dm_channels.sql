-- The DM channel (D…) Slack's conversations.open answered for each person, so
-- Cadence posts DMs to the conversation id, as Slack's chat.postMessage reference
-- recommends, and opens each DM once rather than before every message.
CREATE TABLE dm_channels (
  user_id    TEXT PRIMARY KEY,
  channel_id TEXT NOT NULL,
  opened_at  TEXT NOT NULL
) STRICT;

-- Closing the loop (src/notifications/, docs/decisions/0018-closing-the-loop.md):
-- the people who logged an insight (its reporter, and its voice when that is a
-- colleague) hear what became of it.

-- One row per (person, change, insight): written by the domain-event listener
-- in the same transaction as the change itself (triage, evidence link, status
-- move), so a change and its notice commit together. The notifications job
-- groups waiting rows into one DM per (person, kind, opportunity), claims them
-- (state 'waiting' -> 'queued' with the outbox key) and enqueues the DM in one
-- transaction: exactly once, across restarts.
CREATE TABLE loop_notices (
  id             INTEGER PRIMARY KEY,
  recipient      TEXT NOT NULL,
  kind           TEXT NOT NULL CHECK (kind IN ('triaged', 'linked', 'go', 'rework', 'no_go', 'in_roadmap', 'shipped')),
  -- NULL for 'triaged' (no opportunity yet).
  opportunity_id INTEGER REFERENCES opportunities (id) ON DELETE CASCADE,
  insight_id     INTEGER NOT NULL REFERENCES insights (id) ON DELETE CASCADE,
  -- Who made the change (never the recipient: nobody is told of their own change).
  actor          TEXT NOT NULL,
  -- The decision's note (rework feedback, no-go reason), as written.
  note           TEXT CHECK (note IS NULL OR length(note) <= 3000),
  created_at     TEXT NOT NULL,
  -- waiting: not sent yet; queued: in the outbox under batch_key; muted: the
  -- person's preference said no; dropped: no longer true when its batch went
  -- out (the evidence was unlinked).
  state          TEXT NOT NULL DEFAULT 'waiting' CHECK (state IN ('waiting', 'queued', 'muted', 'dropped')),
  batch_key      TEXT,
  batched_at     TEXT
) STRICT;
-- The job's scan: waiting rows by batch.
CREATE INDEX loop_notices_waiting ON loop_notices (recipient, kind, opportunity_id, id) WHERE state = 'waiting';
-- The insights export ("when each reporter was told what").
CREATE INDEX loop_notices_by_insight ON loop_notices (insight_id);

-- Per-person preference (/cadence notify all|shipped|off, App Home). No row = 'all'.
CREATE TABLE notification_settings (
  user_id    TEXT PRIMARY KEY,
  level      TEXT NOT NULL CHECK (level IN ('all', 'shipped', 'off')),
  updated_at TEXT NOT NULL
) STRICT;

-- "My insights" in the App Home: a person's insights as reporter or as voice.
CREATE INDEX insights_by_voice ON insights (voice_id, id) WHERE voice_id IS NOT NULL;

-- The ritual calendar's ledger and one-off skips.

-- One row per (ritual, occurrence, step), ever: the INSERT is the claim, so a
-- second tick, a restart or a manual run never repeats a step. A step that
-- was too late when first seen is recorded as skipped, with the reason.
CREATE TABLE ritual_step_runs (
  ritual_key     TEXT NOT NULL,
  occurrence_key TEXT NOT NULL,   -- '<local date>T<HH:mm>' of the occurrence
  step_key       TEXT NOT NULL,
  action         TEXT NOT NULL,
  due_at         TEXT NOT NULL,   -- when the step was due (UTC ISO)
  claimed_at     TEXT NOT NULL,   -- when this run took it (UTC ISO)
  status         TEXT NOT NULL CHECK (status IN ('done', 'skipped')),
  detail         TEXT,
  PRIMARY KEY (ritual_key, occurrence_key, step_key)
) STRICT;

-- One-off skips by an admin (`/cadence skip <ritual> <date>`); holidays live in the config.
CREATE TABLE ritual_skips (
  ritual_key TEXT NOT NULL,
  local_date TEXT NOT NULL,       -- YYYY-MM-DD in the organisation's time zone
  skipped_by TEXT NOT NULL,
  skipped_at TEXT NOT NULL,
  PRIMARY KEY (ritual_key, local_date)
) STRICT;

-- Party managers: who answered a call for volunteers (capped per occurrence in code).
CREATE TABLE ritual_volunteers (
  ritual_key     TEXT NOT NULL,
  occurrence_key TEXT NOT NULL,
  user_id        TEXT NOT NULL,
  volunteered_at TEXT NOT NULL,
  PRIMARY KEY (ritual_key, occurrence_key, user_id)
) STRICT;

-- Product Weekly: topics and guest speakers proposed after a call for topics.
CREATE TABLE ritual_topics (
  id             INTEGER PRIMARY KEY,
  ritual_key     TEXT NOT NULL,
  occurrence_key TEXT NOT NULL,
  proposed_by    TEXT NOT NULL,
  topic          TEXT NOT NULL,
  speaker        TEXT,
  proposed_at    TEXT NOT NULL
) STRICT;
CREATE INDEX ritual_topics_occurrence ON ritual_topics (ritual_key, occurrence_key);

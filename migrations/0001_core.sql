-- Core tables shared by every feature.

-- Per-person preferences. Slack does not send a locale with commands or
-- interactions, so the language someone chose with `/cadence language` is kept here.
CREATE TABLE user_settings (
  user_id    TEXT PRIMARY KEY,
  language   TEXT CHECK (language IN ('en', 'fr')),
  updated_at TEXT NOT NULL
) STRICT;

-- The scheduler's ledger: one row per (job, slot) it has claimed. A slot is the
-- minute a scheduled run was due (or the --at time of a manual run). The unique
-- key makes the claim atomic: a second tick, a restart or a second process
-- loses the INSERT and does not run the job twice for the same slot.
CREATE TABLE job_runs (
  job         TEXT NOT NULL,
  slot        TEXT NOT NULL,
  trigger     TEXT NOT NULL CHECK (trigger IN ('schedule', 'startup', 'manual')),
  started_at  TEXT NOT NULL,
  finished_at TEXT,
  outcome     TEXT CHECK (outcome IN ('ok', 'error')),
  detail      TEXT,
  PRIMARY KEY (job, slot)
) STRICT;

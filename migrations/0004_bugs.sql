-- Zero-bug rule (src/bugs/): qualified bugs, their SLA clocks and the
-- escalation ledger. Times are ISO-8601 UTC text, so text order is time order.
CREATE TABLE bugs (
  -- The tracker's key, upper-cased (PAY-123): what people type and what the webhook upserts by.
  key              TEXT PRIMARY KEY,
  title            TEXT NOT NULL,
  severity         TEXT NOT NULL CHECK (severity IN ('critical', 'high', 'medium', 'low')),
  -- An impact-team key from the config, or NULL.
  team             TEXT,
  -- Slack user ID of the owner, or NULL.
  owner            TEXT,
  -- The owner as the tracker named them, when by e-mail and Slack has not matched it yet.
  owner_email      TEXT,
  url              TEXT,
  source           TEXT NOT NULL CHECK (source IN ('command', 'modal', 'webhook')),
  -- Slack user who registered it (NULL for the webhook).
  reported_by      TEXT,
  qualified_at     TEXT NOT NULL,
  -- The current SLA clock: 1 at qualification, +1 on each reopen (docs/decisions/0004-sla-clock.md).
  clock_id         INTEGER NOT NULL DEFAULT 1 CHECK (clock_id >= 1),
  clock_started_at TEXT NOT NULL,
  deadline         TEXT NOT NULL,
  resolved_at      TEXT,
  resolved_by      TEXT,
  -- When the next unclaimed escalation level of the current clock triggers
  -- (deadline + that level's offset); NULL once resolved or when the ladder is
  -- done. The escalation sweep reads only rows where this is due, through the
  -- partial index below, so 100,000 quiet open bugs cost nothing.
  next_notice_at   TEXT,
  created_at       TEXT NOT NULL,
  updated_at       TEXT NOT NULL
) STRICT;

CREATE INDEX bugs_next_notice ON bugs (next_notice_at) WHERE next_notice_at IS NOT NULL;
-- `/bug list` and the figures: open bugs by deadline; resolved ones by resolution time.
CREATE INDEX bugs_open_deadline ON bugs (deadline) WHERE resolved_at IS NULL;
CREATE INDEX bugs_resolved_at ON bugs (resolved_at) WHERE resolved_at IS NOT NULL;
-- Owners named by e-mail that Slack did not know yet (retried by the job).
CREATE INDEX bugs_owner_email ON bugs (owner_email) WHERE owner IS NULL AND owner_email IS NOT NULL;

-- The escalation ledger: one row per (bug, clock, level) decided. The primary
-- key is the claim: a second run, a restart or an overlapping tick loses the
-- INSERT and sends nothing. The messages themselves go through delivery_outbox,
-- enqueued in the same transaction.
CREATE TABLE bug_notices (
  bug_key    TEXT NOT NULL REFERENCES bugs (key) ON DELETE CASCADE,
  clock_id   INTEGER NOT NULL,
  level      INTEGER NOT NULL,
  name       TEXT NOT NULL,
  outcome    TEXT NOT NULL CHECK (outcome IN ('enqueued', 'superseded', 'no_recipient')),
  -- JSON list of the channels / user IDs the level was sent to.
  recipients TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(recipients)),
  claimed_at TEXT NOT NULL,
  PRIMARY KEY (bug_key, clock_id, level)
) STRICT;

-- What happened to each bug, for `/bug show` and audits (every clock is recorded here).
CREATE TABLE bug_events (
  id      INTEGER PRIMARY KEY,
  bug_key TEXT NOT NULL REFERENCES bugs (key) ON DELETE CASCADE,
  at      TEXT NOT NULL,
  kind    TEXT NOT NULL CHECK (kind IN ('registered', 'updated', 'assigned', 'resolved', 'reopened')),
  actor   TEXT,
  detail  TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(detail))
) STRICT;
CREATE INDEX bug_events_bug ON bug_events (bug_key, id);

-- Small facts the feature keeps about itself, e.g. the fingerprint of the
-- ladder that next_notice_at was computed with (recomputed when it changes).
CREATE TABLE bug_meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

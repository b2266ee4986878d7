-- Channel digests: one row per (scope, period) posted. The INSERT is the
-- claim, so a second tick, a restart or a manual run never posts a digest
-- twice; the message itself goes through delivery_outbox in the same transaction.
CREATE TABLE digest_runs (
  scope      TEXT NOT NULL,   -- 'org' or 'tribe:<key>'
  period_key TEXT NOT NULL,   -- the digest occurrence, '<local date>T<HH:mm>'
  period_from TEXT NOT NULL,  -- UTC ISO, inclusive
  period_to   TEXT NOT NULL,  -- UTC ISO, exclusive
  channel    TEXT NOT NULL,
  claimed_at TEXT NOT NULL,
  PRIMARY KEY (scope, period_key)
) STRICT;

-- The digest's open-bug figures per team read this covering index instead of
-- every open bug's row.
CREATE INDEX bugs_open_by_team ON bugs (team, deadline, qualified_at) WHERE resolved_at IS NULL;

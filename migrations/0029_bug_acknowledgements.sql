-- Issue 14 item 14: "I'm on it" on a breach notice. One row per bug and SLA
-- clock: the first click wins (who and when); a second click, by anyone,
-- changes nothing. A reopen starts a new clock, which needs a new
-- acknowledgement. An acknowledged clock's leadership levels wait until the
-- deadline has passed by bugs.acknowledgedGraceHours (decision 0034).
CREATE TABLE bug_acknowledgements (
  bug_key TEXT NOT NULL REFERENCES bugs (key) ON DELETE CASCADE,
  clock_id INTEGER NOT NULL,
  user_id TEXT NOT NULL,
  acknowledged_at TEXT NOT NULL,
  PRIMARY KEY (bug_key, clock_id)
) WITHOUT ROWID;

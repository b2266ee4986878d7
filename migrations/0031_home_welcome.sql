-- The welcome DM a person gets the first time they open the App Home (issue 14
-- item 16, docs/decisions/0032). One row per person, claimed in the same
-- transaction that queues the DM in the outbox, so a redelivered or concurrent
-- app_home_opened never welcomes anyone twice.
CREATE TABLE home_welcomes (
  user_id    TEXT PRIMARY KEY,
  welcomed_at TEXT NOT NULL
) STRICT;

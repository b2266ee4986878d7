-- Triage cards that cannot be posted no longer starve the others (issue 19, item 5):
-- each undelivered card backs off on its own, and one Slack refuses for good is given up.
ALTER TABLE insights ADD COLUMN triage_attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE insights ADD COLUMN triage_next_at TEXT;
ALTER TABLE insights ADD COLUMN triage_error TEXT;

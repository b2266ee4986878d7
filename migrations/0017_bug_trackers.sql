-- Bugs and insights from the trackers teams use (issue 13; docs/decisions/0017-tracker-webhooks.md).

-- A bug closed as "won't do", "not planned" or deleted in its tracker is
-- *dropped*: closed (resolved_at holds the closing instant, so every "open"
-- query already leaves it out and its ladder stops), but neither fixed within
-- SLA nor breached. The figures count it apart.
ALTER TABLE bugs ADD COLUMN dropped_at TEXT;
-- Why, as the tracker said it ("Won't Do", "not_planned", "deleted").
ALTER TABLE bugs ADD COLUMN dropped_reason TEXT;

-- bug_events gains the 'dropped' kind. SQLite cannot alter a CHECK, so the
-- table is rebuilt; nothing references it, ids are kept.
CREATE TABLE bug_events_v2 (
  id      INTEGER PRIMARY KEY,
  bug_key TEXT NOT NULL REFERENCES bugs (key) ON DELETE CASCADE,
  at      TEXT NOT NULL,
  kind    TEXT NOT NULL CHECK (kind IN ('registered', 'updated', 'assigned', 'resolved', 'reopened', 'dropped')),
  actor   TEXT,
  detail  TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(detail))
) STRICT;
INSERT INTO bug_events_v2 (id, bug_key, at, kind, actor, detail) SELECT id, bug_key, at, kind, actor, detail FROM bug_events;
DROP TABLE bug_events;
ALTER TABLE bug_events_v2 RENAME TO bug_events;
CREATE INDEX bug_events_bug ON bug_events (bug_key, id);

-- The tracker's stable issue id beside the key: an issue moved to another
-- project gets a new key (PAY-12 -> WEB-40) but keeps its id, and stays one bug.
-- bug_key is the key the bug was registered under (Cadence's identity, used by
-- the ledger and the outbox); tracker_key is the issue's key today.
CREATE TABLE tracker_links (
  tracker     TEXT NOT NULL CHECK (tracker IN ('jira', 'linear', 'github', 'gitlab')),
  issue_id    TEXT NOT NULL,
  bug_key     TEXT NOT NULL REFERENCES bugs (key) ON DELETE CASCADE,
  tracker_key TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  PRIMARY KEY (tracker, issue_id)
) STRICT;
CREATE INDEX tracker_links_bug ON tracker_links (bug_key);

-- Deliveries already applied, by the tracker's own delivery id (same across
-- its retries). Written in the transaction of the change it caused, so a
-- retry after a crash either finds both or neither.
CREATE TABLE tracker_deliveries (
  tracker     TEXT NOT NULL,
  delivery_id TEXT NOT NULL,
  received_at TEXT NOT NULL,
  -- created / updated / unchanged / insight
  outcome     TEXT NOT NULL,
  bug_key     TEXT,
  PRIMARY KEY (tracker, delivery_id)
) STRICT;
-- Pruning old ids (src/bugs/trackers/store.ts).
CREATE INDEX tracker_deliveries_received ON tracker_deliveries (received_at);

-- Jira Service Management requests turned into insights: once per issue.
CREATE TABLE tracker_insights (
  tracker    TEXT NOT NULL,
  issue_id   TEXT NOT NULL,
  insight_id INTEGER NOT NULL REFERENCES insights (id) ON DELETE CASCADE,
  created_at TEXT NOT NULL,
  PRIMARY KEY (tracker, issue_id)
) STRICT;

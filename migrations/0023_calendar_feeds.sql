-- Calendar feeds (issue 16): secret subscription links, GET /calendar/<token>.ics.
-- A token is a random 256-bit capability (base64url, 43 characters), never
-- derived from a name. It is kept in clear so an admin can list the links
-- again (like a calendar app's "secret address"); revoking it is the
-- protection (docs/decisions/0020-calendar-feeds.md).
CREATE TABLE calendar_tokens (
  id         INTEGER PRIMARY KEY,
  token      TEXT NOT NULL UNIQUE,
  scope      TEXT NOT NULL,        -- 'org' | 'ritual:<key>' | 'tribe:<key>' | 'person:<user id>'
  note       TEXT,
  created_by TEXT NOT NULL,        -- 'cli', 'cadence' (made for a reminder link) or a user id
  created_at TEXT NOT NULL,
  revoked_at TEXT
) STRICT;
-- The reminder link looks up the live token of a scope.
CREATE INDEX calendar_tokens_live_scope ON calendar_tokens (scope, id) WHERE revoked_at IS NULL;
-- A person's feed lists the agenda items they present.
CREATE INDEX agenda_items_presenter ON agenda_items (presenter_id, ritual_key, occurrence_key);

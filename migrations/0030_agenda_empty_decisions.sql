-- An empty final agenda is not posted to the meeting channel: the approvers are
-- asked by DM whether to cancel the occurrence or keep it (issue 14 item 2,
-- docs/decisions/0031). One row per occurrence: the first decision wins, so a
-- double click or two approvers clicking at once decide once.
--   decision:   'cancelled' (the occurrence is skipped, as `/cadence skip` does) or 'kept';
--   decided_by: the approver's Slack user ID; decided_at: ISO-8601 UTC.
CREATE TABLE agenda_empty_decisions (
  ritual_key     TEXT NOT NULL,
  occurrence_key TEXT NOT NULL,
  decision       TEXT NOT NULL CHECK (decision IN ('cancelled', 'kept')),
  decided_by     TEXT NOT NULL,
  decided_at     TEXT NOT NULL,
  PRIMARY KEY (ritual_key, occurrence_key)
) STRICT;

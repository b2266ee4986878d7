-- The digest reads a period's lifecycle moves (new pitches, meeting decisions,
-- shipped opportunities) by time rather than scanning the whole history.
CREATE INDEX opportunity_history_by_at ON opportunity_history (at, to_status, opportunity_id);

-- Indexes for the weekly digest at scale (bench/suites/digest-scale.ts: a million
-- insights, 100,000 opportunities, 100,000 bugs in one database). Each one
-- answers a plan that EXPLAIN QUERY PLAN showed reading far more than its result.
-- The bot never runs ANALYZE, so the planner picks by the shape of the index alone:
-- an index matching every term of a query wins over a wider one.

-- A tribe digest's week of insights (count, sources, tags, accounts): `tribe = ?`
-- and the created_at range together. Without it SQLite read the tribe's whole
-- history through insights_by_tribe_status (450,000 rows, 200 ms a query, four
-- queries: the payments digest took 3 s).
CREATE INDEX insights_by_tribe_created ON insights (tribe, created_at);

-- Untriaged insights per tribe (the digest's inbox line): counted from this index
-- in group order instead of looking up every untriaged row's tribe (28 ms → 1 ms).
-- created_at, not the rowid, follows tribe, so `/insight list` filters (newest
-- first, by id) keep the id-ordered insights_by_status and insights_by_tribe_status.
CREATE INDEX insights_untriaged_by_tribe ON insights (status, tribe, created_at);

-- Bugs fixed in the last 30 days (share within the SLA, median time to fix): every
-- column the digest reads is in the index, so 50,000 recent fixes are one range
-- read instead of 50,000 table lookups (130 ms → 55 ms). It replaces the
-- narrower bugs_resolved_at (same leading column, same WHERE).
CREATE INDEX bugs_resolved_window ON bugs (resolved_at, team, clock_started_at, deadline, qualified_at) WHERE resolved_at IS NOT NULL;
DROP INDEX bugs_resolved_at;

-- A period's lifecycle moves of one kind (new pitches, decisions, shipped):
-- status first, then time. With (at, to_status) the shipped query read the whole
-- 90 days of history, and a tribe digest started from the tribe's 50,000
-- opportunities and read each one's history (1.5 s). It replaces
-- opportunity_history_by_at (0010), which only the digest used.
CREATE INDEX opportunity_history_by_status_at ON opportunity_history (to_status, at, opportunity_id);
DROP INDEX opportunity_history_by_at;

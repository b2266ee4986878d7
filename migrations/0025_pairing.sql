-- Product ↔ customer-success immersion (issue 16; docs/decisions/0021-health-and-pairing.md).
-- One row per pair and occurrence of a `pairing` ritual step. The step inserts
-- the pairs (in its claim transaction); the pairing job opens each pair's group
-- DM, records it and enqueues the introduction once.
CREATE TABLE pairing_pairs (
  id             INTEGER PRIMARY KEY,
  ritual_key     TEXT NOT NULL,
  occurrence_key TEXT NOT NULL,
  round          INTEGER NOT NULL,     -- 0, 1, 2… per ritual: the rotation's input
  pm             TEXT NOT NULL,
  csm            TEXT NOT NULL,
  channel        TEXT,                 -- the group DM, once opened
  status         TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'done', 'skipped')),
  status_by      TEXT,
  status_at      TEXT,
  created_at     TEXT NOT NULL,
  UNIQUE (ritual_key, occurrence_key, pm, csm)
) STRICT;
-- The job's work list: pairs whose group DM is not open yet.
CREATE INDEX pairing_pairs_unopened ON pairing_pairs (created_at) WHERE channel IS NULL;
-- Stats and digest: pairs of a period.
CREATE INDEX pairing_pairs_created ON pairing_pairs (created_at);
CREATE INDEX pairing_pairs_ritual_round ON pairing_pairs (ritual_key, round);

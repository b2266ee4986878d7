-- Opportunities (src/opportunities/): pitches scored with RICE, their
-- initiatives, their lifecycle history, and the foreign key that the
-- evidence link table (0002_insights.sql) was waiting for.
-- docs/decisions/0011-opportunities-ranking-and-lifecycle.md

CREATE TABLE opportunities (
  id              INTEGER PRIMARY KEY,
  title           TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 150),
  problem         TEXT NOT NULL CHECK (length(problem) BETWEEN 1 AND 3000),
  -- Who is affected (a segment, in the pitcher's words).
  segment         TEXT NOT NULL CHECK (length(segment) BETWEEN 1 AND 300),
  -- Quantified value: the metric moved, where it is, where it should go, and
  -- the estimated value per year in whole currency units.
  value_metric    TEXT NOT NULL CHECK (length(value_metric) BETWEEN 1 AND 150),
  value_today     TEXT CHECK (value_today IS NULL OR length(value_today) BETWEEN 1 AND 80),
  value_target    TEXT NOT NULL CHECK (length(value_target) BETWEEN 1 AND 80),
  value_per_year  INTEGER NOT NULL CHECK (value_per_year >= 0),
  kind            TEXT NOT NULL CHECK (kind IN ('vitamin', 'painkiller')),
  -- A commitment key from the config.
  commitment      TEXT NOT NULL,
  -- A tribe key from the config; NULL only when the organisation has no tribes.
  tribe           TEXT,
  top_down        INTEGER NOT NULL CHECK (top_down IN (0, 1)),
  -- RICE inputs; the score is stored (rounded to 2 decimals) so the backlog is ranked by an index.
  reach           INTEGER NOT NULL CHECK (reach >= 0),
  impact          REAL NOT NULL CHECK (impact IN (3, 2, 1, 0.5, 0.25)),
  confidence      INTEGER NOT NULL CHECK (confidence IN (100, 80, 50)),
  effort          REAL NOT NULL CHECK (effort >= 0.5),
  score           REAL NOT NULL CHECK (score >= 0),
  status          TEXT NOT NULL CHECK (status IN ('draft', 'pitched', 'on_agenda', 'go', 'rework', 'no_go', 'in_roadmap', 'shipped')),
  owner_id        TEXT NOT NULL,
  -- Kept up to date by the triggers below on opportunity_evidence, so the
  -- backlog health ("no evidence") is one scan of this table.
  evidence_count  INTEGER NOT NULL DEFAULT 0 CHECK (evidence_count >= 0),
  -- The modal submission that created it: a repeated submission creates nothing.
  source_view_id  TEXT UNIQUE,
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL,
  updated_by      TEXT NOT NULL,
  status_at       TEXT NOT NULL,
  -- The compact card in channels.opportunities, and the claim that posts it once.
  card_channel    TEXT,
  card_ts         TEXT,
  card_claimed_at TEXT
) STRICT;

-- The ranked backlog (/pitch list), first page read straight from an index,
-- best score first, ties by id (the older pitch first). Trailing columns make
-- each index cover the other filters, so the count and a second filter never
-- read the table (status too: SQLite counts a partial index as covering only
-- when it holds the columns of its own WHERE). "Open" = pitched, on_agenda, go, rework, in_roadmap: the
-- default list. The partial indexes' WHERE must stay word for word OPEN_SQL in
-- store.ts; store.ts names the index for each filter shape (decision 0011).
CREATE INDEX opportunities_open_rank ON opportunities (score DESC, id, status)
  WHERE status IN ('pitched', 'on_agenda', 'go', 'rework', 'in_roadmap');
CREATE INDEX opportunities_open_tribe_rank ON opportunities (tribe, score DESC, id, commitment, status)
  WHERE status IN ('pitched', 'on_agenda', 'go', 'rework', 'in_roadmap');
CREATE INDEX opportunities_open_commitment_rank ON opportunities (commitment, score DESC, id, status)
  WHERE status IN ('pitched', 'on_agenda', 'go', 'rework', 'in_roadmap');
-- status:all (every status but drafts).
CREATE INDEX opportunities_rank ON opportunities (score DESC, id, status, tribe, commitment);
-- status:<one status>, alone or with a tribe or a commitment.
CREATE INDEX opportunities_status_rank ON opportunities (status, score DESC, id);
CREATE INDEX opportunities_tribe_status_rank ON opportunities (tribe, status, score DESC, id, commitment);
CREATE INDEX opportunities_commitment_status_rank ON opportunities (commitment, status, score DESC, id);
-- A person's opportunities (the agenda sign-up, `mine`).
CREATE INDEX opportunities_by_owner ON opportunities (owner_id, status, score DESC, id);
-- Backlog health: one GROUP BY read from an index in group order, never the table.
CREATE INDEX opportunities_health ON opportunities (status, commitment, top_down, evidence_count);
CREATE INDEX opportunities_tribe_health ON opportunities (tribe, status, commitment, top_down, evidence_count);
-- Cards still to post (the delivery job reads only these).
CREATE INDEX opportunities_undelivered ON opportunities (id) WHERE card_ts IS NULL AND status <> 'draft';

-- Initiatives: the concrete ways to solve it, in the pitcher's order.
CREATE TABLE opportunity_initiatives (
  opportunity_id INTEGER NOT NULL REFERENCES opportunities (id) ON DELETE CASCADE,
  position       INTEGER NOT NULL CHECK (position >= 1),
  text           TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 300),
  PRIMARY KEY (opportunity_id, position)
) STRICT, WITHOUT ROWID;

-- Every status change: who, when, from, to, and the note (rework feedback).
CREATE TABLE opportunity_history (
  id             INTEGER PRIMARY KEY,
  opportunity_id INTEGER NOT NULL REFERENCES opportunities (id) ON DELETE CASCADE,
  at             TEXT NOT NULL,
  by_user        TEXT NOT NULL,
  -- NULL for the creation row.
  from_status    TEXT,
  to_status      TEXT NOT NULL,
  note           TEXT CHECK (note IS NULL OR length(note) <= 3000)
) STRICT;
CREATE INDEX opportunity_history_by_opportunity ON opportunity_history (opportunity_id, id);

-- The evidence link table gets its foreign key on opportunity_id. SQLite cannot
-- add a constraint to an existing table, so it is rebuilt (create, copy, drop,
-- rename, re-index: sqlite.org/lang_altertable.html). The runner wraps this file
-- in a transaction with foreign_keys ON, so the copy is checked: a link to an
-- opportunity that never existed (none can: the table is new) is not copied.
CREATE TABLE opportunity_evidence_new (
  opportunity_id INTEGER NOT NULL REFERENCES opportunities (id) ON DELETE CASCADE,
  insight_id     INTEGER NOT NULL REFERENCES insights (id) ON DELETE CASCADE,
  linked_by      TEXT NOT NULL,
  linked_at      TEXT NOT NULL,
  PRIMARY KEY (opportunity_id, insight_id)
) STRICT;
INSERT INTO opportunity_evidence_new (opportunity_id, insight_id, linked_by, linked_at)
  SELECT e.opportunity_id, e.insight_id, e.linked_by, e.linked_at FROM opportunity_evidence e
  WHERE e.opportunity_id IN (SELECT id FROM opportunities);
DROP TABLE opportunity_evidence;
ALTER TABLE opportunity_evidence_new RENAME TO opportunity_evidence;
CREATE INDEX opportunity_evidence_by_insight ON opportunity_evidence (insight_id);

-- evidence_count follows the links, including links removed by an insight's
-- deletion (a foreign-key cascade fires these triggers too).
CREATE TRIGGER opportunity_evidence_count_insert AFTER INSERT ON opportunity_evidence BEGIN
  UPDATE opportunities SET evidence_count = evidence_count + 1 WHERE id = new.opportunity_id;
END;
CREATE TRIGGER opportunity_evidence_count_delete AFTER DELETE ON opportunity_evidence BEGIN
  UPDATE opportunities SET evidence_count = evidence_count - 1 WHERE id = old.opportunity_id;
END;

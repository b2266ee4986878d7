-- Insights: customer and internal feedback, triaged by tribe
-- (docs/decisions/0006-insights-search-and-indexes.md).

CREATE TABLE insights (
  id             INTEGER PRIMARY KEY,
  -- The verbatim, in Slack's text format with entities decoded: mentions and links
  -- stay as <@U…>/<https://…> references so they render again in Slack.
  text           TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 3000),
  source         TEXT NOT NULL CHECK (source IN ('call', 'ticket', 'sales', 'csm', 'test', 'internal', 'other')),
  -- Customer account as typed; NOCASE so `customer:acme` finds "Acme".
  customer       TEXT COLLATE NOCASE CHECK (customer IS NULL OR length(customer) BETWEEN 1 AND 120),
  -- Business weight: ARR in whole currency units, and/or a segment key from config.
  arr            INTEGER CHECK (arr IS NULL OR arr >= 0),
  segment        TEXT,
  -- Tribe key from config; NULL means the insights inbox.
  tribe          TEXT,
  impact_team    TEXT,
  -- Tags, space-separated and sorted, denormalised from insight_tags for display and full-text search.
  tags           TEXT NOT NULL DEFAULT '',
  reporter_id    TEXT NOT NULL,
  -- Whose words these are, when logged from someone else's message.
  voice_id       TEXT,
  channel_id     TEXT,
  message_ts     TEXT,
  permalink      TEXT,
  status         TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'triaged', 'archived')),
  duplicate_of   INTEGER REFERENCES insights(id) ON DELETE SET NULL,
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL,
  triaged_by     TEXT,
  triaged_at     TEXT,
  archived_by    TEXT,
  archived_at    TEXT,
  -- Where the triage card lives once posted, and the claim that makes posting happen once.
  triage_channel TEXT,
  triage_ts      TEXT,
  triage_claimed_at TEXT
) STRICT;

-- /insight list filters, newest first (id order is logging order).
CREATE INDEX insights_by_tribe ON insights (tribe, id);
CREATE INDEX insights_by_tribe_status ON insights (tribe, status, id);
CREATE INDEX insights_by_status ON insights (status, id);
CREATE INDEX insights_by_customer ON insights (customer, id);
CREATE INDEX insights_by_reporter ON insights (reporter_id, id);
-- Time windows (duplicate hints, digests).
CREATE INDEX insights_by_created ON insights (created_at);
-- Cards still to post (the delivery job scans only these).
CREATE INDEX insights_undelivered ON insights (id) WHERE triage_ts IS NULL;
CREATE INDEX insights_by_duplicate ON insights (duplicate_of) WHERE duplicate_of IS NOT NULL;

-- One row per (tag, insight): `#tag` filters read the primary key newest first.
CREATE TABLE insight_tags (
  tag        TEXT NOT NULL,
  insight_id INTEGER NOT NULL REFERENCES insights(id) ON DELETE CASCADE,
  PRIMARY KEY (tag, insight_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX insight_tags_by_insight ON insight_tags (insight_id);

-- Full-text index over the verbatim, the customer and the tags. External content:
-- the text is stored once, in insights; the triggers below keep the index in step.
-- porter + unicode61 with diacritics removed: "crashes" finds "crash", "facturé" finds "facture".
CREATE VIRTUAL TABLE insights_fts USING fts5(
  text, customer, tags,
  content = 'insights', content_rowid = 'id',
  tokenize = 'porter unicode61 remove_diacritics 2'
);
-- A match in the verbatim counts most, then tags, then the customer name.
INSERT INTO insights_fts (insights_fts, rank) VALUES ('rank', 'bm25(10.0, 2.0, 5.0)');

CREATE TRIGGER insights_fts_insert AFTER INSERT ON insights BEGIN
  INSERT INTO insights_fts (rowid, text, customer, tags) VALUES (new.id, new.text, new.customer, new.tags);
END;
CREATE TRIGGER insights_fts_delete AFTER DELETE ON insights BEGIN
  INSERT INTO insights_fts (insights_fts, rowid, text, customer, tags) VALUES ('delete', old.id, old.text, old.customer, old.tags);
END;
CREATE TRIGGER insights_fts_update AFTER UPDATE OF text, customer, tags ON insights BEGIN
  INSERT INTO insights_fts (insights_fts, rowid, text, customer, tags) VALUES ('delete', old.id, old.text, old.customer, old.tags);
  INSERT INTO insights_fts (rowid, text, customer, tags) VALUES (new.id, new.text, new.customer, new.tags);
END;

-- Evidence links between opportunities and insights. The opportunities table
-- arrives with its own migration, which adds the foreign key on opportunity_id
-- (rebuilding this table if needed); the insight side cascades already.
CREATE TABLE opportunity_evidence (
  opportunity_id INTEGER NOT NULL,
  insight_id     INTEGER NOT NULL REFERENCES insights(id) ON DELETE CASCADE,
  linked_by      TEXT NOT NULL,
  linked_at      TEXT NOT NULL,
  PRIMARY KEY (opportunity_id, insight_id)
) STRICT;
CREATE INDEX opportunity_evidence_by_insight ON opportunity_evidence (insight_id);

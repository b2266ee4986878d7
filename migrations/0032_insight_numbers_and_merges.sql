-- Insight numbers are never given twice, a merged duplicate counts once as
-- evidence, and the pitch form keeps its first step (issue 14 items 18, 12 and 13,
-- docs/decisions/0033-forms-and-duplicates.md).
--
-- 1. Numbers. `insights.id` is a plain rowid: SQLite hands out max(id) + 1, so
--    undoing the newest insight (#4) gave its number to the next one, and two
--    different insights were "#4" in the same channel. The highest number ever
--    handed out is kept here (one row); insertInsight takes the next number
--    above both it and the table's max. A trigger keeps the row in step with
--    every insert, whoever writes it (seeds, benchmarks, the CLI).
CREATE TABLE insight_numbers (
  one  INTEGER PRIMARY KEY CHECK (one = 1),
  last INTEGER NOT NULL CHECK (last >= 0)
) STRICT;
INSERT INTO insight_numbers (one, last) VALUES (1, COALESCE((SELECT MAX(id) FROM insights), 0));
CREATE TRIGGER insight_numbers_follow AFTER INSERT ON insights WHEN new.id > (SELECT last FROM insight_numbers WHERE one = 1) BEGIN
  UPDATE insight_numbers SET last = new.id WHERE one = 1;
END;

-- 2. Merged duplicates. An insight confirmed as "Same as #1" (duplicate_of set
--    by the merge) gives its evidence links to #1 when it is merged; a link
--    made to it afterwards (a stale picker, the CLI) goes to #1 instead, so
--    opportunities.evidence_count (kept by the triggers of 0005) counts the
--    customer's words once.
CREATE TRIGGER opportunity_evidence_to_original BEFORE INSERT ON opportunity_evidence
WHEN (SELECT duplicate_of FROM insights WHERE id = new.insight_id) IS NOT NULL BEGIN
  INSERT INTO opportunity_evidence (opportunity_id, insight_id, linked_by, linked_at)
    VALUES (new.opportunity_id, (SELECT duplicate_of FROM insights WHERE id = new.insight_id), new.linked_by, new.linked_at)
    ON CONFLICT DO NOTHING;
  SELECT RAISE(IGNORE);
END;

-- 3. The pitch form in two steps (issue 14 item 13): step 1 (problem & value) is
--    kept here, by the view it was submitted from and its person, until step 2
--    (RICE & initiatives) is submitted with it. A view lives a few hours at most;
--    rows older than a day are pruned on every write.
CREATE TABLE pitch_form_steps (
  view_id  TEXT NOT NULL,
  user_id  TEXT NOT NULL,
  input    TEXT NOT NULL CHECK (json_valid(input)),
  at       TEXT NOT NULL,
  PRIMARY KEY (view_id, user_id)
) STRICT;
CREATE INDEX pitch_form_steps_by_at ON pitch_form_steps (at);

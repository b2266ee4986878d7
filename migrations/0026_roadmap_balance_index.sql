-- The roadmap's balance (tech and top-down shares per tribe) is counted for
-- every App Home a tribe lead, approver or admin opens, and for /pitch health:
-- over the opportunities with a go or in the roadmap (a fifth of them in the
-- benchmark's 100,000). opportunities_health (status, commitment, top_down,
-- evidence_count) finds them but lacks the tribe, so each row was read from the
-- table. This index covers the count (the rowid joins work_kinds).
CREATE INDEX opportunities_balance ON opportunities (status, tribe, commitment, top_down);

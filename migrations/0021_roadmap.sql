-- The joint roadmap (src/roadmap/, docs/decisions/0019-roadmap.md): planned
-- cycles, the kind of work of each opportunity, and the commitments'
-- indicator values with their history.

-- The cycle an opportunity in go / in roadmap is planned for (cycle numbers
-- count from roadmap.start in the config). One row per opportunity: the plan now.
CREATE TABLE roadmap_plans (
  opportunity_id INTEGER PRIMARY KEY REFERENCES opportunities (id) ON DELETE CASCADE,
  cycle          INTEGER NOT NULL CHECK (cycle >= 1),
  planned_by     TEXT NOT NULL,
  planned_at     TEXT NOT NULL
) STRICT;
-- /roadmap's horizons read plans by cycle.
CREATE INDEX roadmap_plans_by_cycle ON roadmap_plans (cycle, opportunity_id);

-- Every (re)planning, for whoever asks why a date moved.
CREATE TABLE roadmap_plan_history (
  id             INTEGER PRIMARY KEY,
  opportunity_id INTEGER NOT NULL REFERENCES opportunities (id) ON DELETE CASCADE,
  cycle          INTEGER NOT NULL CHECK (cycle >= 1),
  by_user        TEXT NOT NULL,
  at             TEXT NOT NULL
) STRICT;
CREATE INDEX roadmap_plan_history_by_opportunity ON roadmap_plan_history (opportunity_id, id);

-- Kind of work: product (the default when there is no row), tech
-- (refactoring, code quality, platform) or maintenance (bugs, upkeep).
CREATE TABLE work_kinds (
  opportunity_id INTEGER PRIMARY KEY REFERENCES opportunities (id) ON DELETE CASCADE,
  kind           TEXT NOT NULL CHECK (kind IN ('product', 'tech', 'maintenance')),
  set_by         TEXT NOT NULL,
  set_at         TEXT NOT NULL
) STRICT;

-- Indicator values, append-only: the latest row per (commitment, indicator)
-- is the current value, the rows before it are its history. Keys and names
-- come from the config's commitments.
CREATE TABLE indicator_values (
  id         INTEGER PRIMARY KEY,
  commitment TEXT NOT NULL,
  indicator  TEXT NOT NULL,
  value      REAL NOT NULL,
  target     REAL,
  set_by     TEXT NOT NULL,
  set_at     TEXT NOT NULL
) STRICT;
CREATE INDEX indicator_values_latest ON indicator_values (commitment, indicator, id);

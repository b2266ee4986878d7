-- The agenda of sign-up rituals (the Product Alignment Meeting, the decision
-- session): who presents what, the waitlist, the approvers' validation, the
-- lock and the outcomes. docs/decisions/0014-agenda.md

-- One row per sign-up, never deleted: a withdrawn or dropped item keeps who,
-- when and why. An alignment item presents an opportunity; a decision-session
-- item a free-text topic.
CREATE TABLE agenda_items (
  id               INTEGER PRIMARY KEY,
  ritual_key       TEXT NOT NULL,
  occurrence_key   TEXT NOT NULL,       -- '<local date>T<HH:mm>', as in ritual_step_runs
  presenter_id     TEXT NOT NULL,
  opportunity_id   INTEGER REFERENCES opportunities (id),
  topic            TEXT,
  ask              TEXT NOT NULL CHECK (ask IN ('feedback', 'decision')),
  duration_minutes INTEGER NOT NULL CHECK (duration_minutes BETWEEN 1 AND 1440),
  status           TEXT NOT NULL CHECK (status IN ('slotted', 'waitlisted', 'withdrawn', 'dropped')),
  signed_up_at     TEXT NOT NULL,
  promoted_at      TEXT,                -- when a waitlisted item got a slot
  approval         TEXT CHECK (approval IN ('approved', 'declined')),
  approval_by      TEXT,
  approval_at      TEXT,
  approval_note    TEXT,                -- the reason of a decline
  ended_at         TEXT,                -- withdrawn or dropped: when, by whom, why
  ended_by         TEXT,
  end_reason       TEXT CHECK (end_reason IN ('withdrawn', 'declined', 'not_approved', 'waitlist', 'opportunity_moved')),
  outcome          TEXT CHECK (outcome IN ('go', 'rework', 'no_go')),
  outcome_by       TEXT,
  outcome_at       TEXT,
  outcome_note     TEXT,
  CHECK ((opportunity_id IS NULL) <> (topic IS NULL))
) STRICT;

-- The agenda of one occurrence, in sign-up order (every read filters on it).
CREATE INDEX agenda_items_occurrence ON agenda_items (ritual_key, occurrence_key, status, id);
-- An opportunity is signed up at most once per meeting while its sign-up is alive.
CREATE UNIQUE INDEX agenda_items_live_opportunity ON agenda_items (ritual_key, occurrence_key, opportunity_id)
  WHERE opportunity_id IS NOT NULL AND status IN ('slotted', 'waitlisted');

-- The validation deadline passed and the lock ran: the agenda is final.
CREATE TABLE agenda_locks (
  ritual_key     TEXT NOT NULL,
  occurrence_key TEXT NOT NULL,
  locked_at      TEXT NOT NULL,
  PRIMARY KEY (ritual_key, occurrence_key)
) STRICT;

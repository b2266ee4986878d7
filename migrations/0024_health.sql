-- Team health checks (issue 16; docs/decisions/0021-health-and-pairing.md).
-- Anonymity by construction: an answer row never holds a person's id. While
-- a survey is open, health_respondents records who has answered (to refuse a
-- second answer and to remind the others); closing the survey deletes those
-- rows in the same transaction that publishes the results.

-- One survey per (ritual occurrence, team or tribe).
CREATE TABLE health_surveys (
  id             INTEGER PRIMARY KEY,
  ritual_key     TEXT NOT NULL,
  occurrence_key TEXT NOT NULL,
  unit_kind      TEXT NOT NULL CHECK (unit_kind IN ('team', 'tribe')),
  unit_key       TEXT NOT NULL,
  unit_name      TEXT NOT NULL,
  channel        TEXT,                -- where the results go (the team's channel, else its tribe's)
  dimensions     TEXT NOT NULL,       -- JSON array of dimension keys, frozen when the survey opens
  invited        INTEGER NOT NULL,
  opened_at      TEXT NOT NULL,
  closed_at      TEXT,
  answers        INTEGER,             -- set at close
  shown          INTEGER CHECK (shown IN (0, 1)), -- at close: enough answers to show results
  UNIQUE (ritual_key, occurrence_key, unit_key)
) STRICT;
CREATE INDEX health_surveys_unit ON health_surveys (unit_key, closed_at);
CREATE INDEX health_surveys_closed ON health_surveys (closed_at);

-- Who has answered an OPEN survey; emptied at close.
CREATE TABLE health_respondents (
  survey_id INTEGER NOT NULL REFERENCES health_surveys (id),
  user_id   TEXT NOT NULL,
  PRIMARY KEY (survey_id, user_id)
) STRICT, WITHOUT ROWID;

-- One row per (response, dimension). `response` is random (not a sequence, no
-- timestamp), so rows cannot be matched to respondents by order or time.
CREATE TABLE health_answers (
  survey_id INTEGER NOT NULL REFERENCES health_surveys (id),
  response  TEXT NOT NULL,
  dimension TEXT NOT NULL,
  color     TEXT NOT NULL CHECK (color IN ('green', 'amber', 'red')),
  trend     TEXT NOT NULL CHECK (trend IN ('better', 'same', 'worse')),
  comment   TEXT,
  PRIMARY KEY (response, dimension)
) STRICT, WITHOUT ROWID;
CREATE INDEX health_answers_survey ON health_answers (survey_id, dimension);

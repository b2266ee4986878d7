-- Each person's Slack locale (users.info with include_locale), read so that a
-- French speaker is answered in French before they ever type
-- `/cadence language` (issue 14 item 3, docs/decisions/0030). An explicit
-- choice in user_settings always wins over this row.
--   locale:     what Slack said ('fr-FR'), NULL when Slack gave none or the call failed;
--   language:   the Cadence language it maps to, NULL when Cadence does not speak it;
--   fetched_at: when users.info was last asked (claimed before the call), so the same
--               person is looked up at most once a day.
CREATE TABLE slack_locales (
  user_id    TEXT PRIMARY KEY,
  locale     TEXT,
  language   TEXT CHECK (language IN ('en', 'fr')),
  fetched_at TEXT NOT NULL
) STRICT;

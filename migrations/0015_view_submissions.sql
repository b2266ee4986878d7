-- A view submission that creates something acts once per view and person (issue 19, item 7):
-- Slack shows an error after a slow ack and people click Submit again.
CREATE TABLE view_submissions (
  view_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  result TEXT NOT NULL,
  at TEXT NOT NULL,
  PRIMARY KEY (view_id, user_id)
);
CREATE INDEX view_submissions_at ON view_submissions (at);

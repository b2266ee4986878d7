-- The App Home lists a person's open bugs by deadline.
CREATE INDEX bugs_open_by_owner ON bugs (owner, deadline) WHERE resolved_at IS NULL;

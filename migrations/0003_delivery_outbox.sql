-- The delivery outbox (src/delivery/outbox.ts): one row per Slack message that
-- must reach Slack exactly once even when Slack answers 429, 5xx or times out.
-- Features enqueue rows inside the transaction that claims their own work
-- (an escalation level, a ritual step, a digest period); `deliverPending`
-- sends them later and records the outcome here.
CREATE TABLE delivery_outbox (
  id              INTEGER PRIMARY KEY,
  -- Chosen by the caller, e.g. 'bug:PAY-1:clock:1:level:2:to:C0123ABCD'.
  -- INSERT ... ON CONFLICT DO NOTHING on this key is the claim.
  dedupe_key      TEXT NOT NULL UNIQUE,
  -- What the row is about, e.g. 'bug:PAY-1': lets a feature cancel what is
  -- still pending when the reason for it disappears (a resolved bug).
  topic           TEXT,
  method          TEXT NOT NULL,
  args            TEXT NOT NULL CHECK (json_valid(args)),
  status          TEXT NOT NULL DEFAULT 'pending'
                  CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'cancelled')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  created_at      TEXT NOT NULL,
  next_attempt_at TEXT NOT NULL,
  -- Past this instant an unsent row is given up ('failed', last_error 'expired').
  expires_at      TEXT,
  -- Set when a sender marks the row 'sending', before calling Slack.
  sending_since   TEXT,
  last_error      TEXT,
  finished_at     TEXT,
  sent_channel    TEXT,
  sent_ts         TEXT
) STRICT;

-- deliverPending's query: due pending rows in order.
CREATE INDEX delivery_outbox_due ON delivery_outbox (next_attempt_at, id) WHERE status = 'pending';
-- Recovery of rows left 'sending' by a process that died mid-call.
CREATE INDEX delivery_outbox_sending ON delivery_outbox (sending_since) WHERE status = 'sending';
-- cancelPending(topic).
CREATE INDEX delivery_outbox_topic ON delivery_outbox (topic) WHERE status = 'pending';

-- One row /healthz rewrites to prove the store still accepts writes (issue 19, item 11).
CREATE TABLE store_probe (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  at TEXT NOT NULL
);

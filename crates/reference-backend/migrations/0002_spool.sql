-- Every message is written here before it is sent, so that neither a failing mail server nor
-- a restart loses it. Once delivered, its body and code are cleared.
CREATE TABLE spool (
    id              INTEGER PRIMARY KEY,
    region          TEXT NOT NULL,
    channel         TEXT NOT NULL,
    recipient       TEXT NOT NULL,
    subject         TEXT NOT NULL,
    body            TEXT NOT NULL,
    code            TEXT,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    delivered_at    INTEGER
);
CREATE INDEX spool_due ON spool (delivered_at, next_attempt_at);

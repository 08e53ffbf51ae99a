-- Proof-of-work challenges, the accessible check; one answer each.
CREATE TABLE work_challenges (
    id         TEXT PRIMARY KEY,
    region     TEXT NOT NULL,
    salt       TEXT NOT NULL,
    difficulty INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    tried      INTEGER NOT NULL DEFAULT 0
);

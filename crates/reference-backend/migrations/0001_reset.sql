-- Accounts of every region; an account is known by its email address or its phone number.
CREATE TABLE accounts (
    id            INTEGER PRIMARY KEY,
    region        TEXT NOT NULL,
    channel       TEXT NOT NULL CHECK (channel IN ('email', 'sms')),
    identifier    TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    UNIQUE (region, channel, identifier)
);

-- Slider puzzles; one try each.
CREATE TABLE captchas (
    id         TEXT PRIMARY KEY,
    region     TEXT NOT NULL,
    gap_x      INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    tried      INTEGER NOT NULL DEFAULT 0
);

-- Proofs of a solved puzzle, stored hashed; single-use.
CREATE TABLE captcha_tickets (
    ticket_hash TEXT PRIMARY KEY,
    region      TEXT NOT NULL,
    expires_at  INTEGER NOT NULL,
    used        INTEGER NOT NULL DEFAULT 0
);

-- A reset in progress. account_id is NULL when nobody has the identifier: the reset still
-- exists so that the answer looks the same, but no code is ever delivered for it.
CREATE TABLE resets (
    id               TEXT PRIMARY KEY,
    region           TEXT NOT NULL,
    channel          TEXT NOT NULL,
    identifier       TEXT NOT NULL,
    account_id       INTEGER REFERENCES accounts (id),
    locale           TEXT NOT NULL,
    code_hash        TEXT NOT NULL,
    code_expires_at  INTEGER NOT NULL,
    attempts_left    INTEGER NOT NULL,
    resend_after     INTEGER NOT NULL,
    locked           INTEGER NOT NULL DEFAULT 0,
    token_hash       TEXT UNIQUE,
    token_expires_at INTEGER,
    completed        INTEGER NOT NULL DEFAULT 0,
    created_at       INTEGER NOT NULL
);

-- Every code sent, for the hourly limit per account.
CREATE TABLE code_sends (
    region     TEXT NOT NULL,
    identifier TEXT NOT NULL,
    sent_at    INTEGER NOT NULL
);
CREATE INDEX code_sends_by_identifier ON code_sends (region, identifier, sent_at);

-- Every reset request, for the hourly limit per client address.
CREATE TABLE client_requests (
    client  TEXT NOT NULL,
    sent_at INTEGER NOT NULL
);
CREATE INDEX client_requests_by_client ON client_requests (client, sent_at);

-- The development outbox: messages as delivered.
CREATE TABLE outbox (
    id        INTEGER PRIMARY KEY,
    region    TEXT NOT NULL,
    channel   TEXT NOT NULL,
    recipient TEXT NOT NULL,
    subject   TEXT NOT NULL,
    body      TEXT NOT NULL,
    code      TEXT,
    sent_at   INTEGER NOT NULL
);

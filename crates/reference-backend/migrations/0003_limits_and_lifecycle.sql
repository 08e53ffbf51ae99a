-- Every counted event of every limit in one table: a request from an address, a code sent to
-- an account, a wrong code, a failed login, a puzzle. A limit is checked and its event written
-- in one immediate transaction, so that requests arriving together cannot all slip through.
CREATE TABLE limit_events (
    counter TEXT    NOT NULL,
    key     TEXT    NOT NULL,
    at      INTEGER NOT NULL
);
CREATE INDEX limit_events_by_key ON limit_events (counter, key, at);

INSERT INTO limit_events (counter, key, at)
    SELECT 'codes-per-account', region || ':' || identifier, sent_at FROM code_sends;
INSERT INTO limit_events (counter, key, at)
    SELECT 'requests-per-address', client, sent_at FROM client_requests;
DROP TABLE code_sends;
DROP TABLE client_requests;

-- A spooled code belongs to its reset and dies with it; an unknown account's message is
-- written too (so that both cases do the same work) but never sent.
ALTER TABLE spool ADD COLUMN reset_id TEXT;
ALTER TABLE spool ADD COLUMN expires_at INTEGER;
ALTER TABLE spool ADD COLUMN undeliverable INTEGER NOT NULL DEFAULT 0;
CREATE INDEX spool_by_reset ON spool (reset_id);

CREATE INDEX resets_by_account ON resets (region, channel, identifier, completed);
CREATE INDEX resets_by_expiry ON resets (code_expires_at);
CREATE INDEX captchas_by_expiry ON captchas (expires_at);
CREATE INDEX captcha_tickets_by_expiry ON captcha_tickets (expires_at);

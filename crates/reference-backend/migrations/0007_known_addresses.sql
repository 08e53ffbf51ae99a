-- Keys the server makes once and keeps: the one that hashes client addresses.
CREATE TABLE server_keys (
    name TEXT PRIMARY KEY,
    key  BLOB NOT NULL
);

-- Addresses that signed in to an account or completed a reset for it, as keyed hashes bound
-- to the account: they keep their own allowance when unknown addresses spend theirs.
CREATE TABLE known_addresses (
    account_key TEXT    NOT NULL,
    address     TEXT    NOT NULL,
    until       INTEGER NOT NULL,
    PRIMARY KEY (account_key, address)
) WITHOUT ROWID;
CREATE INDEX known_addresses_by_expiry ON known_addresses (until);

-- The spool row a development message came from: delivering it again after a crash between
-- delivery and the spool's record of it adds nothing.
ALTER TABLE outbox ADD COLUMN spool_id INTEGER;
CREATE UNIQUE INDEX outbox_once ON outbox (spool_id);

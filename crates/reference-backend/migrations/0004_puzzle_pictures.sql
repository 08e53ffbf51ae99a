-- A puzzle's pictures, fetched as images after the puzzle; deleted with it when it expires.
ALTER TABLE captchas ADD COLUMN background BLOB NOT NULL DEFAULT x'';
ALTER TABLE captchas ADD COLUMN piece BLOB NOT NULL DEFAULT x'';

-- one row the store health check rewrites while appends fail, to learn whether writes succeed again
CREATE TABLE store_probe (id INTEGER PRIMARY KEY, checked_at TIMESTAMPTZ);
INSERT INTO store_probe VALUES (1, NULL);

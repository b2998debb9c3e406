-- Reminders per exchange (issue 20): each exchange's cooldown arms its own reminder, so a
-- user holds one row per exchange rather than one in all. Every reminder before was
-- Binance's. SQLite cannot change a UNIQUE constraint in place, so the table is rebuilt with
-- every column copied as is (the cause batch id as text, as batch ids are since 0011).
CREATE TABLE reminders_new (
    id            INTEGER PRIMARY KEY,
    user_id       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    exchange      TEXT    NOT NULL DEFAULT 'binance'
                  CHECK (length(exchange) BETWEEN 1 AND 20 AND exchange NOT GLOB '*[^a-z0-9]*'),
    token         TEXT    NOT NULL UNIQUE,
    due_at        INTEGER NOT NULL,
    status        TEXT    NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'disabled', 'failed')),
    claimed_at    INTEGER,
    attempts      INTEGER NOT NULL DEFAULT 0,
    cause_tran_id TEXT,
    last_error    TEXT,
    UNIQUE (user_id, exchange)
);

INSERT INTO reminders_new
    (id, user_id, exchange, token, due_at, status, claimed_at, attempts, cause_tran_id, last_error)
SELECT id, user_id, 'binance', token, due_at, status, claimed_at, attempts,
       CAST(cause_tran_id AS TEXT), last_error
FROM reminders;

DROP TABLE reminders;
ALTER TABLE reminders_new RENAME TO reminders;

-- The due lookup is an index range scan, never a table scan.
CREATE INDEX reminders_due ON reminders (due_at) WHERE status = 'pending';
CREATE INDEX reminders_claimed ON reminders (claimed_at) WHERE status = 'sending';

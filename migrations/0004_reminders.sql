-- Cooldown reminders (shared/security.md §4): one row per user, claimed before it is sent,
-- and the user's reminder settings.

ALTER TABLE users ADD COLUMN token TEXT;
ALTER TABLE users ADD COLUMN reminders_enabled INTEGER NOT NULL DEFAULT 1;
-- Quiet hours in minutes after local midnight; NULL when unset.
ALTER TABLE users ADD COLUMN quiet_start INTEGER;
ALTER TABLE users ADD COLUMN quiet_end INTEGER;
ALTER TABLE users ADD COLUMN quiet_silent INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN auto_sweep INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN auto_sweep_cap_usdt TEXT NOT NULL DEFAULT '5';
ALTER TABLE users ADD COLUMN auto_sweep_failures INTEGER NOT NULL DEFAULT 0;

CREATE UNIQUE INDEX users_by_token ON users (token) WHERE token IS NOT NULL;

CREATE TABLE reminders (
    id            INTEGER PRIMARY KEY,
    user_id       INTEGER NOT NULL UNIQUE REFERENCES users (id) ON DELETE CASCADE,
    token         TEXT    NOT NULL UNIQUE,
    due_at        INTEGER NOT NULL,
    status        TEXT    NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'disabled', 'failed')),
    claimed_at    INTEGER,
    attempts      INTEGER NOT NULL DEFAULT 0,
    cause_tran_id INTEGER,
    last_error    TEXT
);

-- The due lookup is an index range scan, never a table scan.
CREATE INDEX reminders_due ON reminders (due_at) WHERE status = 'pending';
CREATE INDEX reminders_claimed ON reminders (claimed_at) WHERE status = 'sending';

-- Messages the scheduler owes a user (auto-sweep reports, "reconnect your key"): stored
-- before they are sent, delivered at least once, across restarts (issue 15, point 6).
-- `message` is the reply model as JSON (locale keys and arguments, never a secret).
-- status: 'open' while an auto-sweep runs (its report not composed yet; `due_at` is the
-- sweep's lease: after it, the report is composed from the operation record), 'pending'
-- waiting to be sent, 'sending' claimed by a sender, 'sent', 'dropped' (given up, logged).
CREATE TABLE outbox (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    status       TEXT    NOT NULL CHECK (status IN ('open', 'pending', 'sending', 'sent', 'dropped')),
    message      TEXT,
    silent       INTEGER NOT NULL DEFAULT 0,
    operation_id TEXT,
    due_at       INTEGER NOT NULL,
    claimed_at   INTEGER,
    attempts     INTEGER NOT NULL DEFAULT 0,
    last_error   TEXT,
    created_at   INTEGER NOT NULL
);

CREATE INDEX outbox_due ON outbox (due_at) WHERE status IN ('open', 'pending');
CREATE INDEX outbox_claimed ON outbox (claimed_at) WHERE status = 'sending';
CREATE INDEX outbox_by_user ON outbox (user_id);

-- no-transaction
-- A new final status, 'unresolved': an operation whose outcome the exchange could not
-- confirm before dustpan stopped waiting (issue: no user is locked out by an unknown
-- outcome). SQLite cannot change a CHECK constraint in place, so the table is rebuilt by
-- SQLite's documented procedure (sqlite.org/lang_altertable.html, "other kinds of table
-- schema changes"): foreign keys off (only possible outside a transaction, hence
-- no-transaction), new table, copy, drop, rename, indexes, foreign keys on.
PRAGMA foreign_keys = OFF;
BEGIN IMMEDIATE;

CREATE TABLE operations_new (
    id            TEXT    PRIMARY KEY,
    user_id       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind          TEXT    NOT NULL CHECK (kind IN ('dust', 'convert', 'forget')),
    status        TEXT    NOT NULL CHECK (status IN ('selecting', 'pending', 'submitting', 'unknown',
                                                     'succeeded', 'failed', 'expired', 'cancelled',
                                                     'unresolved')),
    params        TEXT    NOT NULL,
    created_at    INTEGER NOT NULL,
    expires_at    INTEGER NOT NULL,
    submitted_at  INTEGER,
    finished_at   INTEGER,
    result        TEXT,
    last_error    TEXT
);

INSERT INTO operations_new (id, user_id, kind, status, params, created_at, expires_at,
                            submitted_at, finished_at, result, last_error)
    SELECT id, user_id, kind, status, params, created_at, expires_at,
           submitted_at, finished_at, result, last_error
    FROM operations;

DROP TABLE operations;
ALTER TABLE operations_new RENAME TO operations;

CREATE UNIQUE INDEX operations_one_in_flight ON operations (user_id)
    WHERE status IN ('submitting', 'unknown');
CREATE INDEX operations_in_flight ON operations (status) WHERE status IN ('submitting', 'unknown');
CREATE INDEX operations_by_user ON operations (user_id, created_at);
CREATE INDEX operations_open_by_expiry ON operations (expires_at)
    WHERE status IN ('selecting', 'pending');

COMMIT;
PRAGMA foreign_keys = ON;

-- Pending operations (confirmations), dust conversion records, dialogue state.
-- shared/security.md §3.2: the write-ahead intent row and one operation in flight per user.

CREATE TABLE operations (
    id            TEXT    PRIMARY KEY,
    user_id       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind          TEXT    NOT NULL CHECK (kind IN ('dust', 'convert', 'forget')),
    status        TEXT    NOT NULL CHECK (status IN ('selecting', 'pending', 'submitting', 'unknown',
                                                     'succeeded', 'failed', 'expired', 'cancelled')),
    params        TEXT    NOT NULL,
    created_at    INTEGER NOT NULL,
    expires_at    INTEGER NOT NULL,
    submitted_at  INTEGER,
    finished_at   INTEGER,
    result        TEXT,
    last_error    TEXT
);

CREATE UNIQUE INDEX operations_one_in_flight ON operations (user_id)
    WHERE status IN ('submitting', 'unknown');
CREATE INDEX operations_in_flight ON operations (status) WHERE status IN ('submitting', 'unknown');
CREATE INDEX operations_by_user ON operations (user_id, created_at);

CREATE TABLE dust_conversions (
    id            INTEGER PRIMARY KEY,
    user_id       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    tran_id       INTEGER NOT NULL,
    operate_time  INTEGER NOT NULL,
    total_bnb     TEXT    NOT NULL,
    total_fee_bnb TEXT    NOT NULL,
    assets        TEXT    NOT NULL,
    source        TEXT    NOT NULL CHECK (source IN ('dustpan', 'exchange')),
    operation_id  TEXT    REFERENCES operations (id) ON DELETE SET NULL,
    UNIQUE (user_id, tran_id)
);

CREATE INDEX dust_conversions_by_user_time ON dust_conversions (user_id, operate_time DESC);

CREATE TABLE dialogues (
    user_id    INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    state      TEXT    NOT NULL,
    expires_at INTEGER NOT NULL
);

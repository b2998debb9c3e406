-- no-transaction
-- Each operation stored with its precise kind: a swap, a plan ("convert the rest as
-- recommended") and a plan's market-sell leg were all stored as 'convert' and told apart by
-- trying to parse their params. SQLite cannot change a CHECK constraint in place, so the
-- table is rebuilt as in 0007 (sqlite.org/lang_altertable.html, "other kinds of table
-- schema changes"), and the old 'convert' rows are labelled by their params on the way:
-- a sell's are {"market_sell": {...}}, a swap's carry a top-level quote_id (a plan's quotes
-- carry theirs one level down, in "quotes"), and the rest are plans, as the old dispatch
-- read them. No row keeps 'convert', and none may be written with it again.
PRAGMA foreign_keys = OFF;
BEGIN IMMEDIATE;

CREATE TABLE operations_new (
    id            TEXT    PRIMARY KEY,
    user_id       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind          TEXT    NOT NULL CHECK (kind IN ('dust', 'forget', 'swap', 'plan', 'sell')),
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

-- The nested CASE keeps json_type away from params that are not JSON (it raises an error
-- on them); such a row was a plan to the old dispatch too.
INSERT INTO operations_new (id, user_id, kind, status, params, created_at, expires_at,
                            submitted_at, finished_at, result, last_error)
    SELECT id, user_id,
           CASE
               WHEN kind <> 'convert' THEN kind
               WHEN NOT json_valid(params) THEN 'plan'
               ELSE CASE
                   WHEN json_type(params, '$.market_sell') = 'object' THEN 'sell'
                   WHEN json_type(params, '$.quote_id') = 'text' THEN 'swap'
                   ELSE 'plan'
               END
           END,
           status, params, created_at, expires_at,
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

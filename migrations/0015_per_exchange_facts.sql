-- Several exchanges per user (issue 20): a conversion belongs to the exchange that made it,
-- and a batch id is unique only within its exchange (two exchanges may reuse one). Every
-- row written before came from Binance. SQLite cannot change a UNIQUE constraint in place,
-- so the table is rebuilt with every column copied as is.
CREATE TABLE dust_conversions_new (
    id            INTEGER PRIMARY KEY,
    user_id       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    exchange      TEXT    NOT NULL DEFAULT 'binance'
                  CHECK (length(exchange) BETWEEN 1 AND 20 AND exchange NOT GLOB '*[^a-z0-9]*'),
    tran_id       TEXT    NOT NULL,
    operate_time  INTEGER NOT NULL,
    total_bnb     TEXT    NOT NULL,
    total_fee_bnb TEXT    NOT NULL,
    assets        TEXT    NOT NULL,
    source        TEXT    NOT NULL CHECK (source IN ('dustpan', 'exchange')),
    operation_id  TEXT    REFERENCES operations (id) ON DELETE SET NULL,
    target_asset  TEXT    NOT NULL DEFAULT 'BNB',
    UNIQUE (user_id, exchange, tran_id)
);

INSERT INTO dust_conversions_new
    (id, user_id, exchange, tran_id, operate_time, total_bnb, total_fee_bnb, assets, source,
     operation_id, target_asset)
SELECT id, user_id, 'binance', tran_id, operate_time, total_bnb, total_fee_bnb, assets, source,
       operation_id, target_asset
FROM dust_conversions;

DROP TABLE dust_conversions;
ALTER TABLE dust_conversions_new RENAME TO dust_conversions;

CREATE INDEX dust_conversions_by_user_time ON dust_conversions (user_id, operate_time DESC);

-- An operation runs on one exchange; every operation before ran on Binance.
ALTER TABLE operations ADD COLUMN exchange TEXT NOT NULL DEFAULT 'binance';

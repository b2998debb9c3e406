-- A conversion's batch id as text: Binance's are 64-bit integers, but other exchanges' are
-- hex strings (MEXC) or longer than 64 bits (Bybit's 28-digit ids, which an INTEGER column
-- would turn into a lossy REAL). SQLite cannot change a column's type, so the table is
-- rebuilt; the column keeps its name, and existing ids are copied as their digits.
CREATE TABLE dust_conversions_new (
    id            INTEGER PRIMARY KEY,
    user_id       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    tran_id       TEXT    NOT NULL,
    operate_time  INTEGER NOT NULL,
    total_bnb     TEXT    NOT NULL,
    total_fee_bnb TEXT    NOT NULL,
    assets        TEXT    NOT NULL,
    source        TEXT    NOT NULL CHECK (source IN ('dustpan', 'exchange')),
    operation_id  TEXT    REFERENCES operations (id) ON DELETE SET NULL,
    UNIQUE (user_id, tran_id)
);

INSERT INTO dust_conversions_new
    (id, user_id, tran_id, operate_time, total_bnb, total_fee_bnb, assets, source, operation_id)
SELECT id, user_id, CAST(tran_id AS TEXT), operate_time, total_bnb, total_fee_bnb, assets,
       source, operation_id
FROM dust_conversions;

DROP TABLE dust_conversions;
ALTER TABLE dust_conversions_new RENAME TO dust_conversions;

CREATE INDEX dust_conversions_by_user_time ON dust_conversions (user_id, operate_time DESC);

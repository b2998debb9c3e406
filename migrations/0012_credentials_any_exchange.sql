-- Credentials of any exchange dustpan knows, not Binance alone: a user may hold keys on
-- several exchanges, one row each. Which names exist is the code's (ExchangeId); the table
-- keeps a shape check only, so adding an exchange needs no rebuild. SQLite cannot change a
-- CHECK constraint in place, so the table is rebuilt; every ciphertext is copied byte for
-- byte (its associated data names the exchange, which does not change).
CREATE TABLE credentials_new (
    user_id           INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    exchange          TEXT    NOT NULL
                      CHECK (length(exchange) BETWEEN 1 AND 20 AND exchange NOT GLOB '*[^a-z0-9]*'),
    key_version       INTEGER NOT NULL,
    api_key_ct        BLOB    NOT NULL,
    api_secret_ct     BLOB    NOT NULL,
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL,
    api_passphrase_ct BLOB,
    PRIMARY KEY (user_id, exchange)
);

INSERT INTO credentials_new (user_id, exchange, key_version, api_key_ct, api_secret_ct,
                             created_at, updated_at, api_passphrase_ct)
SELECT user_id, exchange, key_version, api_key_ct, api_secret_ct, created_at, updated_at,
       api_passphrase_ct
FROM credentials;

DROP TABLE credentials;
ALTER TABLE credentials_new RENAME TO credentials;

CREATE INDEX credentials_by_key_version ON credentials (key_version);

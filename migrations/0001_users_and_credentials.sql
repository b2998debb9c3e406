-- Users, their encrypted exchange credentials, and the master-key check rows.
-- Amounts are decimal text, never REAL. Times are Unix milliseconds (UTC).

CREATE TABLE users (
    id               INTEGER PRIMARY KEY,
    platform         TEXT    NOT NULL CHECK (platform IN ('tg', 'dc', 'console')),
    platform_user_id TEXT    NOT NULL,
    language         TEXT    NOT NULL DEFAULT 'en',
    timezone         TEXT    NOT NULL DEFAULT 'UTC',
    min_worth_usdt   TEXT    NOT NULL DEFAULT '1',
    created_at       INTEGER NOT NULL,
    UNIQUE (platform, platform_user_id)
);

CREATE TABLE credentials (
    user_id       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    exchange      TEXT    NOT NULL CHECK (exchange IN ('binance')),
    key_version   INTEGER NOT NULL,
    api_key_ct    BLOB    NOT NULL,
    api_secret_ct BLOB    NOT NULL,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    PRIMARY KEY (user_id, exchange)
);

CREATE INDEX credentials_by_key_version ON credentials (key_version);

CREATE TABLE key_check (
    key_version INTEGER PRIMARY KEY,
    ciphertext  BLOB    NOT NULL,
    created_at  INTEGER NOT NULL
);

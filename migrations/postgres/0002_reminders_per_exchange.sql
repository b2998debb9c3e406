-- Reminders per exchange (issue 20), as SQLite's 0016: each exchange's cooldown arms its own
-- reminder, so a user holds one row per exchange. Every reminder before was Binance's.
ALTER TABLE reminders
    ADD COLUMN exchange TEXT NOT NULL DEFAULT 'binance'
        CHECK (exchange ~ '^[a-z0-9]{1,20}$');
ALTER TABLE reminders DROP CONSTRAINT reminders_user_id_key;
ALTER TABLE reminders ADD CONSTRAINT reminders_user_id_exchange_key UNIQUE (user_id, exchange);

-- A passphrase beside the key and the secret: OKX, Bitget and KuCoin keys have one.
-- Encrypted like them (its own field name in the associated data); NULL where the exchange
-- has none, as every Binance row. Existing rows are untouched and still decrypt.
ALTER TABLE credentials ADD COLUMN api_passphrase_ct BLOB;

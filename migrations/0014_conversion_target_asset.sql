-- The asset a small-balance conversion went to: Binance's Dust Convert converts to a chosen
-- target (USDT, BTC…), not only BNB. Every row written before was a conversion to BNB.
ALTER TABLE dust_conversions ADD COLUMN target_asset TEXT NOT NULL DEFAULT 'BNB';

-- The user's Spot Convert target and display currency (`/settings target`, `/settings
-- currency`). Both USDT until the user chooses otherwise.

ALTER TABLE users ADD COLUMN convert_target TEXT NOT NULL DEFAULT 'USDT';
ALTER TABLE users ADD COLUMN display_currency TEXT NOT NULL DEFAULT 'USDT';

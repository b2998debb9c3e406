-- A user who blocked the bot (or whose account was deactivated) gets no more messages
-- until they come back (/start or an unblock update).
ALTER TABLE users ADD COLUMN blocked INTEGER NOT NULL DEFAULT 0;

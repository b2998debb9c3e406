-- Unconfirmed operations (selections, confirm screens) expire; the scheduler purges them.
CREATE INDEX operations_open_by_expiry ON operations (expires_at)
    WHERE status IN ('selecting', 'pending');

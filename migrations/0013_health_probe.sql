-- One row the health check overwrites: a real write through the writer proves the
-- database is writable (issue 19, /healthz and /health).
CREATE TABLE health_probe (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    written_at INTEGER NOT NULL
);

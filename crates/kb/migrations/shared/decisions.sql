
CREATE TABLE IF NOT EXISTS fact_decisions (
    id BIGINT PRIMARY KEY,
    kind TEXT NOT NULL,
    fact_key TEXT NOT NULL,
    verdict TEXT NOT NULL,
    edit TEXT NOT NULL,
    summary TEXT NOT NULL,
    user_name TEXT NOT NULL,
    created_at TEXT NOT NULL,
    undone_at TEXT
);
CREATE INDEX IF NOT EXISTS fact_decisions_key ON fact_decisions(kind, fact_key);

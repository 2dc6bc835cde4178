
CREATE TABLE IF NOT EXISTS name_lookup (
    entity BIGINT NOT NULL,
    name TEXT NOT NULL,
    folded TEXT NOT NULL,
    key TEXT NOT NULL,
    translit TEXT NOT NULL,
    initials TEXT[] NOT NULL,
    PRIMARY KEY (entity, name)
);
CREATE INDEX IF NOT EXISTS name_lookup_translit ON name_lookup (translit);
CREATE INDEX IF NOT EXISTS name_lookup_initials ON name_lookup USING GIN (initials);

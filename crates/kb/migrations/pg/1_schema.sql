
CREATE TABLE documents (
    id TEXT PRIMARY KEY,
    rowid BIGSERIAL UNIQUE,
    title TEXT,
    published TEXT,
    source TEXT,
    url TEXT,
    path TEXT,
    reliability TEXT NOT NULL DEFAULT 'F' CHECK (reliability IN ('A','B','C','D','E','F')),
    ingested_at TEXT NOT NULL DEFAULT (to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'))
);
CREATE TABLE sentences (
    id BIGSERIAL PRIMARY KEY,
    doc TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    idx BIGINT NOT NULL,
    start BIGINT NOT NULL,
    "end" BIGINT NOT NULL,
    text TEXT NOT NULL,
    ntok BIGINT NOT NULL DEFAULT 0,
    tsv TSVECTOR NOT NULL DEFAULT ''::tsvector,
    UNIQUE (doc, idx)
);
CREATE INDEX sentences_tsv ON sentences USING GIN (tsv);
CREATE TABLE fts_stats (
    one BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (one),
    sentences BIGINT NOT NULL,
    tokens BIGINT NOT NULL
);
INSERT INTO fts_stats (one, sentences, tokens) VALUES (TRUE, 0, 0);
CREATE TABLE entities (
    id BIGSERIAL PRIMARY KEY,
    type TEXT NOT NULL,
    name TEXT NOT NULL,
    key TEXT NOT NULL,
    merged_into BIGINT REFERENCES entities(id)
);
CREATE INDEX entities_key ON entities(key);
CREATE TABLE doc_entities (
    id BIGSERIAL PRIMARY KEY,
    doc TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    idx BIGINT NOT NULL,
    entity BIGINT NOT NULL REFERENCES entities(id),
    type TEXT NOT NULL,
    name TEXT NOT NULL,
    key TEXT NOT NULL,
    UNIQUE (doc, idx)
);
CREATE INDEX doc_entities_entity ON doc_entities(entity);
CREATE TABLE aliases (
    id BIGSERIAL PRIMARY KEY,
    entity BIGINT NOT NULL REFERENCES entities(id),
    name TEXT NOT NULL,
    key TEXT NOT NULL,
    document TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    UNIQUE (entity, name, document)
);
CREATE INDEX aliases_key ON aliases(key);
CREATE INDEX aliases_entity ON aliases(entity);
CREATE TABLE mentions (
    id BIGSERIAL PRIMARY KEY,
    doc TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    sentence BIGINT NOT NULL,
    start BIGINT NOT NULL,
    "end" BIGINT NOT NULL,
    entity BIGINT NOT NULL REFERENCES entities(id),
    doc_entity BIGINT NOT NULL REFERENCES doc_entities(id),
    text TEXT NOT NULL,
    kind TEXT NOT NULL
);
CREATE INDEX mentions_entity ON mentions(entity);
CREATE TABLE relations (
    id BIGSERIAL PRIMARY KEY,
    doc TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    type TEXT NOT NULL,
    source BIGINT NOT NULL REFERENCES doc_entities(id),
    target BIGINT NOT NULL REFERENCES doc_entities(id),
    confidence DOUBLE PRECISION NOT NULL,
    date TEXT,
    modality TEXT,
    credibility BIGINT NOT NULL CHECK (credibility BETWEEN 1 AND 6)
);
CREATE TABLE relation_evidence (
    rowid BIGSERIAL PRIMARY KEY,
    relation BIGINT NOT NULL REFERENCES relations(id) ON DELETE CASCADE,
    sentence BIGINT NOT NULL,
    start BIGINT NOT NULL,
    "end" BIGINT NOT NULL,
    cited TEXT
);
CREATE INDEX relation_evidence_relation ON relation_evidence(relation);
CREATE TABLE events (
    id BIGSERIAL PRIMARY KEY,
    doc TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    type TEXT NOT NULL,
    trigger TEXT NOT NULL,
    attempted BIGINT NOT NULL,
    date TEXT,
    fatalities BIGINT,
    injured BIGINT,
    modality TEXT,
    confidence DOUBLE PRECISION NOT NULL,
    credibility BIGINT NOT NULL CHECK (credibility BETWEEN 1 AND 6)
);
CREATE TABLE event_participants (
    rowid BIGSERIAL PRIMARY KEY,
    event BIGINT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    doc_entity BIGINT NOT NULL REFERENCES doc_entities(id)
);
CREATE INDEX event_participants_event ON event_participants(event);
CREATE TABLE event_evidence (
    rowid BIGSERIAL PRIMARY KEY,
    event BIGINT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    sentence BIGINT NOT NULL,
    start BIGINT NOT NULL,
    "end" BIGINT NOT NULL,
    cited TEXT
);
CREATE INDEX event_evidence_event ON event_evidence(event);
CREATE TABLE attributes (
    id BIGSERIAL PRIMARY KEY,
    doc TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    doc_entity BIGINT NOT NULL REFERENCES doc_entities(id),
    name TEXT NOT NULL,
    value TEXT NOT NULL,
    date TEXT,
    confidence DOUBLE PRECISION NOT NULL,
    credibility BIGINT NOT NULL CHECK (credibility BETWEEN 1 AND 6)
);
CREATE TABLE attribute_evidence (
    rowid BIGSERIAL PRIMARY KEY,
    attribute BIGINT NOT NULL REFERENCES attributes(id) ON DELETE CASCADE,
    sentence BIGINT NOT NULL,
    start BIGINT NOT NULL,
    "end" BIGINT NOT NULL,
    cited TEXT
);
CREATE INDEX attribute_evidence_attribute ON attribute_evidence(attribute);
CREATE TABLE overrides (
    id BIGSERIAL PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('merge', 'split')),
    a BIGINT NOT NULL REFERENCES entities(id),
    b BIGINT NOT NULL REFERENCES entities(id),
    alias TEXT,
    alias_key TEXT,
    created_at TEXT NOT NULL DEFAULT (to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')),
    undone_at TEXT
);

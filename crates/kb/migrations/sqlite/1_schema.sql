
CREATE TABLE documents (
    id TEXT PRIMARY KEY,
    title TEXT,
    published TEXT,
    source TEXT,
    url TEXT,
    path TEXT,
    reliability TEXT NOT NULL DEFAULT 'F' CHECK (reliability IN ('A','B','C','D','E','F')),
    ingested_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE TABLE sentences (
    id INTEGER PRIMARY KEY,
    doc TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    UNIQUE (doc, idx)
);
CREATE VIRTUAL TABLE sentence_fts USING fts5(
    text, content = 'sentences', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TABLE entities (
    id INTEGER PRIMARY KEY,
    type TEXT NOT NULL,
    name TEXT NOT NULL,
    key TEXT NOT NULL,
    merged_into INTEGER REFERENCES entities(id)
);
CREATE INDEX entities_key ON entities(key);
CREATE TABLE doc_entities (
    id INTEGER PRIMARY KEY,
    doc TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    entity INTEGER NOT NULL REFERENCES entities(id),
    type TEXT NOT NULL,
    name TEXT NOT NULL,
    key TEXT NOT NULL,
    UNIQUE (doc, idx)
);
CREATE INDEX doc_entities_entity ON doc_entities(entity);
CREATE TABLE aliases (
    id INTEGER PRIMARY KEY,
    entity INTEGER NOT NULL REFERENCES entities(id),
    name TEXT NOT NULL,
    key TEXT NOT NULL,
    document TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    UNIQUE (entity, name, document)
);
CREATE INDEX aliases_key ON aliases(key);
CREATE INDEX aliases_entity ON aliases(entity);
CREATE TABLE mentions (
    id INTEGER PRIMARY KEY,
    doc TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    sentence INTEGER NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    entity INTEGER NOT NULL REFERENCES entities(id),
    doc_entity INTEGER NOT NULL REFERENCES doc_entities(id),
    text TEXT NOT NULL,
    kind TEXT NOT NULL
);
CREATE INDEX mentions_entity ON mentions(entity);
CREATE TABLE relations (
    id INTEGER PRIMARY KEY,
    doc TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    type TEXT NOT NULL,
    source INTEGER NOT NULL REFERENCES doc_entities(id),
    target INTEGER NOT NULL REFERENCES doc_entities(id),
    confidence REAL NOT NULL,
    date TEXT,
    modality TEXT,
    credibility INTEGER NOT NULL CHECK (credibility BETWEEN 1 AND 6)
);
CREATE TABLE relation_evidence (
    relation INTEGER NOT NULL REFERENCES relations(id) ON DELETE CASCADE,
    sentence INTEGER NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    cited TEXT
);
CREATE INDEX relation_evidence_relation ON relation_evidence(relation);
CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    doc TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    type TEXT NOT NULL,
    trigger TEXT NOT NULL,
    attempted INTEGER NOT NULL,
    date TEXT,
    fatalities INTEGER,
    injured INTEGER,
    modality TEXT,
    confidence REAL NOT NULL,
    credibility INTEGER NOT NULL CHECK (credibility BETWEEN 1 AND 6)
);
CREATE TABLE event_participants (
    event INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    doc_entity INTEGER NOT NULL REFERENCES doc_entities(id)
);
CREATE INDEX event_participants_event ON event_participants(event);
CREATE TABLE event_evidence (
    event INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    sentence INTEGER NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    cited TEXT
);
CREATE INDEX event_evidence_event ON event_evidence(event);
CREATE TABLE attributes (
    id INTEGER PRIMARY KEY,
    doc TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    doc_entity INTEGER NOT NULL REFERENCES doc_entities(id),
    name TEXT NOT NULL,
    value TEXT NOT NULL,
    date TEXT,
    confidence REAL NOT NULL,
    credibility INTEGER NOT NULL CHECK (credibility BETWEEN 1 AND 6)
);
CREATE TABLE attribute_evidence (
    attribute INTEGER NOT NULL REFERENCES attributes(id) ON DELETE CASCADE,
    sentence INTEGER NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    cited TEXT
);
CREATE INDEX attribute_evidence_attribute ON attribute_evidence(attribute);
CREATE TABLE overrides (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('merge', 'split')),
    a INTEGER NOT NULL REFERENCES entities(id),
    b INTEGER NOT NULL REFERENCES entities(id),
    alias TEXT,
    alias_key TEXT,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    undone_at TEXT
);

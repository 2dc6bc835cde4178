
CREATE TABLE IF NOT EXISTS entity_names (
    entity INTEGER NOT NULL,
    name TEXT NOT NULL,
    PRIMARY KEY (entity, name)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS entity_keys (
    key TEXT NOT NULL,
    entity INTEGER NOT NULL,
    PRIMARY KEY (key, entity)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS entity_keys_entity ON entity_keys(entity);
CREATE TABLE IF NOT EXISTS entity_links (
    a INTEGER NOT NULL,
    b INTEGER NOT NULL,
    PRIMARY KEY (a, b)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS entity_links_b ON entity_links(b);
CREATE TABLE IF NOT EXISTS entity_stats (
    entity INTEGER NOT NULL,
    kind TEXT NOT NULL,
    value TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (entity, kind, value)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS entities_merged_into ON entities(merged_into) WHERE merged_into IS NOT NULL;
CREATE INDEX IF NOT EXISTS relations_source ON relations(source);
CREATE INDEX IF NOT EXISTS relations_target ON relations(target);
CREATE INDEX IF NOT EXISTS relations_doc ON relations(doc);
CREATE INDEX IF NOT EXISTS event_participants_doc_entity ON event_participants(doc_entity);
CREATE INDEX IF NOT EXISTS events_bucket ON events(type, attempted, date);
CREATE INDEX IF NOT EXISTS events_doc ON events(doc);
CREATE INDEX IF NOT EXISTS attributes_doc_entity ON attributes(doc_entity);
CREATE INDEX IF NOT EXISTS attributes_doc ON attributes(doc);
CREATE INDEX IF NOT EXISTS mentions_doc ON mentions(doc);
CREATE INDEX IF NOT EXISTS aliases_document ON aliases(document);
CREATE INDEX IF NOT EXISTS doc_entities_doc ON doc_entities(doc);
CREATE INDEX IF NOT EXISTS mentions_entity_doc ON mentions(entity, doc);
CREATE INDEX IF NOT EXISTS doc_entities_entity_doc ON doc_entities(entity, doc);

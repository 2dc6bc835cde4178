#!/usr/bin/env python3
"""Validate the corpus: manifest, documents and every key file.

    python3 corpus/tools/check.py [--root corpus] [--docs DIR] [--score PATH] [KEY.json ...]

Without KEY arguments it checks manifest.tsv against docs/ and every key file in
ROOT/keys/a, ROOT/keys/b and ROOT/gold. A key file <id>.json is checked against
docs/<id>.txt (see GUIDE.md): JSON parses; entity types, relation types, event types,
roles and attribute names are in ONTOLOGY.md's closed lists; every name used in a
relation, event or attribute is a keyed entity's name or alias; dates parse as EDTF
(with ../shared/eval/score.py's parser, the one the scorer uses); casualty counts
and member counts have the guide's format; every relation, event and attribute has
an `evidence` list whose strings occur verbatim in the document (whitespace
normalized). Each problem is printed as `FILE: ITEM: message`; exit status 1 if any.
Standard library only.
"""
import argparse
import importlib.util
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.dirname(HERE)
DEFAULT_SCORE = os.path.normpath(os.path.join(CORPUS, "..", "..", "shared", "eval", "score.py"))

RELATION_TYPES = {"leader_of", "founder_of", "member_of", "sponsor_of", "trainer_of", "ally_of",
                  "hostile_to", "based_in", "active_in", "located_in", "citizen_of"}
EVENT_TYPES = {"attack", "plot", "arrest", "sentence", "protest", "crackdown", "military_exercise",
               "armed_conflict", "founding", "meeting", "deployment", "training", "statement",
               "appointment"}
ROLES = {"agent", "target", "participant", "location"}
ATTRIBUTE_NAMES = {"member_count", "founded", "title"}
ATTRIBUTIONS = {"stated", "claimed", "suspected"}

ENTITY_FIELDS = {"name", "type", "aliases", "optional", "comment"}
RELATION_FIELDS = {"type", "source", "target", "optional", "evidence", "comment"}
EVENT_FIELDS = {"type", "subtype", "date", "attempted", "participants", "fatalities",
                "injured", "attacker_fatalities", "attribution", "optional", "evidence", "comment"}
ATTRIBUTE_FIELDS = {"entity", "name", "value", "value_max", "date", "evidence", "comment"}
TOP_FIELDS = {"document", "notes", "entities", "relations", "events", "attributes"}

COUNT = re.compile(r"\d+(?:[~+]|-\d+)?")   # 12, 12~ (about), 12+ (at least), 150-300 (range)
MEMBERS = re.compile(r"\d+[~?]?")


def load_score(path):
    spec = importlib.util.spec_from_file_location("dossier_score", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def squash(s):
    return re.sub(r"\s+", " ", s).strip()


def read_manifest(root):
    path = os.path.join(root, "manifest.tsv")
    rows = {}
    with open(path, encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        for line in f:
            if line.strip():
                rows[line.split("\t", 1)[0]] = dict(zip(header, line.rstrip("\n").split("\t")))
    return header, rows


class Checker:
    def __init__(self, score, docs, manifest):
        self.score, self.docs, self.manifest = score, docs, manifest
        self.errors = 0

    def err(self, where, item, msg):
        self.errors += 1
        print(f"{where}: {item}: {msg}")

    def edtf_ok(self, value):
        iv = self.score.edtf_interval(value)
        return iv is not None and iv[0] <= iv[1]

    def check_manifest(self, header, rows):
        where = "manifest.tsv"
        want = ["id", "source", "article", "published", "split", "words"]
        if header != want:
            self.err(where, "header", f"expected {want}, got {header}")
        files = {f[:-4] for f in os.listdir(self.docs) if f.endswith(".txt")}
        for doc in sorted(files - set(rows)):
            self.err(where, doc, "document not in manifest")
        split_of = {}
        for doc, r in rows.items():
            if doc not in files:
                self.err(where, doc, "no such document in docs/")
                continue
            text = open(os.path.join(self.docs, doc + ".txt"), encoding="utf-8").read()
            if str(len(text.split())) != r.get("words"):
                self.err(where, doc, f"words {r.get('words')} but the text has {len(text.split())}")
            if r.get("source") not in ("wikipedia", "synthetic"):
                self.err(where, doc, f"bad source {r.get('source')!r}")
            if r.get("split") not in ("train", "dev"):
                self.err(where, doc, f"bad split {r.get('split')!r}")
            if not self.edtf_ok(r.get("published")):
                self.err(where, doc, f"published {r.get('published')!r} is not EDTF")
            prev = split_of.setdefault(r.get("article"), r.get("split"))
            if prev != r.get("split"):
                self.err(where, doc, f"article {r.get('article')} is on both sides of the split")

    def check_key(self, path):
        where = os.path.relpath(path)
        doc = os.path.basename(path)[:-5]
        try:
            with open(path, encoding="utf-8") as f:
                key = json.load(f)
        except (OSError, ValueError) as e:
            self.err(where, "file", f"does not parse as JSON: {e}")
            return
        if not isinstance(key, dict):
            self.err(where, "file", "top level is not an object")
            return
        for k in set(key) - TOP_FIELDS:
            self.err(where, "file", f"unknown top-level field {k!r}")
        text_path = os.path.join(self.docs, doc + ".txt")
        if not os.path.exists(text_path):
            self.err(where, "document", f"no document {doc}.txt in {self.docs}")
            text = None
        else:
            text = squash(open(text_path, encoding="utf-8").read())
        meta = key.get("document")
        if not isinstance(meta, dict) or not {"file", "published", "title"} <= set(meta):
            self.err(where, "document", "needs an object with file, published, title")
        else:
            if os.path.basename(str(meta["file"])) != doc + ".txt":
                self.err(where, "document", f"file {meta['file']!r} does not name {doc}.txt")
            want = self.manifest.get(doc, {}).get("published")
            if want is None:
                self.err(where, "document", f"{doc} is not in manifest.tsv")
            elif str(meta["published"]) != want:
                self.err(where, "document", f"published {meta['published']!r}, manifest says {want!r}")

        names = {}
        ents = key.get("entities")
        if not isinstance(ents, list):
            self.err(where, "entities", "missing or not a list")
            ents = []
        for i, e in enumerate(ents):
            label = f"entity {i} {e.get('name')!r}" if isinstance(e, dict) else f"entity {i}"
            if not isinstance(e, dict):
                self.err(where, label, "not an object")
                continue
            for k in set(e) - ENTITY_FIELDS:
                self.err(where, label, f"unknown field {k!r}")
            if not isinstance(e.get("name"), str) or not e["name"].strip():
                self.err(where, label, "needs a non-empty name")
                continue
            if e.get("type") not in self.score.ENTITY_TYPES:
                self.err(where, label, f"type {e.get('type')!r} not in ontology")
            aliases = e.get("aliases", [])
            if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
                self.err(where, label, "aliases must be a list of non-empty strings")
                aliases = []
            if "optional" in e and not isinstance(e["optional"], bool):
                self.err(where, label, "optional must be true or false")
            for n in [e["name"]] + aliases:
                k = self.score.norm(n)
                if k in names and names[k] != e["name"]:
                    self.err(where, label, f"name/alias {n!r} also names entity {names[k]!r}")
                names.setdefault(k, e["name"])

        def resolve(label, names_field, what):
            vals = names_field if isinstance(names_field, list) else [names_field]
            if not vals or not all(isinstance(v, str) and v.strip() for v in vals):
                self.err(where, label, f"{what} must be a name or a non-empty list of names")
                return
            for v in vals:
                if self.score.norm(v) not in names:
                    self.err(where, label, f"{what} {v!r} is not a keyed entity name or alias")

        def evidence(label, item):
            ev = item.get("evidence")
            if not isinstance(ev, list) or not ev or not all(isinstance(s, str) and s.strip() for s in ev):
                self.err(where, label, "needs evidence: a non-empty list of verbatim sentences")
                return
            if text is None:
                return
            for s in ev:
                if squash(s) not in text:
                    self.err(where, label, f"evidence not found verbatim in the document: {s[:90]!r}")

        def optional_flag(label, item):
            if "optional" in item and not isinstance(item["optional"], bool):
                self.err(where, label, "optional must be true or false")

        def section(name):
            v = key.get(name)
            if not isinstance(v, list):
                self.err(where, name, "missing or not a list")
                return []
            return v

        for i, r in enumerate(section("relations")):
            label = f"relation {i} {r.get('type')}({r.get('source')} -> {r.get('target')})" if isinstance(r, dict) else f"relation {i}"
            if not isinstance(r, dict):
                self.err(where, label, "not an object")
                continue
            for k in set(r) - RELATION_FIELDS:
                self.err(where, label, f"unknown field {k!r}")
            if r.get("type") not in RELATION_TYPES:
                self.err(where, label, f"relation type {r.get('type')!r} not in ontology")
            resolve(label, r.get("source"), "source")
            resolve(label, r.get("target"), "target")
            optional_flag(label, r)
            evidence(label, r)

        for i, ev in enumerate(section("events")):
            label = f"event {i} {ev.get('type')} {ev.get('date')}" if isinstance(ev, dict) else f"event {i}"
            if not isinstance(ev, dict):
                self.err(where, label, "not an object")
                continue
            for k in set(ev) - EVENT_FIELDS:
                self.err(where, label, f"unknown field {k!r}")
            if ev.get("type") not in EVENT_TYPES:
                self.err(where, label, f"event type {ev.get('type')!r} not in ontology")
            if "date" not in ev:
                self.err(where, label, "needs a date (EDTF string, or null when the text gives none)")
            elif ev["date"] is not None and not self.edtf_ok(ev["date"]):
                self.err(where, label, f"date {ev['date']!r} does not parse as EDTF")
            parts = ev.get("participants")
            if not isinstance(parts, dict) or not parts:
                self.err(where, label, "participants must be a non-empty object {role: [names]}")
            else:
                for role, who in parts.items():
                    if role not in ROLES:
                        self.err(where, label, f"role {role!r} not in ontology ({', '.join(sorted(ROLES))})")
                    if not isinstance(who, list):
                        self.err(where, label, f"participants.{role} must be a list of names")
                        who = [who]
                    resolve(label, who, f"participant ({role})")
            for k in ("fatalities", "injured", "attacker_fatalities"):
                if k in ev and not (isinstance(ev[k], int) and not isinstance(ev[k], bool) and ev[k] >= 0
                                    or isinstance(ev[k], str) and COUNT.fullmatch(ev[k])):
                    self.err(where, label, f"{k} {ev[k]!r}: use an integer or '12~', '12+', '150-300'")
            if "attempted" in ev and not isinstance(ev["attempted"], bool):
                self.err(where, label, "attempted must be true or false")
            if "attribution" in ev:
                if ev["attribution"] not in ATTRIBUTIONS:
                    self.err(where, label, f"attribution {ev['attribution']!r} not one of {sorted(ATTRIBUTIONS)}")
                elif not (isinstance(parts, dict) and parts.get("agent")):
                    self.err(where, label, "attribution given but no agent")
            optional_flag(label, ev)
            evidence(label, ev)

        for i, a in enumerate(section("attributes")):
            label = f"attribute {i} {a.get('entity')}.{a.get('name')}={a.get('value')}" if isinstance(a, dict) else f"attribute {i}"
            if not isinstance(a, dict):
                self.err(where, label, "not an object")
                continue
            for k in set(a) - ATTRIBUTE_FIELDS:
                hint = " (attributes cannot be optional: the scorer counts them all)" if k == "optional" else ""
                self.err(where, label, f"unknown field {k!r}{hint}")
            if not isinstance(a.get("entity"), str):
                self.err(where, label, "entity must be one name")
            else:
                resolve(label, a["entity"], "entity")
            name, value = a.get("name"), a.get("value")
            if name not in ATTRIBUTE_NAMES:
                self.err(where, label, f"attribute {name!r} not in ontology ({', '.join(sorted(ATTRIBUTE_NAMES))})")
            if not isinstance(value, str) or not value.strip():
                self.err(where, label, "value must be a non-empty string")
            elif name == "founded" and not self.edtf_ok(value):
                self.err(where, label, f"founded {value!r} does not parse as EDTF")
            elif name == "member_count" and not MEMBERS.fullmatch(value):
                self.err(where, label, f"member_count {value!r}: digits only, optional ~ or ? (e.g. '1500', '20~')")
            if "value_max" in a and not (name == "member_count" and isinstance(a["value_max"], str)
                                         and MEMBERS.fullmatch(a["value_max"])):
                self.err(where, label, "value_max only for member_count ranges, digits")
            if a.get("date") is not None and not self.edtf_ok(a["date"]):
                self.err(where, label, f"date {a['date']!r} does not parse as EDTF")
            evidence(label, a)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("keys", nargs="*", help="key files to check (default: all in keys/a, keys/b, gold)")
    ap.add_argument("--root", default=CORPUS, help="corpus directory (manifest.tsv, keys/, gold/)")
    ap.add_argument("--docs", help="documents directory (default ROOT/docs, else corpus/docs)")
    ap.add_argument("--score", default=DEFAULT_SCORE, help="path of shared/eval/score.py")
    args = ap.parse_args()
    docs = args.docs or os.path.join(args.root, "docs")
    if not os.path.isdir(docs):
        docs = os.path.join(CORPUS, "docs")
    score = load_score(args.score)
    corpus_manifest = args.root if os.path.exists(os.path.join(args.root, "manifest.tsv")) else CORPUS
    header, rows = read_manifest(corpus_manifest)
    ck = Checker(score, docs, rows)
    if args.keys:
        paths = args.keys
    else:
        ck.check_manifest(header, rows)
        paths = []
        for sub in ("keys/a", "keys/b", "gold"):
            d = os.path.join(args.root, sub)
            if os.path.isdir(d):
                paths += sorted(os.path.join(d, f) for f in os.listdir(d) if f.endswith(".json"))
    for p in paths:
        ck.check_key(p)
    print(f"checked {len(paths)} key file(s), {len(rows)} manifest row(s): "
          f"{ck.errors} error(s)" if ck.errors else
          f"checked {len(paths)} key file(s), {len(rows)} manifest row(s): OK")
    sys.exit(1 if ck.errors else 0)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Turn an answer key (gold format) into interchange JSON, so that the scorer can
be run with the answer key on both sides as a self-check:

    python3 gold_to_system.py X.gold.json > /tmp/X.sys.json
    python3 ../../../shared/eval/score.py /tmp/X.sys.json X.gold.json

(score.py cannot take a gold file directly as its SYSTEM argument: gold relations
name entities, and may give lists of acceptable names, where the interchange format
uses entity ids.)  Every item gets a dummy evidence span.
"""
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../../shared/eval"))
from score import norm  # noqa: E402


def main():
    gold = json.load(open(sys.argv[1], encoding="utf-8"))
    ids, out_ents = {}, []
    for i, e in enumerate(gold["entities"], 1):
        eid = f"e{i}"
        out_ents.append({"id": eid, "type": e["type"], "name": e["name"],
                         "aliases": e.get("aliases", []), "mentions": []})
        for n in [e["name"]] + e.get("aliases", []):
            ids.setdefault(norm(n), eid)

    def ref(v):
        name = v[0] if isinstance(v, list) else v
        if norm(name) not in ids:
            sys.exit(f"unknown entity name in {sys.argv[1]}: {name!r}")
        return ids[norm(name)]

    ev = [{"sentence": 0, "start": 0, "end": 0}]
    rels = [{"type": r["type"], "source": ref(r["source"]), "target": ref(r["target"]),
             "confidence": 1.0, "evidence": ev} for r in gold.get("relations", [])]
    events = []
    for g in gold.get("events", []):
        parts = []
        for role, names in g.get("participants", {}).items():
            for n in (names if isinstance(names, list) else [names]):
                parts.append({"role": role, "entity": ref(n)})
        x = {"type": g["type"], "participants": parts, "confidence": 1.0, "evidence": ev}
        for k in ("date", "attempted", "fatalities", "injured"):
            if g.get(k) is not None:
                x[k] = g[k]
        events.append(x)
    atts = [{"entity": ref(a["entity"]), "name": a["name"], "value": a["value"],
             "evidence": ev} for a in gold.get("attributes", [])]
    json.dump({"document": gold.get("document", {}), "entities": out_ents,
               "relations": rels, "events": events, "attributes": atts,
               "sentences": []}, sys.stdout, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main()

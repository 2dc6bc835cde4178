#!/usr/bin/env python3
"""Inter-annotator agreement between keys/a and keys/b, with the scorer's own matching.

    python3 corpus/tools/agree.py [--root corpus] [--score PATH] [--out agreement.md] [--explain]

For every document keyed in both ROOT/keys/a and ROOT/keys/b, key A is converted into
the system interchange JSON that ../shared/eval/score.py reads (entities with ids,
relations with source/target ids, events with a participant list, attributes) and
scored against key B as the answer. So agreement is F1 of A against B under exactly
the evaluation's semantics: alias matching, lists of acceptable names, symmetric
ally_of/hostile_to, event date overlap, B's optional items neutral.

How A is read: its optional relations and events are left out (A said "either way");
its optional entities are kept only when B keys a matching name (otherwise they would
count against A for something A itself called optional); where A lists several
acceptable names, the first one is A's answer. group_identity entities are not scored.

Writes a markdown table (per document and micro-averaged over documents) to --out
(default: stdout). Standard library only.
"""
import argparse
import importlib.util
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.dirname(HERE)
DEFAULT_SCORE = os.path.normpath(os.path.join(CORPUS, "..", "..", "shared", "eval", "score.py"))
SECTIONS = ("entities_typed", "relations", "events", "attributes")


def load_score(path):
    spec = importlib.util.spec_from_file_location("dossier_score", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def first(v):
    return v[0] if isinstance(v, list) else v


def key_to_system(a, b, norm):
    """Key A as the interchange JSON a system would print."""
    b_names = {norm(n) for e in b.get("entities", []) for n in [e["name"]] + e.get("aliases", [])}
    ids, entities = {}, []
    for i, e in enumerate(a.get("entities", [])):
        eid = f"e{i + 1}"
        names = [e["name"]] + e.get("aliases", [])
        for n in names:
            ids.setdefault(norm(n), eid)
        if e.get("optional") and not any(norm(n) in b_names for n in names):
            continue
        entities.append({"id": eid, "type": e["type"], "name": e["name"], "aliases": e.get("aliases", [])})

    def ref(name):
        return ids.get(norm(name), f"unknown:{name}")

    relations = [{"type": r["type"], "source": ref(first(r["source"])), "target": ref(first(r["target"])),
                  "evidence": r.get("evidence")}
                 for r in a.get("relations", []) if not r.get("optional")]
    events = []
    for ev in a.get("events", []):
        if ev.get("optional"):
            continue
        parts = [{"role": role, "entity": ref(n)}
                 for role, who in ev.get("participants", {}).items()
                 for n in (who if isinstance(who, list) else [who])]
        events.append({"type": ev["type"], "date": ev.get("date"), "participants": parts,
                       "evidence": ev.get("evidence")})
    attributes = [{"entity": ref(x["entity"]), "name": x["name"], "value": x["value"],
                   "evidence": x.get("evidence")} for x in a.get("attributes", [])]
    return {"document": a.get("document", {}), "entities": entities, "relations": relations,
            "events": events, "attributes": attributes}


def f1(tp, fp, fn):
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


def cell(d):
    if d["tp"] + d["fp"] + d["fn"] == 0:
        return "–"
    return f"{f1(d['tp'], d['fp'], d['fn']):.3f} ({d['tp']}/{d['fp']}/{d['fn']})"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--root", default=CORPUS, help="corpus directory holding keys/a and keys/b")
    ap.add_argument("--score", default=DEFAULT_SCORE, help="path of shared/eval/score.py")
    ap.add_argument("--out", help="write the markdown table here (default: stdout)")
    ap.add_argument("--explain", action="store_true", help="print every disagreement to stderr")
    args = ap.parse_args()
    score = load_score(args.score)
    dir_a, dir_b = os.path.join(args.root, "keys", "a"), os.path.join(args.root, "keys", "b")
    docs = sorted(set(os.listdir(dir_a) if os.path.isdir(dir_a) else [])
                  & set(os.listdir(dir_b) if os.path.isdir(dir_b) else []))
    docs = [d for d in docs if d.endswith(".json")]
    if not docs:
        sys.exit(f"no document keyed in both {dir_a} and {dir_b}")

    total = {s: {"tp": 0, "fp": 0, "fn": 0} for s in SECTIONS}
    lines = ["| document | " + " | ".join(SECTIONS) + " |", "|---" * (len(SECTIONS) + 1) + "|"]
    for d in docs:
        with open(os.path.join(dir_a, d), encoding="utf-8") as f:
            a = json.load(f)
        with open(os.path.join(dir_b, d), encoding="utf-8") as f:
            b = json.load(f)
        result, notes = score.score(key_to_system(a, b, score.norm), b)
        if args.explain:
            for n in notes:
                print(f"{d[:-5]}: {n} (FP: only in A, FN: only in B)", file=sys.stderr)
        for s in SECTIONS:
            for k in ("tp", "fp", "fn"):
                total[s][k] += result[s][k]
        lines.append(f"| {d[:-5]} | " + " | ".join(cell(result[s]) for s in SECTIONS) + " |")
    lines.append(f"| **micro-average ({len(docs)} docs)** | "
                 + " | ".join(f"**{cell(total[s])}**" for s in SECTIONS) + " |")
    table = ("# Agreement of keys/a against keys/b\n\n"
             "F1 of A scored as a system against B as the answer key "
             "(../shared/eval/score.py); cells are F1 (tp/fp/fn).\n\n" + "\n".join(lines) + "\n")
    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            f.write(table)
    else:
        sys.stdout.write(table)


if __name__ == "__main__":
    main()

#!/bin/sh
# Self-check of the held-out answer keys in testdata/heldout3: each parses, names
# resolve, dates parse, no alias is shared by two entities, no optional relation or
# event precedes a required one (the scorer gives a system item to the first answer
# item that fits, so an optional one listed first would swallow it), every
# acceptable variant of each required relation/event, emitted alone, scores as a hit,
# and scoring a key against itself gives F1=1.000.
cd "$(dirname "$0")"
[ -f ../../../shared/eval/score.py ] || { echo "$0: needs the reference scorer at ../shared/eval/score.py beside the repository" >&2; exit 1; }
self=$(mktemp)
trap 'rm -f "$self"' EXIT
for g in report*.gold.json; do
  python3 - "$g" <<'PY' || exit 1
import itertools, json, sys
sys.path.insert(0, "../../../shared/eval")
from score import norm, edtf_interval, score
f = sys.argv[1]
g = json.load(open(f, encoding="utf-8"))
seen = {}
for e in g["entities"]:
    for n in [e["name"]] + e.get("aliases", []):
        k = norm(n)
        if k in seen and seen[k] != e["name"]:
            sys.exit(f"{f}: alias {n!r} shared by {seen[k]!r} and {e['name']!r}")
        seen[k] = e["name"]
names = set(seen)
def L(v):
    return v if isinstance(v, list) else [v]
def chk(v):
    for n in L(v):
        if norm(n) not in names:
            sys.exit(f"{f}: unknown name {n!r}")
for r in g["relations"]:
    chk(r["source"]); chk(r["target"])
for ev in g["events"]:
    for v in ev["participants"].values(): chk(v)
    if ev.get("date") and edtf_interval(ev["date"]) is None:
        sys.exit(f"{f}: bad date {ev['date']}")
for a in g["attributes"]:
    chk(a["entity"])
    if a["name"] == "founded" and edtf_interval(a["value"]) is None:
        sys.exit(f"{f}: bad founded date {a['value']}")
# ordering: no optional item before a required one
for key in ("relations", "events"):
    opt_seen = None
    for i, x in enumerate(g[key]):
        if x.get("optional"):
            opt_seen = opt_seen if opt_seen is not None else i
        elif opt_seen is not None:
            sys.exit(f"{f}: {key}[{i}] (required {x['type']}) follows optional {key}[{opt_seen}]")
# probes: each variant of a required item, emitted alone, must be a true positive
ents = [{"id": f"e{i}", "type": e["type"], "name": e["name"], "aliases": e.get("aliases", [])}
        for i, e in enumerate(g["entities"])]
eid = {norm(n): f"e{i}" for i, e in enumerate(g["entities"]) for n in [e["name"]] + e.get("aliases", [])}
ev0 = [{"sentence": 0, "start": 0, "end": 0}]
for r in g["relations"]:
    if r.get("optional"):
        continue
    for s, t in itertools.product(L(r["source"]), L(r["target"])):
        sysj = {"entities": ents, "relations": [{"type": r["type"], "source": eid[norm(s)],
                "target": eid[norm(t)], "evidence": ev0}], "events": [], "attributes": []}
        res, _ = score(sysj, g)
        if res["relations"]["tp"] != 1:
            sys.exit(f"{f}: probe {r['type']}({s} -> {t}) does not hit a required relation")
for ev in g["events"]:
    if ev.get("optional"):
        continue
    for role, ns in ev["participants"].items():
        for n in L(ns):
            x = {"type": ev["type"], "participants": [{"role": role, "entity": eid[norm(n)]}], "evidence": ev0}
            if ev.get("date"):
                x["date"] = ev["date"]
            sysj = {"entities": ents, "relations": [], "events": [x], "attributes": []}
            res, _ = score(sysj, g)
            if res["events"]["tp"] != 1:
                sys.exit(f"{f}: probe {ev['type']} {ev.get('date')} [{n}] does not hit a required event")
            # warn where a narrower optional date of the same type would take the probe
            for o in g["events"]:
                if not o.get("optional") or o["type"] != ev["type"] or not o.get("date") or not ev.get("date"):
                    continue
                io, ir = edtf_interval(o["date"]), edtf_interval(ev["date"])
                if io != ir and ir[0] <= io[0] and io[1] <= ir[1]:
                    y = dict(x, date=o["date"])
                    res, _ = score({"entities": ents, "relations": [], "events": [y], "attributes": []}, g)
                    if res["events"]["tp"] != 1:
                        print(f"{f}: WARNING probe {ev['type']} {o['date']} [{n}] is taken by an optional event", file=sys.stderr)
PY
  python3 gold_to_system.py "$g" > "$self" || exit 1
  out=$(python3 ../../../shared/eval/score.py "$self" "$g" | tail -1)
  printf '%-20s %s\n' "$g" "$out"
  case "$out" in "overall F1=1.000 "*) ;; *) echo "$g: self-score below 1.000"; exit 1;; esac
done

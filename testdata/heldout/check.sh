#!/bin/sh
# Self-check of the held-out answer keys: each parses, names resolve, no alias is
# shared by two entities, and scoring a key against itself gives F1=1.000.
cd "$(dirname "$0")"
[ -f ../../../shared/eval/score.py ] || { echo "$0: needs the reference scorer at ../shared/eval/score.py beside the repository" >&2; exit 1; }
self=$(mktemp)
trap 'rm -f "$self"' EXIT
for g in *.gold.json; do
  python3 - "$g" <<'PY' || exit 1
import json, sys
sys.path.insert(0, "../../../shared/eval")
from score import norm, edtf_interval
g = json.load(open(sys.argv[1], encoding="utf-8"))
seen = {}
for e in g["entities"]:
    for n in [e["name"]] + e.get("aliases", []):
        k = norm(n)
        if k in seen and seen[k] != e["name"]:
            sys.exit(f"{sys.argv[1]}: alias {n!r} shared by {seen[k]!r} and {e['name']!r}")
        seen[k] = e["name"]
names = set(seen)
def chk(v):
    for n in (v if isinstance(v, list) else [v]):
        if norm(n) not in names:
            sys.exit(f"{sys.argv[1]}: unknown name {n!r}")
for r in g["relations"]:
    chk(r["source"]); chk(r["target"])
for ev in g["events"]:
    for v in ev["participants"].values(): chk(v)
    if ev.get("date") and edtf_interval(ev["date"]) is None:
        sys.exit(f"{sys.argv[1]}: bad date {ev['date']}")
for a in g["attributes"]:
    chk(a["entity"])
PY
  python3 gold_to_system.py "$g" > "$self" || exit 1
  printf '%-22s ' "$g"; python3 ../../../shared/eval/score.py "$self" "$g" | tail -1
done

#!/bin/sh
# Self-check of the held-out answer keys (set 2): each parses, names resolve, no alias
# is shared by two entities, event dates are valid EDTF, optional relations/events come
# after the required ones (the scorer takes the first matching answer item, so an
# optional item listed first could swallow a correct extraction), and scoring a key
# against itself gives F1=1.000.
# With a folder argument, checks that folder's keys instead (set 4 uses this).
cd "${1:-$(dirname "$0")}"
self="$(mktemp)"
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
    if a["entity"] not in {e["name"] for e in g["entities"]}:
        sys.exit(f"{sys.argv[1]}: attribute entity {a['entity']!r} is not a canonical name")
    if a["name"] == "founded" and edtf_interval(a["value"]) is None:
        sys.exit(f"{sys.argv[1]}: bad founded date {a['value']}")
for k in ("relations", "events"):
    opt = [bool(x.get("optional")) for x in g[k]]
    if opt != sorted(opt):
        sys.exit(f"{sys.argv[1]}: an optional item precedes a required one in {k}")
PY
  python3 ../heldout/gold_to_system.py "$g" > "$self" || exit 1
  printf '%-22s ' "$g"; python3 ../../../shared/eval/score.py "$self" "$g" | tail -1
done

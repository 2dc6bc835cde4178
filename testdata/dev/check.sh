#!/bin/sh
# Self-check of the development answer keys: each parses, uses only ontology types,
# names resolve, no alias is shared by two entities, no optional relation/event is
# listed before a required one (the scorer matches a system item to the FIRST answer
# item that fits, so an optional item ahead of a required one could swallow a match),
# and scoring a key against itself gives F1=1.000.
cd "$(dirname "$0")"
[ -f ../../../shared/eval/score.py ] || { echo "$0: needs the reference scorer at ../shared/eval/score.py beside the repository" >&2; exit 1; }
self=$(mktemp)
trap 'rm -f "$self"' EXIT
status=0
for g in dev*.gold.json; do
  python3 - "$g" <<'PY' || exit 1
import json, sys
sys.path.insert(0, "../../../shared/eval")
from score import norm, edtf_interval, ENTITY_TYPES
f = sys.argv[1]
g = json.load(open(f, encoding="utf-8"))
REL = {"leader_of", "founder_of", "member_of", "sponsor_of", "trainer_of", "ally_of",
       "hostile_to", "based_in", "active_in", "located_in", "citizen_of"}
EV = {"attack", "plot", "arrest", "sentence", "protest", "crackdown", "military_exercise",
      "armed_conflict", "founding", "meeting", "deployment", "training", "statement",
      "appointment"}
ROLES = {"agent", "target", "participant", "location"}
ATT = {"member_count", "founded", "title"}
for k in ("file", "published", "title"):
    if k not in g.get("document", {}):
        sys.exit(f"{f}: document lacks {k}")
seen = {}
for e in g["entities"]:
    if e["type"] not in ENTITY_TYPES:
        sys.exit(f"{f}: bad entity type {e['type']} for {e['name']}")
    for n in [e["name"]] + e.get("aliases", []):
        k = norm(n)
        if k in seen and seen[k] != e["name"]:
            sys.exit(f"{f}: alias {n!r} shared by {seen[k]!r} and {e['name']!r}")
        seen[k] = e["name"]
names = set(seen)
def chk(v):
    for n in (v if isinstance(v, list) else [v]):
        if norm(n) not in names:
            sys.exit(f"{f}: unknown name {n!r}")
def order(items, what):
    opt = None
    for i, x in enumerate(items):
        if x.get("optional"):
            opt = opt if opt is not None else i
        elif opt is not None:
            sys.exit(f"{f}: optional {what} #{opt} precedes required {what} #{i}: {json.dumps(x, ensure_ascii=False)}")
for r in g["relations"]:
    if r["type"] not in REL:
        sys.exit(f"{f}: bad relation type {r['type']}")
    chk(r["source"]); chk(r["target"])
order(g["relations"], "relation")
for ev in g["events"]:
    if ev["type"] not in EV:
        sys.exit(f"{f}: bad event type {ev['type']}")
    for role, v in ev["participants"].items():
        if role not in ROLES:
            sys.exit(f"{f}: bad role {role}")
        chk(v)
    if ev.get("date") and edtf_interval(ev["date"]) is None:
        sys.exit(f"{f}: bad date {ev['date']}")
order(g["events"], "event")
for a in g["attributes"]:
    if a["name"] not in ATT:
        sys.exit(f"{f}: bad attribute {a['name']}")
    chk(a["entity"])
    if a["name"] == "founded" and edtf_interval(a["value"]) is None:
        sys.exit(f"{f}: bad founded date {a['value']}")
PY
  python3 ../heldout/gold_to_system.py "$g" > "$self" || exit 1
  out=$(python3 ../../../shared/eval/score.py "$self" "$g" | tail -1)
  printf '%-16s %s\n' "$g" "$out"
  case "$out" in "overall F1=1.000 (entities 1.000, relations 1.000, events 1.000, attributes 1.000)") ;; *) status=1 ;; esac
done
exit $status

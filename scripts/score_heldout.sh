#!/usr/bin/env bash
# Scores `dossier extract` on the sample report and on every held-out report
# that has an answer key (testdata/heldout*/NAME.txt + NAME.gold.json), with
# ../shared/eval/score.py. Not run by CI.
#
#   scripts/score_heldout.sh [--explain] [DIR...]
#
# The built-in (default) pipeline; DOSSIER_PIPELINE=pipelines/fast.toml
# scores the fast one (the rules alone) instead.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
EXPLAIN=""
if [ "${1:-}" = "--explain" ]; then EXPLAIN="--explain"; shift; fi
DIRS=("$@")
[ ${#DIRS[@]} -gt 0 ] || DIRS=(testdata/heldout)
SCORE="$ROOT/../shared/eval/score.py"
cargo build --release -q -p dossier-cli
BIN="$ROOT/target/release/dossier"
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT

score() { # TEXT GOLD PUBLISHED
    local name; name="$(basename "$1" .txt)"
    "$BIN" extract "$1" --published "$3" --format json > "$OUT/$name.json"
    echo "== $name"
    if [ -n "$EXPLAIN" ]; then
        python3 "$SCORE" "$OUT/$name.json" "$2" --explain
    else
        python3 "$SCORE" "$OUT/$name.json" "$2" | tail -7
    fi
}

# The sample's answer key is tracked (testdata/sample, a copy of the shared one).
score examples/sample-report.txt testdata/sample/sample-report.gold.json 2022-02
for d in "${DIRS[@]}"; do
    for g in "$d"/*.gold.json; do
        [ -e "$g" ] || continue
        t="${g%.gold.json}.txt"
        pub="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["document"].get("published") or "")' "$g")"
        score "$t" "$g" "$pub"
    done
done

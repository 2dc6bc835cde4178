#!/usr/bin/env bash
# The measured figures of docs/robustness.md (issue 14): hostile and large
# inputs, concurrent writers, ingest at scale. Not run by CI (minutes).
#
#   scripts/robustness_bench.sh [curve|realtext|worst|concurrency|memory|order|scale|all] ...
#
#   curve        time and peak memory of `dossier extract` on 50 KB .. 5 MB of
#                hostile text, four shapes (SIZES="50 200 1000 2000 5000" KB)
#   worst        the worst-case inputs of the issue (nesting, PDF cycle,
#                49 MB file, oversized file, stray byte) through `ingest`,
#                under the default budget of 300 s a document (WORST_TIMEOUT)
#   concurrency  2, 3 and 4 `dossier ingest` processes on one new database
#   memory       the memory budget per document: 5 MB of report text and a
#                one-line document through `ingest --doc-memory` 256 and 400
#   order        the corpus and held-out reports ingested forward and reversed,
#                in one `ingest` each, then in ORDER_BATCHES (4) ingests
#   realtext     real long text: the Wikipedia articles of ../shared/corpus
#                concatenated 1, 2, 4 and 8 times (REAL_TIMES), through
#                `dossier extract --timings` with the default pipeline and
#                with pipelines/with-parser.toml (REAL_PIPELINES): time per
#                KB, peak memory, and the components over 5 % of the time
#   stix         the STIX export's wall time and peak memory on bases of
#                STIX_DOCS (1000) and 4× as many synthetic reports (kb_scale),
#                byte-identical run to run; STIX_BASE_BIN: another binary
#                side by side
#   scale        10,000 short reports through `dossier ingest` in batches of
#                1,000 (SCALE_DOCS, SCALE_BATCH), then profile / timeline /
#                STIX export at 1,000 / 5,000 / 10,000 documents, and a
#                side-by-side probe: the same 200 new reports into an empty
#                base and into the full one, alternated
#
# Needs /usr/bin/time (GNU), python3, sqlite3, awk; builds target/release/dossier.
# Peak memory is GNU time's maximum resident set size; "over base" subtracts
# the peak of the same command on a one-line document (models, gazetteer).
set -euo pipefail
calc() { awk "BEGIN { print $* }"; }
ROOT="${DOSSIER_ROOT:-$(cd "$(dirname "$0")/.." && pwd)}"
cd "$ROOT"
# DOSSIER_BIN: measure that binary instead of building target/release/dossier.
if [ -n "${DOSSIER_BIN:-}" ]; then
  BIN=$DOSSIER_BIN
else
  cargo build --release -p dossier-cli >&2
  BIN="$ROOT/target/release/dossier"
fi
GEN="python3 $ROOT/scripts/hostile_gen.py"
WORK="${WORK:-$(mktemp -d /tmp/dossier-robust.XXXXXX)}"
mkdir -p "$WORK"
[ -n "${KEEP:-}" ] || trap 'rm -rf "$WORK"' EXIT
export DOSSIER_DOC_TIMEOUT=3600
unset DOSSIER_DB DOSSIER_PIPELINE

# run LOG CMD...: runs CMD under GNU time; sets WALL (s), CPU (s), RSS (MiB), RC.
run() {
  local log=$1
  shift
  local t0 t1
  t0=$(date +%s.%N)
  set +e
  /usr/bin/time -v -o "$log.time" "$@" >"$log.out" 2>"$log.err"
  RC=$?
  set -e
  t1=$(date +%s.%N)
  WALL=$(calc "$t1 - $t0")
  CPU=$(awk -F': ' '/User time|System time/ {s += $2} END {printf "%.2f", s}' "$log.time")
  RSS=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2 / 1024}' "$log.time")
}

baseline() {
  echo "The Vell Circle met in Dorn." >"$WORK/tiny.txt"
  run "$WORK/tiny" "$BIN" extract "$WORK/tiny.txt" --format json
  BASE_RSS=$RSS
  echo "baseline (one-line document): ${WALL}s wall, ${RSS} MiB peak"
}

curve() {
  baseline
  local sizes=${SIZES:-50 200 1000 2000 5000}
  echo
  echo "| shape | KB | wall s | CPU s | µs CPU/KB | peak MiB | over base MiB | over base / size |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|"
  for shape in ${SHAPES:-nopunct caps token lines}; do
    for kb in $sizes; do
      local f="$WORK/$shape-$kb.txt"
      $GEN shape "$shape" $((kb * 1000)) "$f"
      run "$WORK/$shape-$kb" "$BIN" extract "$f" --format json
      local over=$((RSS - BASE_RSS))
      printf '| %s | %s | %.1f | %s | %.0f | %s | %s | %.1f× |%s\n' "$shape" "$kb" "$WALL" "$CPU" \
        "$(calc "$CPU * 1000000 / $kb")" "$RSS" "$over" \
        "$(calc "$over * 1048.576 / $kb")" "$([ "$RC" = 0 ] || echo " exit $RC")"
      rm -f "$f"
    done
  done
}

# Real long text: time per KB and peak memory should not grow with the
# length (a book-length PDF, a collected report series).
realtext() {
  local src=${REAL_SOURCE:-$ROOT/../shared/corpus/wikipedia}
  [ -d "$src" ] || { echo "no $src (REAL_SOURCE)"; return; }
  baseline
  echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  echo "| pipeline | times | KB | words | wall s | CPU s | µs CPU/KB | peak MiB | over base / size | components over 5 % (s) |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|"
  for pipe in ${REAL_PIPELINES:-default pipelines/with-parser.toml}; do
    local popt=()
    [ "$pipe" = default ] || popt=(--pipeline "$pipe")
    for k in ${REAL_TIMES:-1 2 4 8}; do
      local f="$WORK/real-$k.txt"
      : >"$f"
      for _ in $(seq "$k"); do cat "$src"/*.txt >>"$f"; done
      local kb words over
      kb=$(($(stat -c %s "$f") / 1000))
      run "$WORK/real-$k" "$BIN" "${popt[@]}" extract "$f" --format json --timings
      words=$(awk '/^total/ {print $4}' "$WORK/real-$k.err")
      over=$((RSS - BASE_RSS))
      printf '| %s | %s× | %s | %s | %.1f | %s | %.0f | %s | %.1f× | %s |%s\n' "$(basename "$pipe" .toml)" "$k" "$kb" "$words" \
        "$WALL" "$CPU" "$(calc "$CPU * 1000000 / $kb")" "$RSS" "$(calc "$over * 1048.576 / $kb")" \
        "$(awk '$1 != "total" && $1 != "pipeline" && $4+0 >= 5 {printf "%s %.2f, ", $1, $2 / 1000}' "$WORK/real-$k.err" | sed 's/, $//')" \
        "$([ "$RC" = 0 ] || echo " exit $RC")"
      rm -f "$f" "$WORK/real-$k.out"
    done
  done
  echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
}

worst() {
  baseline
  echo
  echo "| input | bytes | exit | wall s | peak MiB | outcome |"
  echo "|---|---:|---:|---:|---:|---|"
  local cases=()
  for d in 50000 1000000; do
    $GEN nested bold $d "$WORK/bold-$d.html"
    cases+=("unclosed <b> × $d:bold-$d.html")
  done
  for d in 30000 100000 1000000; do
    $GEN nested div $d "$WORK/div-$d.html"
    cases+=("nested <div> × $d:div-$d.html")
  done
  $GEN nested quote 100000 "$WORK/quote-100000.md"
  cases+=("Markdown '>' × 100000:quote-100000.md")
  $GEN pdf-cycle "$WORK/cycle.pdf"
  cases+=("PDF page its own parent:cycle.pdf")
  $GEN stray "$WORK/stray.txt"
  cases+=("UTF-8 with one 0x96:stray.txt")
  $GEN shape caps 250000 "$WORK/caps-250k.txt"
  cases+=("250 KB line of capitalized words:caps-250k.txt")
  $GEN shape nopunct 5000000 "$WORK/nopunct-5m.txt"
  cases+=("5 MB without punctuation:nopunct-5m.txt")
  $GEN shape report 49000000 "$WORK/report-49m.txt"
  cases+=("49 MB of report text:report-49m.txt")
  $GEN shape report 53000000 "$WORK/report-53m.txt"
  cases+=("53 MB file (over the 50 MiB cap):report-53m.txt")
  for c in "${cases[@]}"; do
    local label=${c%%:*} file=${c#*:}
    rm -f "$WORK/w.db"*
    run "$WORK/$file" "$BIN" ingest "$WORK/$file" --db "$WORK/w.db" --doc-timeout "${WORST_TIMEOUT:-300}"
    local outcome
    outcome=$({ grep -E "documents:|error|warning|failed|$file" "$WORK/$file.err" || true; } | tr '\n' ' ' | sed "s#$WORK/##g" | cut -c1-200)
    printf '| %s | %s | %s | %.1f | %s | %s |\n' "$label" "$(stat -c %s "$WORK/$file")" "$RC" "$WALL" "$RSS" "$outcome"
  done
}

concurrency() {
  echo "| processes | documents attempted | stored | failed | wall s |"
  echo "|---:|---:|---:|---:|---:|"
  for n in 2 3 4; do
    rm -rf "$WORK/conc" && mkdir -p "$WORK/conc"
    for k in $(seq 1 "$n"); do
      $GEN reports "$WORK/conc/p$k" 150 $((k * 100000))
    done
    local db="$WORK/conc/kb.db" t0 t1 failed=0
    t0=$(date +%s.%N)
    local pids=()
    for k in $(seq 1 "$n"); do
      "$BIN" --quiet ingest "$WORK/conc/p$k" --db "$db" 2>"$WORK/conc/p$k.err" &
      pids+=($!)
    done
    for p in "${pids[@]}"; do wait "$p" || failed=$((failed + 1)); done
    t1=$(date +%s.%N)
    local stored errs
    stored=$(sqlite3 "$db" "select count(*) from documents")
    errs=$(cat "$WORK"/conc/p*.err | grep -c . || true)
    printf '| %s | %s | %s | %s processes failed, %s error lines | %.1f |\n' "$n" $((n * 150)) "$stored" "$failed" "$errs" "$(calc "$t1 - $t0")"
  done
}

scale() {
  local docs=${SCALE_DOCS:-10000} batch=${SCALE_BATCH:-1000}
  local db="$WORK/scale.db"
  rm -f "$db"*
  $GEN reports "$WORK/probe" 200 900000
  echo "| batch | docs | wall s | CPU s | docs/s | ms/doc (wall) | ms CPU/doc | peak MiB |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|"
  local n=0 first="" last=""
  while [ "$n" -lt "$docs" ]; do
    local dir="$WORK/batch-$n"
    $GEN reports "$dir" "$batch" "$n"
    run "$WORK/batch-$n" "$BIN" --quiet ingest "$dir" --db "$db"
    [ "$RC" = 0 ] || { echo "ingest failed: $(tail -3 "$WORK/batch-$n.err")"; exit 1; }
    printf '| %s-%s | %s | %.1f | %s | %.0f | %.1f | %.1f | %s |\n' "$n" $((n + batch)) "$batch" "$WALL" "$CPU" \
      "$(calc "$batch / $WALL")" "$(calc "$WALL * 1000 / $batch")" "$(calc "$CPU * 1000 / $batch")" "$RSS"
    rm -rf "$dir"
    n=$((n + batch))
    case $n in 1000 | 5000 | "$docs") cp "$db" "$WORK/at-$n.db" ;; esac
  done
  echo
  echo "Reads and exports by base size:"
  echo
  echo "| documents | entities | hub documents | profile md s | profile peak MiB | timeline (hub) s | STIX export s | STIX peak MiB | STIX bytes |"
  echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  for at in 1000 5000 "$docs"; do
    local b="$WORK/at-$at.db"
    [ -f "$b" ] || continue
    local ents hubdocs pw pr tw sw sr sb
    ents=$(sqlite3 "$b" "select count(*) from entities")
    hubdocs=$("$BIN" entities --search "Velmoran Liberation Front" --format json --db "$b" |
      python3 -c 'import json,sys; print(max(e["documents"] for e in json.load(sys.stdin)))')
    run "$WORK/prof-$at" "$BIN" profile "Velmoran Liberation Front" --db "$b" --format md
    pw=$WALL pr=$RSS
    run "$WORK/tl-$at" "$BIN" timeline "Velmoran Liberation Front" --db "$b" --format json
    tw=$WALL
    run "$WORK/stix-$at" "$BIN" export --format stix --out "$WORK/stix-$at.json" --db "$b"
    sw=$WALL sr=$RSS sb=$(stat -c %s "$WORK/stix-$at.json")
    rm -f "$WORK/stix-$at.json"
    printf '| %s | %s | %s | %.2f | %s | %.2f | %.1f | %s | %s |\n' "$at" "$ents" "$hubdocs" "$pw" "$pr" "$tw" "$sw" "$sr" "$sb"
  done
  echo
  echo "Side by side: 200 new reports into an empty base and into the $docs-document base (fresh copies, alternated):"
  echo
  echo "| round | into | wall s | CPU s | ms CPU/doc |"
  echo "|---:|---|---:|---:|---:|"
  for round in 1 2 3; do
    for into in empty full; do
      rm -f "$WORK/probe.db"*
      [ "$into" = full ] && cp "$db" "$WORK/probe.db"
      run "$WORK/probe-$into" "$BIN" --quiet ingest "$WORK/probe" --db "$WORK/probe.db"
      printf '| %s | %s | %.1f | %s | %.1f |\n' "$round" "$into" "$WALL" "$CPU" "$(calc "$CPU * 1000 / 200")"
    done
  done
}

# The STIX export's time and peak memory on bases of STIX_DOCS (1000) and
# 4× as many synthetic short reports (stored directly by the kb_scale
# example, no NLP), exported twice (byte-identical run to run); with
# STIX_BASE_BIN, the same exports by that binary side by side.
stix() {
  local n=${STIX_DOCS:-1000}
  cargo build --release -p dossier-kb --example kb_scale >&2
  echo "| documents | entities | binary | wall s | CPU s | peak MiB | bytes | objects | same run to run |"
  echo "|---:|---:|---|---:|---:|---:|---:|---:|---|"
  for docs in "$n" $((4 * n)); do
    local b="$WORK/stix-$docs.db"
    rm -f "$b"*
    "$ROOT/target/release/examples/kb_scale" "$docs" "$docs" "$b" >"$WORK/stix-$docs.scale" 2>&1
    local ents
    ents=$(sqlite3 "$b" "select count(*) from entities where merged_into is null")
    for which in ${STIX_BASE_BIN:+base} this; do
      local bin=$BIN
      [ "$which" = base ] && bin=$STIX_BASE_BIN
      run "$WORK/stix-$which-$docs" "$bin" export --format stix --out "$WORK/stix-$which-$docs.json" --db "$b"
      [ "$RC" = 0 ] || { echo "export failed: $(tail -3 "$WORK/stix-$which-$docs.err")"; exit 1; }
      local w=$WALL c=$CPU r=$RSS same=no
      "$bin" --quiet export --format stix --out "$WORK/stix-again.json" --db "$b"
      cmp -s "$WORK/stix-$which-$docs.json" "$WORK/stix-again.json" && same=yes
      printf '| %s | %s | %s | %.1f | %s | %s | %s | %s | %s |\n' "$docs" "$ents" "$which" "$w" "$c" "$r" \
        "$(stat -c %s "$WORK/stix-$which-$docs.json")" \
        "$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["objects"]))' "$WORK/stix-$which-$docs.json")" "$same"
    done
  done
}

# The memory budget per document (--doc-memory): a 5 MB report refused by
# its size (256 MiB), and stopped while extracted (400 MiB); the one-line
# document after it is stored either way.
memory() {
  $GEN shape lines 5000000 "$WORK/lines-5m.txt"
  echo "The Vell Circle met in Dorn." >"$WORK/tiny.txt"
  echo "| --doc-memory MiB | exit | wall s | CPU s | peak MiB | outcome |"
  echo "|---:|---:|---:|---:|---:|---|"
  for mib in 256 400; do
    rm -f "$WORK/mem.db"*
    run "$WORK/mem-$mib" "$BIN" ingest "$WORK/lines-5m.txt" "$WORK/tiny.txt" --db "$WORK/mem.db" --doc-memory "$mib"
    printf '| %s | %s | %.1f | %s | %s | %s |\n' "$mib" "$RC" "$WALL" "$CPU" "$RSS" \
      "$(grep -E 'documents:|exceeds' "$WORK/mem-$mib.err" | tr '\n' ' ')"
  done
}

# The entities of the order bench's base order-NAME.db (type and every name,
# one per line, sorted) into order-NAME.txt.
order_listing() {
  "$BIN" entities --format json --db "$WORK/order-$1.db" |
    python3 -c 'import json,sys; es=json.load(sys.stdin); [print(e["type"], "|", " / ".join(sorted([e["name"]] + [a if isinstance(a, str) else a.get("name", "") for a in e.get("aliases", [])]))) for e in es]' |
    sort >"$WORK/order-$1.txt"
}

# The counts of two order bench bases A and B, and the entities in one only.
order_compare() {
  echo "| order | documents | entities | relations |"
  echo "|---|---:|---:|---:|"
  for o in "$1" "$2"; do
    printf '| %s | %s | %s | %s |\n' "$o" "$(sqlite3 "$WORK/order-$o.db" "select count(*) from documents")" \
      "$(wc -l <"$WORK/order-$o.txt")" "$(sqlite3 "$WORK/order-$o.db" "select count(*) from relations")"
  done
  echo
  echo "entities (type and every name) in one order only: $(comm -3 "$WORK/order-$1.txt" "$WORK/order-$2.txt" | wc -l)"
  comm -3 "$WORK/order-$1.txt" "$WORK/order-$2.txt" | head -20 | sed 's/^/    /'
}

# The same documents (the annotated corpus and the held-out reports) ingested
# in file-name order and in reverse: entities, and how names are grouped.
order() {
  local files=(corpus/docs/*.txt testdata/heldout*/*.txt)
  local rev=()
  for ((i = ${#files[@]} - 1; i >= 0; i--)); do rev+=("${files[$i]}"); done
  rm -f "$WORK"/order-*.db*
  "$BIN" --quiet ingest "${files[@]}" --db "$WORK/order-fwd.db"
  "$BIN" --quiet ingest "${rev[@]}" --db "$WORK/order-rev.db"
  order_listing fwd
  order_listing rev
  order_compare fwd rev
  # One `ingest` stores its batch in an order of its own (by content), so
  # the above compares batches; across separate ingests into one base the
  # order of the ingests still counts: the same files in ORDER_BATCHES
  # calls, the calls in name order and reversed.
  local nb=${ORDER_BATCHES:-4} n=${#files[@]}
  local per=$(((n + nb - 1) / nb))
  for o in bfwd brev; do
    rm -f "$WORK/order-$o.db"*
    local ks
    if [ "$o" = bfwd ]; then ks=$(seq 0 $((nb - 1))); else ks=$(seq $((nb - 1)) -1 0); fi
    for k in $ks; do
      "$BIN" --quiet ingest "${files[@]:$((k * per)):$per}" --db "$WORK/order-$o.db"
    done
    order_listing "$o"
  done
  echo
  echo "in $nb ingests of about $per files, the ingests in name order (bfwd) and reversed (brev):"
  echo
  order_compare bfwd brev
}

sections=("$@")
[ ${#sections[@]} -gt 0 ] || sections=(all)
for s in "${sections[@]}"; do
  case $s in
    curve | realtext | worst | concurrency | scale | order | memory | stix)
      echo "## $s"
      echo
      "$s"
      echo
      ;;
    all)
      for t in curve realtext worst concurrency scale order memory; do
        echo "## $t"
        echo
        "$t"
        echo
      done
      ;;
    *)
      echo "unknown section $s" >&2
      exit 2
      ;;
  esac
done

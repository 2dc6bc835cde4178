#!/usr/bin/env python3
"""Every file a crate's library, binaries or build script embeds is inside the
crate (issue 15, item 4): `cargo package` archives only the crate's own
directory, so an `include_str!`/`include_bytes!` (or a build script's read)
of a path outside it builds in the workspace and fails in the packaged crate.

Checks each `include_str!("…")`, `include_bytes!("…")` (relative to the
file) and `concat!(env!("CARGO_MANIFEST_DIR"), "/…")` (relative to the
crate) in `crates/*/src` and `crates/*/build.rs`, and a build script's
`format!("{manifest}/…")`: the path, written as it is (links not followed),
must stay inside the crate and exist. A file the repository keeps at the top
(`models/`, `data/`, `patterns/`, `examples/`) is reached through a link
inside the crate (`crates/tagger/models/ner.bin -> ../../../models/ner.bin`),
which `cargo package` archives as the file itself. Tests may read files
beyond the crate at run time (they are not built when a package is
verified). Exit 1 and one line per offence.

Usage: scripts/check_crate_files.py [REPO]
"""
import os
import re
import sys

ROOT = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), ".."))
LITERAL = re.compile(r'include_(?:str|bytes)!\s*\(\s*"([^"]+)"\s*\)')
MANIFEST = re.compile(
    r'include_(?:str|bytes)!\s*\(\s*concat!\s*\(\s*env!\s*\(\s*"CARGO_MANIFEST_DIR"\s*\)\s*,\s*"([^"]+)"\s*,?\s*\)\s*\)'
)
BUILD_READ = re.compile(r'format!\(\s*"\{manifest\}(/[^"]+)"')


def check(crate, path, target, bad):
    rel = os.path.relpath(path, ROOT)
    norm = os.path.normpath(target)
    if not (norm + os.sep).startswith(crate + os.sep):
        bad.append(f"{rel}: embeds {os.path.relpath(norm, ROOT)}, outside {os.path.relpath(crate, ROOT)}")
    elif not os.path.exists(norm):
        bad.append(f"{rel}: embeds {os.path.relpath(norm, ROOT)}, which is not there")


def main():
    bad, seen = [], 0
    crates_dir = os.path.join(ROOT, "crates")
    for name in sorted(os.listdir(crates_dir)):
        crate = os.path.join(crates_dir, name)
        if not os.path.isfile(os.path.join(crate, "Cargo.toml")):
            continue
        files = []
        for d, _, fs in os.walk(os.path.join(crate, "src")):
            files += [os.path.join(d, f) for f in fs if f.endswith(".rs")]
        build = os.path.join(crate, "build.rs")
        if os.path.isfile(build):
            files.append(build)
        for path in sorted(files):
            text = open(path, encoding="utf-8").read()
            for m in LITERAL.finditer(text):
                seen += 1
                check(crate, path, os.path.join(os.path.dirname(path), m.group(1)), bad)
            for m in MANIFEST.finditer(text):
                seen += 1
                check(crate, path, crate + m.group(1), bad)
            if path == build:
                for m in BUILD_READ.finditer(text):
                    seen += 1
                    check(crate, path, crate + m.group(1), bad)
    for b in bad:
        print(b)
    print(f"check_crate_files: {seen} embedded files, {len(bad)} outside their crate or missing", file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())

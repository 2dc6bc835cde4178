#!/usr/bin/env python3
"""Builds data/gazetteer/subdivisions.tsv from ISO 3166-2 as packaged by
Debian's iso-codes (`apt-get install iso-codes`;
/usr/share/iso-codes/json/iso_3166-2.json, LGPL-2.1-or-later).

Keeps first-level-style subdivisions (states, provinces, regions,
governorates, departments, districts, counties, ...), drops municipalities,
parishes, boroughs and the like, names that are also a country or a city of
the city gazetteer (the country or city wins), and names that are a plain
English word or direction ("Centre", "North", "Lakes"), which a text uses as
a common noun far more often than as the subdivision.

A one-word name written in lowercase at least twice in the training text
of UD English EWT and CoNLL-2003 (`../shared/data/`, when present) is a common
word too ("Pool", "Rivers") and is dropped.

Usage: scripts/build_subdivisions.py [ISO_3166-2_JSON] > data/gazetteer/subdivisions.tsv
"""
import collections
import os
import json
import re
import sys
import unicodedata

SRC = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/iso-codes/json/iso_3166-2.json"
KEEP = {
    "province", "district", "region", "state", "department", "county", "governorate",
    "prefecture", "republic", "autonomous region", "autonomous community", "autonomous province",
    "autonomous republic", "autonomous district", "administrative region", "land", "voivodship",
    "regional state", "canton", "division", "oblast", "emirate", "federal district",
    "federal territory", "territory", "union territory", "capital territory", "capital district",
    "autonomous city", "special administrative region", "geographical region", "zone",
}
# Words that make a name generic ("North", "Central Region" → "Central").
GENERIC = {
    "north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
    "centre", "center", "north-east", "north-west", "south-east", "south-west", "northeast",
    "northwest", "southeast", "southwest", "upper", "lower", "middle", "coast", "coastal",
    "capital", "lakes", "lake", "plateau", "highlands", "islands", "island", "mountain",
    "mountains", "river", "littoral", "nord", "sud", "est", "ouest", "centro", "norte", "sur",
    "oriental", "occidental", "greater", "new", "saint", "city", "valley", "delta", "border",
    "national", "federal", "district", "region", "province", "state", "the", "of", "and",
    "grand", "great", "little", "red", "white", "black", "blue", "green", "gold", "golden",
    "victoria", "union", "independence", "liberty", "unity", "peace", "hope", "western area",
}


def fold(s):
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c)).lower()


def load_names(path, col=0):
    out = set()
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            cols = line.rstrip("\n").split("\t")
            out.add(fold(cols[col]))
            if len(cols) > 2 and col == 0 and path.endswith("countries.tsv"):
                for a in cols[2].split("|"):
                    if a:
                        out.add(fold(a))
    return out


def lowercase_counts():
    counts = collections.Counter()
    ewt = "../shared/data/ud-english-ewt/en_ewt-ud-train.conllu"
    conll = "../shared/data/conll2003/train.txt"
    if os.path.exists(ewt):
        for line in open(ewt, encoding="utf-8"):
            if line[:1].isdigit():
                w = line.split("\t")[1]
                if w.islower():
                    counts[w] += 1
    if os.path.exists(conll):
        for line in open(conll, encoding="utf-8"):
            w = line.split(" ")[0]
            if w.islower():
                counts[w] += 1
    return counts


def main():
    data = json.load(open(SRC, encoding="utf-8"))["3166-2"]
    lower = lowercase_counts()
    countries = load_names("data/gazetteer/countries.tsv")
    cities = load_names("data/gazetteer/cities.tsv")
    rows = {}
    for d in data:
        kind = d["type"].lower()
        if kind not in KEEP:
            continue
        name = d["name"]
        # "Al Anbār [Anbar]", "Bruxelles (fr)": keep the main form.
        name = re.sub(r"\s*[\[(].*?[\])]\s*", " ", name).strip()
        if "," in name or ";" in name or len(name) < 4:
            continue
        words = fold(name).replace("-", " ").split()
        if all(w in GENERIC for w in words):
            continue
        key = fold(name)
        if len(words) == 1 and lower[key] >= 2:
            continue
        if key in countries or key in cities:
            continue
        iso2 = d["code"].split("-")[0]
        rows.setdefault(key, (name, kind, iso2))
    print("# name\tkind\taliases (|)\tcountry ISO2 — first-level subdivisions from ISO 3166-2 "
          "(Debian iso-codes, LGPL-2.1-or-later), built by scripts/build_subdivisions.py")
    for name, kind, iso2 in sorted(rows.values(), key=lambda r: (r[2], r[0])):
        print(f"{name}\t{kind}\t\t{iso2}")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Generates the hostile, large and many-document inputs of issue 14 for
scripts/robustness_bench.sh (deterministic: a fixed seed; every name is
invented).

  hostile_gen.py shape SHAPE BYTES OUT     # nopunct | caps | token | lines | report
  hostile_gen.py nested KIND DEPTH OUT     # bold | div | quote (Markdown '>')
  hostile_gen.py pdf-cycle OUT             # a page that is its own parent
  hostile_gen.py reports DIR N [START]     # N short reports, r<START>.txt ...
  hostile_gen.py stray OUT                 # UTF-8 with one stray 0x96
"""
import os
import random
import sys

SYL = ["ka", "ru", "vel", "mar", "tor", "is", "an", "dor", "bel", "sun",
       "zar", "qin", "lo", "ve", "nih", "sto", "ar", "en", "osk", "tal"]


def word(r, cap=False):
    w = "".join(r.choice(SYL) for _ in range(r.randint(2, 3)))
    return w.capitalize() if cap else w


REPORT = [
    "The {g}, an armed group, attacked a police post in {p} on {d} {m} 2019, killing {n} officers.",
    "Its leader {a} was arrested in {q} in {m} 2020.",
    "The {g} was founded in 2011 by {a} and is backed by the {h}.",
    "According to local officials, about {k} fighters of the {g} moved to {q}.",
    "The {h} denied any role in the attack on {p}.",
]
MONTHS = ["January", "March", "May", "July", "September", "November"]


def sentence(r, pool):
    t = r.choice(REPORT)
    return t.format(g=r.choice(pool["groups"]), h=r.choice(pool["groups"]),
                    a=r.choice(pool["people"]), p=r.choice(pool["places"]),
                    q=r.choice(pool["places"]), d=r.randint(1, 28),
                    m=r.choice(MONTHS), n=r.randint(2, 30),
                    k=r.randint(2, 90) * 10)


def pools(r, groups=300, people=600, places=200):
    return {
        "groups": [f"{word(r, True)} {word(r, True)} Front" for _ in range(groups)],
        "people": [f"{word(r, True)} {word(r, True)}" for _ in range(people)],
        "places": [word(r, True) for _ in range(places)],
    }


def shape(kind, size, out):
    r = random.Random(14)
    parts, n = [], 0
    if kind == "token":
        s = "".join(r.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(size))
        open(out, "w").write(s)
        return
    pool = pools(r)
    while n < size:
        if kind == "nopunct":
            w = word(r)
        elif kind == "caps":
            w = word(r, True)
        elif kind in ("lines", "report"):
            w = sentence(r, pool)
        else:
            sys.exit(f"unknown shape {kind}")
        parts.append(w)
        n += len(w) + 1
        # 'report': an ordinary report, a paragraph every five sentences.
        if kind == "report" and len(parts) % 5 == 0:
            parts.append("\n")
    sep = " "
    open(out, "w").write(sep.join(parts)[:size])


def nested(kind, depth, out):
    if kind == "bold":
        s = "<html><body><p>The Ostren Guard met in Dorn.</p>" + "<b>" * depth + "end</body></html>"
    elif kind == "div":
        s = "<html><body>" + "<div>" * depth + "The Ostren Guard held the bridge." + "</div>" * depth + "</body></html>"
    elif kind == "quote":
        s = "The Ostren Guard met in Dorn.\n\n" + ">" * depth + " The Vell Circle left.\n"
    else:
        sys.exit(f"unknown nesting {kind}")
    open(out, "w").write(s)


def pdf_of(objects):
    out = b"%PDF-1.4\n"
    offsets = []
    for i, o in enumerate(objects):
        offsets.append(len(out))
        out += f"{i + 1} 0 obj\n{o}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


def pdf_cycle(out):
    content = "BT /F1 18 Tf 72 700 Td (The Vell Circle) Tj ET"
    stream = f"<< /Length {len(content)} >>\nstream\n{content}\nendstream"
    open(out, "wb").write(pdf_of([
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 3 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        stream,
    ]))


HUB = "Velmoran Liberation Front"


def reports(directory, n, start=0):
    """Short reports (5-8 sentences, about 120 words): a pool of 300 groups,
    600 people and 200 places; one report in eight names the hub group."""
    os.makedirs(directory, exist_ok=True)
    pr = random.Random(1400)
    pool = pools(pr)
    for i in range(start, start + n):
        r = random.Random(i)
        sents = [sentence(r, pool) for _ in range(r.randint(5, 8))]
        if i % 8 == 0:
            sents.insert(1, f"The {HUB} claimed the attack on {r.choice(pool['places'])} in {r.choice(MONTHS)} 2019.")
        body = " ".join(sents[:3]) + "\n\n" + " ".join(sents[3:]) + "\n"
        with open(os.path.join(directory, f"r{i:05}.txt"), "w") as f:
            f.write(body)


def stray(out):
    b = "The “Vell Circle” met the “Ostren Guard” in Dorn ".encode() + b"\x96" + " in May 2019.\n".encode()
    open(out, "wb").write(b)


def main(a):
    if a[0] == "shape":
        shape(a[1], int(a[2]), a[3])
    elif a[0] == "nested":
        nested(a[1], int(a[2]), a[3])
    elif a[0] == "pdf-cycle":
        pdf_cycle(a[1])
    elif a[0] == "reports":
        reports(a[1], int(a[2]), int(a[3]) if len(a) > 3 else 0)
    elif a[0] == "stray":
        stray(a[1])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])

#!/usr/bin/env python3
"""Cut the Wikipedia excerpts of corpus/docs/ (how they were made; kept for provenance).

    python3 corpus/tools/make_excerpts.py [--wiki DIR] [--out DIR] [--dry-run]

Each article of ../shared/corpus/wikipedia/ is split into paragraphs (blank-line
separated). Wiki debris is dropped: the infobox dump ("Information box", "{'...': ...}")
and short lines that are not sentences (image captions, headings, list stubs such as
"Notes", "13 wounded", "Factions:"). The remaining paragraphs are kept verbatim.
Excerpts are runs of consecutive paragraphs of 650-1,400 words, chosen greedily by
density of facts (years, dates, numbers, event words) with reception/culture
paragraphs (films, novels, songs...) and birth notes penalized; one article gives 1-4 non-overlapping
excerpts depending on its length (PLAN below, hand-set).
"""
import argparse
import os
import re

PLAN = {  # article stem -> number of excerpts
    "1986unitedstatesbombingoflibya": 2, "abu-sayyaf": 3, "abunidalorganization": 1,
    "africannationalcongress": 3, "ahmad-shah-massoud": 4, "aircraft-hijacking": 2,
    "assassination": 2, "blackhand-serbia": 1, "eta-separatistgroup": 3,
    "guerrillawarfare": 1, "hamas": 4, "iran-contraaffair": 3, "lehi-militantgroup": 3,
    "menachembegin": 3, "militia": 3, "montoneros": 2, "mujahideen": 2,
    "oklahomacitybombing": 4, "redarmyfaction": 3, "sahrawipeople-sliberationarmy": 1,
    "sandinistanationalliberationfront": 4, "shiningpath": 3, "taliban": 4,
    "tatmadaw": 3, "theangrybrigade": 1, "timothymcveigh": 3, "tulsaracemassacre": 4,
    "weatherunderground": 4,
}
# Second batch (session 11): more excerpts of long train-split articles, chosen by the same
# greedy density order after the PLAN excerpts (which keep their ids) and numbered after them.
EXTRA = {  # article stem -> number of further excerpts
    "taliban": 2, "hamas": 2, "sandinistanationalliberationfront": 1, "ahmad-shah-massoud": 1,
    "oklahomacitybombing": 1, "weatherunderground": 1, "abu-sayyaf": 1, "eta-separatistgroup": 1,
    "iran-contraaffair": 1, "redarmyfaction": 1,
}
# Third batch (W9, session 11): the same way, after PLAN and EXTRA.
EXTRA2 = {
    "hamas": 3, "taliban": 3, "tulsaracemassacre": 2, "militia": 2,
    "sandinistanationalliberationfront": 2, "ahmad-shah-massoud": 2, "weatherunderground": 2,
    "eta-separatistgroup": 2, "oklahomacitybombing": 1, "tatmadaw": 2, "abu-sayyaf": 1,
    "timothymcveigh": 1, "redarmyfaction": 1,
}
MIN_W, MAX_W = 650, 1400
CULTURE = re.compile(r"\b(film|films|documentar\w*|novel|novels|album|song|songs|television|"
                     r"TV|episode|portrayed|starring|theatre|theater|musical|video game|"
                     r"popular culture|actor|actress|poem|lyrics|comic)\b", re.I)
EVENT = re.compile(r"\b(killed|killing|kill|dead|died|wounded|injured|bomb\w*|attack\w*|"
                   r"assassinat\w*|kidnap\w*|hijack\w*|arrest\w*|captured|executed|sentenced|"
                   r"convicted|founded|formed|established|led by|leader|commander|split|"
                   r"funded|armed|trained|backed|alliance|allied|massacre\w*|raid\w*|"
                   r"ambush\w*|hostage\w*|claimed responsibility|fought|battle|war)\b", re.I)
BORN = re.compile(r"\b(was|were) born\b")  # biographies of bystanders: no ontology facts
YEAR = re.compile(r"\b1[6-9]\d\d\b|\b20[0-2]\d\b")
MONTH = re.compile(r"\b(January|February|March|April|May|June|July|August|September|"
                   r"October|November|December)\b")
NUMBER = re.compile(r"\b\d[\d,]*\b")


def is_debris(p):
    s = p.strip()
    if s == "Information box" or s.startswith("{'") or s.startswith('{"'):
        return True
    if s.startswith("[") and s.endswith("]"):
        return True
    words = s.split()
    if len(words) < 25 and re.fullmatch(r'"[^"]*"( "[^"]*")*', s) and not re.search(r'[.!?]"$', s):
        return True  # photo caption in quotes
    return len(words) < 9 and not re.search(r"[.!?][\"'\u201d]?$", s)


def fact_score(p):
    return (2 * len(YEAR.findall(p)) + 2 * len(MONTH.findall(p)) + len(NUMBER.findall(p))
            + 2 * len(EVENT.findall(p)) - 8 * len(CULTURE.findall(p)) - 4 * len(BORN.findall(p)))


def paragraphs(path):
    text = open(path, encoding="utf-8").read()
    return [p.strip() for p in re.split(r"\n\s*\n", text.strip()) if not is_debris(p)]


def choose(paras, k):
    words = [len(p.split()) for p in paras]
    scores = [fact_score(p) for p in paras]
    cands = []
    for i in range(len(paras)):
        w = s = 0
        for j in range(i, len(paras)):
            w += words[j]; s += scores[j]
            if w > MAX_W:
                break
            if w >= MIN_W:
                cands.append((s / w, i, j, w))
    cands.sort(reverse=True)
    chosen = []
    for dens, i, j, w in cands:
        if len(chosen) == k:
            break
        if all(j < a or i > b for _, a, b, _ in chosen):
            chosen.append((dens, i, j, w))
    if not chosen and sum(words) >= 600:  # short article: take all of it
        chosen = [(0, 0, len(paras) - 1, sum(words))]
    return sorted(chosen, key=lambda c: c[1])


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser()
    ap.add_argument("--wiki", default=os.path.join(here, "../../../shared/corpus/wikipedia"))
    ap.add_argument("--out", default=os.path.join(here, "../docs"))
    ap.add_argument("--dry-run", action="store_true")
    ap.add_argument("--extra", type=int, choices=[1, 2], default=0,
                    help="write only the further excerpts of batch 1 (EXTRA, W8) or 2 (EXTRA2, W9), "
                         "numbered after each article's earlier excerpts")
    args = ap.parse_args()
    if args.extra:
        batch = EXTRA if args.extra == 1 else EXTRA2
        for stem, n in sorted(batch.items()):
            paras = paragraphs(os.path.join(args.wiki, stem + ".txt"))
            k = PLAN[stem] + (EXTRA.get(stem, 0) if args.extra == 2 else 0)
            first = choose(paras, k)
            more = [c for c in choose(paras, k + n) if c not in first]
            if len(more) < n:
                print(f"{stem}: only {len(more)} of {n} further excerpts")
            for m, (dens, i, j, w) in enumerate(more, k + 1):
                doc = f"wiki-{stem}-{m}"
                print(f"{doc}: paragraphs {i}-{j}, {w} words, density {dens:.3f}")
                if not args.dry_run:
                    with open(os.path.join(args.out, doc + ".txt"), "w", encoding="utf-8") as f:
                        f.write("\n\n".join(paras[i:j + 1]) + "\n")
        return
    for stem, k in sorted(PLAN.items()):
        paras = paragraphs(os.path.join(args.wiki, stem + ".txt"))
        chosen = choose(paras, k)
        if len(chosen) < k:
            print(f"{stem}: only {len(chosen)} of {k} excerpts (total {sum(len(p.split()) for p in paras)} words)")
        for n, (dens, i, j, w) in enumerate(chosen, 1):
            doc = f"wiki-{stem}-{n}"
            print(f"{doc}: paragraphs {i}-{j}, {w} words, density {dens:.3f}")
            if not args.dry_run:
                with open(os.path.join(args.out, doc + ".txt"), "w", encoding="utf-8") as f:
                    f.write("\n\n".join(paras[i:j + 1]) + "\n")


if __name__ == "__main__":
    main()

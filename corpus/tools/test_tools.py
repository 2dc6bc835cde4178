#!/usr/bin/env python3
"""Tests of check.py and agree.py on the tiny keys in testdata/ (stdlib only).

    python3 corpus/tools/test_tools.py
"""
import os
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "testdata")


def run(*args):
    p = subprocess.run([sys.executable, *args], capture_output=True, text=True)
    return p.returncode, p.stdout + p.stderr


class CheckTest(unittest.TestCase):
    def test_good_keys_pass(self):
        rc, out = run(os.path.join(HERE, "check.py"), "--root", DATA)
        self.assertEqual(rc, 0, out)
        self.assertIn("checked 2 key file(s)", out)

    def test_corpus_manifest_passes(self):
        rc, out = run(os.path.join(HERE, "check.py"))
        self.assertEqual(rc, 0, out)

    def test_bad_key_reports_each_error(self):
        rc, out = run(os.path.join(HERE, "check.py"), os.path.join(DATA, "bad", "inc-001.json"))
        self.assertEqual(rc, 1)
        for expected in ["published '2012-03-15', manifest says '2012-03-16'",
                         "type 'terrorist_group' not in ontology",
                         "also names entity 'Liwa Suyuf al-Haqq'",
                         "relation type 'supplier_of' not in ontology",
                         "target 'Wadi Haddan' is not a keyed entity",
                         "date '2012-13-15' does not parse as EDTF",
                         "role 'victim' not in ontology",
                         "fatalities 'three'",
                         "evidence not found verbatim",
                         "needs evidence",
                         "attributes cannot be optional",
                         "member_count 'about 20'"]:
            self.assertIn(expected, out)
        self.assertTrue(all("bad/inc-001.json: " in line or line.startswith("checked")
                            for line in out.splitlines()), out)

class GuideExampleTest(unittest.TestCase):
    def test_example_key_of_guide_passes_check(self):
        guide = open(os.path.join(HERE, "..", "GUIDE.md"), encoding="utf-8").read()
        example = guide[guide.index("## 13. Example"):]
        text = " ".join(line[2:] for line in example.splitlines() if line.startswith("> "))
        key = example.split("```json\n", 1)[1].split("```", 1)[0]
        with tempfile.TemporaryDirectory() as tmp:
            os.makedirs(os.path.join(tmp, "docs"))
            os.makedirs(os.path.join(tmp, "gold"))
            with open(os.path.join(tmp, "docs", "example.txt"), "w", encoding="utf-8") as f:
                f.write(text + "\n")
            with open(os.path.join(tmp, "gold", "example.json"), "w", encoding="utf-8") as f:
                f.write(key)
            with open(os.path.join(tmp, "manifest.tsv"), "w", encoding="utf-8") as f:
                f.write("id\tsource\tarticle\tpublished\tsplit\twords\n"
                        f"example\tsynthetic\texample\t2016-05-10\ttrain\t{len(text.split())}\n")
            rc, out = run(os.path.join(HERE, "check.py"), "--root", tmp)
        self.assertEqual(rc, 0, out)


class AgreeTest(unittest.TestCase):
    def test_table(self):
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "agreement.md")
            rc, log = run(os.path.join(HERE, "agree.py"), "--root", DATA, "--out", out)
            self.assertEqual(rc, 0, log)
            table = open(out, encoding="utf-8").read()
        # A's hostile_to is not in B (FP), B's required active_in of the suspected group
        # is optional in A (FN); entities and both attacks agree (dates overlap).
        self.assertIn("| inc-001 | 1.000 (4/0/0) | 0.667 (2/1/1) | 1.000 (2/0/0) | – |", table)
        self.assertIn("micro-average (1 docs)", table)


if __name__ == "__main__":
    unittest.main()

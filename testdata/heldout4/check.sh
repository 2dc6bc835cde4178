#!/bin/sh
# Self-check of the held-out answer keys (set 4): the checks of set 2's
# check.sh (keys parse, names resolve, no shared alias, valid EDTF, optional
# items after required ones, a key scores F1=1.000 against itself).
here="$(cd "$(dirname "$0")" && pwd)"
exec sh "$here/../heldout2/check.sh" "$here"

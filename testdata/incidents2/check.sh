#!/bin/sh
here="$(cd "$(dirname "$0")" && pwd)"
exec sh "$here/../heldout2/check.sh" "$here"

#!/bin/bash
# Builds the texts of every answer key here (gold/ and final/): real "Foreign relations of X"
# and "Foreign policy of X" articles (English Wikipedia, 2019-07-20 dump, CC BY-SA 3.0) as
# plain text, converted exactly as the shared development set's are
# (../shared/fidelity/convert.py), one <slug>.txt per key.
# The texts are never committed. SNAPSHOT_GIT_DIR is a snapshot of the public repository
# chinapedia/wikipedia.abstract.en (the search tool's fetch gives its git directory).
# usage: build-corpus.sh SNAPSHOT_GIT_DIR DEVELOPMENT_OUTDIR FINAL_OUTDIR
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
CONVERT=${CONVERT:-$HERE/../../../shared/fidelity/convert.py}
M=${1:?usage: build-corpus.sh SNAPSHOT_GIT_DIR DEVELOPMENT_OUTDIR FINAL_OUTDIR}
DEV=${2:?usage: build-corpus.sh SNAPSHOT_GIT_DIR DEVELOPMENT_OUTDIR FINAL_OUTDIR}
FINAL=${3:?usage: build-corpus.sh SNAPSHOT_GIT_DIR DEVELOPMENT_OUTDIR FINAL_OUTDIR}
C=4f3e897da088cbe89a4f1d4cba3fa2e439c3721b  # the snapshot's commit the keys were made on
build() {
  local gold=$1 out=$2 page raw f
  page=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['page'])" "$gold")
  f=$out/$(basename "$gold" .json).txt
  [ -s "$f" ] && return 0
  raw=$(mktemp); git -C "$M" show "$C:Page/$page.md" > "$raw"
  { printf '%s\n\n' "${page//_/ }"; python3 "$CONVERT" "$raw" 2>/dev/null; } > "$f"; rm -f "$raw"
}
shopt -s nullglob  # final/ may be empty between batches
mkdir -p "$DEV" "$FINAL"
for gold in "$HERE"/gold/*.json; do build "$gold" "$DEV"; done
for gold in "$HERE"/final/*.json; do build "$gold" "$FINAL"; done
echo "$(ls "$DEV" | wc -l) development texts in $DEV, $(ls "$FINAL" | wc -l) final texts in $FINAL"

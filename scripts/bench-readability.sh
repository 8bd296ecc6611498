#!/usr/bin/env bash
# Saved-HTML reading against Mozilla Readability's test pages, beside
# trafilatura (pinned below), through one scorer.
#
#   scripts/bench-readability.sh PAGES SCRATCH [--list [--held]]
#
# PAGES: test/test-pages of a copy of github.com/mozilla/readability (never
# committed here). SCRATCH: a folder for the virtualenv and the outputs.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PAGES="$(cd "${1:?PAGES}" && pwd)"
SCRATCH="${2:?SCRATCH}"
shift 2
mkdir -p "$SCRATCH"
SCRATCH="$(cd "$SCRATCH" && pwd)"
TRAFILATURA_VERSION=2.0.0
if [[ "$("$SCRATCH/venv/bin/python" -c 'import trafilatura; print(trafilatura.__version__)' 2>/dev/null)" != "$TRAFILATURA_VERSION" ]]; then
  python3 -m venv "$SCRATCH/venv"
  # lxml 5.2+ moved the cleaner trafilatura imports into its own package.
  "$SCRATCH/venv/bin/pip" install -q "trafilatura==$TRAFILATURA_VERSION" "lxml_html_clean==0.4.3"
fi
"$SCRATCH/venv/bin/python" "$ROOT/scripts/bench-readability.py" "$PAGES" "$SCRATCH/out"
cd "$ROOT"
cargo build --release --quiet
"${CARGO_TARGET_DIR:-target}/release/dossier" bench readability "$PAGES" "$SCRATCH/out" "$@"

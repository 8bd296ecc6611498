#!/usr/bin/env bash
# Install what is missing, build the explorer with the bundled corpus, and
# serve it on http://127.0.0.1:8080 (Ctrl-C stops it).
source "$(dirname "$0")/lib.sh"
install_build_tools
build_page
echo
echo "Single file (works offline, double-click it): $ROOT/dist/dossier.html"
exec node scripts/serve.mjs dist "${PORT:-8080}"

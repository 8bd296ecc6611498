#!/usr/bin/env bash
# The scale benchmark (issue 12): build the release page and the dossier
# binary that carries it, install Pagefind, then measure both on each
# corpus folder in headless Chromium and print the figures side by side.
#
#   scripts/bench-scale.sh [options] DIR...
#   scripts/bench-scale.sh --runs 5 corpora/bbc corpora/reuters
#
# Options are scripts/bench-scale.mjs's (--runs, --queries, --timeout,
# --build-timeout, --tools, --seed, --json ...). DOSSIER=path/to/dossier
# measures that binary and skips building the page. Sites are built under
# BENCH_WORK (default target/bench-scale). Not part of the test command:
# it needs corpora that are not in the repository (see README).

# Paths given are the caller's; lib.sh moves to the repository root.
args=()
prev=""
for a in "$@"; do
  if [[ "$prev" =~ ^--(json|work|dossier|pagefind)$ ]] || { [[ "$a" != -* ]] && [[ -e "$a" ]]; }; then
    a="$(realpath -m -- "$a")"
  fi
  args+=("$a")
  prev="$a"
done
[[ -n "${DOSSIER:-}" ]] && DOSSIER="$(realpath -m -- "$DOSSIER")"
[[ -n "${BENCH_WORK:-}" ]] && BENCH_WORK="$(realpath -m -- "$BENCH_WORK")"

source "$(dirname "$0")/lib.sh"
PAGEFIND_VERSION=1.6.0
FLEXSEARCH_VERSION=0.8.212
WORK="${BENCH_WORK:-$ROOT/target/bench-scale}"
mkdir -p "$WORK"

if [[ -z "${DOSSIER:-}" ]]; then
  install_build_tools
  build_page
  DOSSIER="${CARGO_TARGET_DIR:-$ROOT/target}/release/dossier"
fi

# The peers go under the work folder, not into the project's package.json:
# Pagefind (its npm package brings the binary as an optional dependency)
# and FlexSearch (measured with --tools dossier,pagefind,flexsearch). One
# install for both: npm drops what an install without a package.json omits.
PAGEFIND="$WORK/tools/node_modules/.bin/pagefind"
FLEXSEARCH="$WORK/tools/node_modules/flexsearch/dist/flexsearch.bundle.module.min.mjs"
if [[ "$("$PAGEFIND" --version 2>/dev/null)" != "pagefind $PAGEFIND_VERSION" ]] \
  || [[ "$(node -p "require('$WORK/tools/node_modules/flexsearch/package.json').version" 2>/dev/null)" != "$FLEXSEARCH_VERSION" ]]; then
  step "installing pagefind $PAGEFIND_VERSION and flexsearch $FLEXSEARCH_VERSION into $WORK/tools"
  mkdir -p "$WORK/tools"
  npm install --prefix "$WORK/tools" --no-audit --no-fund --no-save "pagefind@$PAGEFIND_VERSION" "flexsearch@$FLEXSEARCH_VERSION"
fi
if ! command -v chromium >/dev/null; then
  step "installing Debian's chromium"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
fi

step "measuring ${args[*]}"
exec node scripts/bench-scale.mjs --dossier "$DOSSIER" --pagefind "$PAGEFIND" --flexsearch "$FLEXSEARCH" --work "$WORK" "${args[@]}"

# Shared by the scripts: paths, and idempotent installs that skip whatever
# is already present at the right version. Sourced, not run.

set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="$HOME/.cargo/bin:$ROOT/node_modules/.bin:$PATH"
# trunk must never look anything up online.
export TRUNK_SKIP_VERSION_CHECK=true
TRUNK_VERSION=0.21.14
GECKODRIVER_VERSION=0.37.1

step() { printf '\n==> %s\n' "$*"; }

# The wasm-bindgen version the lock file pins: the CLI must match it exactly.
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock
}

install_build_tools() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    step "adding the wasm32 target"
    rustup target add wasm32-unknown-unknown
  fi
  if [[ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]]; then
    step "installing trunk $TRUNK_VERSION (about 11 minutes on 2 cores)"
    cargo install trunk --version "$TRUNK_VERSION" --locked
  fi
  local wbg
  wbg="$(wasm_bindgen_version)"
  if [[ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $wbg" ]]; then
    step "installing wasm-bindgen-cli $wbg (about 7 minutes)"
    # --locked can fail on a lock entry the registry lacks; then resolve anew.
    cargo install wasm-bindgen-cli --version "$wbg" --locked \
      || cargo install wasm-bindgen-cli --version "$wbg"
  fi
  if ! node -e "require('./node_modules/binaryen/package.json'); require('./node_modules/puppeteer-core/package.json'); require('./node_modules/axe-core/package.json')" 2>/dev/null \
    || [[ package-lock.json -nt node_modules/.package-lock.json ]]; then
    step "installing npm packages from package-lock.json (wasm-opt, test drivers)"
    npm ci --no-audit --no-fund
  fi
  # trunk builds offline, so every crate must already be here.
  cargo fetch --quiet
}

install_test_tools() {
  if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null \
    || ! command -v firefox-esr >/dev/null; then
    step "installing Debian's chromium, chromium-driver and firefox-esr"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
      apt-get install -y -qq chromium chromium-driver
    fi
    # Firefox's recommends are desktop extras the tests do not need.
    command -v firefox-esr >/dev/null || apt-get install -y -qq --no-install-recommends firefox-esr
  fi
  # geckodriver drives Firefox for the wasm tests (the end-to-end tests
  # speak WebDriver BiDi to Firefox directly and need no driver).
  if [[ "$(geckodriver --version 2>/dev/null | head -n 1)" != "geckodriver $GECKODRIVER_VERSION"* ]]; then
    step "installing geckodriver $GECKODRIVER_VERSION (about 2 minutes)"
    cargo install geckodriver --version "$GECKODRIVER_VERSION" --locked
  fi
}

build_page() {
  step "building the release page and the single file"
  trunk build --release
  node scripts/sizes.mjs dist
  step "building the command-line tool with the page inside (for dossier build)"
  # The release profile optimises for speed (the page's wasm builds with the
  # size-optimised `page` profile, named in index.html).
  cargo build --release --features web-assets
}

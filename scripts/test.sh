#!/usr/bin/env bash
# Install what the tests need, then run every test: formatting and lints,
# native tests, wasm tests in headless Chromium and Firefox ESR, and the
# end-to-end tests in both browsers against the release build.
source "$(dirname "$0")/lib.sh"
install_build_tools
install_test_tools

step "cargo fmt --check"
cargo fmt --check
step "cargo clippy (native and wasm32)"
cargo clippy --all-targets --quiet -- -D warnings
cargo clippy --target wasm32-unknown-unknown --lib --quiet -- -D warnings

step "native tests"
cargo test

# Each run names exactly one driver: the runner prefers GECKODRIVER over
# CHROMEDRIVER when both are set.
step "wasm tests in headless Chromium"
env -u GECKODRIVER CHROMEDRIVER="$(command -v chromedriver)" \
  WASM_BINDGEN_TEST_WEBDRIVER_JSON="$ROOT/webdriver.json" \
  cargo test --target wasm32-unknown-unknown --test wasm

step "wasm tests in headless Firefox ESR"
env -u CHROMEDRIVER GECKODRIVER="$(command -v geckodriver)" \
  WASM_BINDGEN_TEST_WEBDRIVER_JSON="$ROOT/webdriver-firefox.json" \
  cargo test --target wasm32-unknown-unknown --test wasm

build_page

# The same tests, unchanged, in each browser; each run ends with its
# runner's summary (# pass N, # fail 0).
step "end-to-end tests in Chromium"
BROWSER=chromium node --test tests/e2e/

step "end-to-end tests in Firefox ESR"
BROWSER=firefox node --test tests/e2e/

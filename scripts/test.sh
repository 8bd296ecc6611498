#!/usr/bin/env bash
# Install what the tests need, then run every test: formatting and lints,
# native tests, wasm tests in headless Chromium, and end-to-end tests in a
# real browser against the release build.
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

step "wasm tests in headless Chromium"
CHROMEDRIVER="$(command -v chromedriver)" \
  WASM_BINDGEN_TEST_WEBDRIVER_JSON="$ROOT/webdriver.json" \
  cargo test --target wasm32-unknown-unknown --test wasm

build_page

step "end-to-end tests in Chromium"
node --test tests/e2e/

#!/usr/bin/env bash
# Runs every test of est on this machine, installing what a fresh machine lacks (idempotent):
# formatting, lints, licences, Rust tests and doctests, the main job, the Python wheel with
# pytest, and the WebAssembly package in Node and in headless Chromium.
#
#   bash scripts/test-all.sh
#
# CI runs exactly this (see .ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
start_all=$(date +%s)
step() {
    local name="$1"; shift
    local t0; t0=$(date +%s)
    echo "==> $name"
    "$@"
    echo "<== $name: $(( $(date +%s) - t0 )) s"
}

step "rustfmt" cargo fmt --all --check
step "clippy" cargo clippy --workspace --all-targets --locked -- -D warnings
step "licences (no copyleft dependency)" python3 scripts/check-licenses.py
step "Rust tests and doctests" cargo test --workspace --locked
step "main job on the sample town" bash scripts/main-job-check.sh
step "Python wheel and pytest" bash scripts/test-python.sh
step "WebAssembly in Node and Chromium, JS package" bash scripts/test-wasm.sh

echo "all tests passed in $(( $(date +%s) - start_all )) s"

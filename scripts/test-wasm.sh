#!/usr/bin/env bash
# Builds and tests est's WebAssembly front door (est-wasm) end to end, on a fresh machine or
# again on a warm one (idempotent):
#
#   1. installs Debian's chromium + chromium-driver if missing, the wasm32 toolchain and the
#      wasm-bindgen CLI pinned to Cargo.lock (scripts/wasm-toolchain.sh), and the JS dev
#      dependencies (npm ci, only when node_modules is missing or older than the lock file);
#   2. runs the Rust #[wasm_bindgen_test] suites (est-wasm/tests) in Node, then in headless
#      Chromium;
#   3. builds the release .wasm and the `--target web` bindings into est-wasm/js/pkg;
#   4. runs the JS suites (est-wasm/js/test/*.test.mjs: shared bad-input fixture, PROJ
#      goldens, API, offline import, tsc --strict type check, demo page in Chromium).
#
# Run from anywhere: bash scripts/test-wasm.sh. Prints the time of every step.
# Environment: EST_WASM_PREFIX (toolchain location, see scripts/wasm-toolchain.sh),
# CHROMIUM (browser for the page test, default /usr/bin/chromium).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

timings=()
script_start=$SECONDS
report() {
    local status=$?
    echo
    echo "== timings =="
    local t
    for t in "${timings[@]}"; do echo "  $t"; done
    echo "  total: $((SECONDS - script_start)) s"
    if [ "$status" -ne 0 ]; then echo "test-wasm: FAILED (exit $status)" >&2; fi
}
trap report EXIT

# step NAME COMMAND...: runs COMMAND, records how long it took.
step() {
    local name="$1"
    shift
    echo
    echo "== $name =="
    local t0=$SECONDS
    "$@"
    timings+=("$(printf '%-34s %4d s' "$name:" $((SECONDS - t0)))")
}

install_chromium() {
    local need=()
    command -v chromium >/dev/null 2>&1 || need+=(chromium)
    command -v chromedriver >/dev/null 2>&1 || need+=(chromium-driver)
    if [ ${#need[@]} -eq 0 ]; then
        echo "chromium and chromedriver present"
        return
    fi
    local sudo=()
    [ "$(id -u)" -eq 0 ] || sudo=(sudo)
    export DEBIAN_FRONTEND=noninteractive
    "${sudo[@]}" apt-get update -qq
    "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${need[@]}"
}

WASM_CARGO=""
install_toolchain() {
    WASM_CARGO="$(scripts/wasm-toolchain.sh Cargo.lock)"
    echo "wasm cargo: $WASM_CARGO"
}

install_npm() {
    local js=est-wasm/js stamp=est-wasm/js/node_modules/.est-lock-sha256 want
    want="$(sha256sum "$js/package-lock.json" | cut -d' ' -f1)"
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
        echo "node_modules up to date"
        return
    fi
    (cd "$js" && npm ci --no-audit --no-fund)
    echo "$want" >"$stamp"
}

wasm_tests_node() {
    "$WASM_CARGO" test -p est-wasm --tests
}

wasm_tests_chromium() {
    WASM_BINDGEN_USE_BROWSER=1 \
        WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-300}" \
        WASM_BINDGEN_TEST_DRIVER_TIMEOUT="${WASM_BINDGEN_TEST_DRIVER_TIMEOUT:-30}" \
        "$WASM_CARGO" test -p est-wasm --tests
}

build_package() {
    "$WASM_CARGO" build -p est-wasm --release
    local target_dir
    target_dir="$(cargo metadata --format-version 1 --no-deps \
        | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')"
    rm -rf est-wasm/js/pkg
    "$(dirname "$WASM_CARGO")/wasm-bindgen" --target web --out-dir est-wasm/js/pkg \
        "${target_dir:-target}/wasm32-unknown-unknown/release/est_wasm.wasm"
    ls -l est-wasm/js/pkg/est_wasm_bg.wasm
}

js_tests() {
    (cd est-wasm/js && node --test test/)
}

step "install chromium + driver" install_chromium
step "wasm toolchain + wasm-bindgen" install_toolchain
step "npm ci (est-wasm/js)" install_npm
step "wasm-bindgen tests, Node" wasm_tests_node
step "wasm-bindgen tests, Chromium" wasm_tests_chromium
step "release build + bindings" build_package
step "JS tests (node --test)" js_tests
echo
echo "test-wasm: all green"

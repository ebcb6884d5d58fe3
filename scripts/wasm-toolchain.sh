#!/usr/bin/env bash
# Makes sure this machine can build Rust for wasm32-unknown-unknown, and prints the path of
# a `wasm-cargo` wrapper: it behaves like cargo with `--target wasm32-unknown-unknown` added.
#
#   WASM_CARGO="$(scripts/wasm-toolchain.sh Cargo.lock)"   # run from the repo root
#   "$WASM_CARGO" build -p est-wasm --release
#   "$WASM_CARGO" test -p est-wasm --tests       # Node; WASM_BINDGEN_USE_BROWSER=1: Chromium
#
# Usage: wasm-toolchain.sh [path/to/Cargo.lock]
#   With a Cargo.lock it also installs wasm-bindgen-cli (wasm-bindgen, wasm-bindgen-test-runner)
#   of exactly the wasm-bindgen version that the lock file pins, next to the wrapper; the
#   wrapper then puts that folder first on PATH and uses wasm-bindgen-test-runner as the
#   cargo runner for wasm32 (unless CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER is set).
#
# Strategy:
#   1. If rustup has, or can add, the wasm32-unknown-unknown target (`rustup target add
#      wasm32-unknown-unknown`, tried once with a time limit), the wrapper is plain cargo.
#   2. Otherwise (or with EST_WASM_FORCE_DEBIAN=1) it uses Debian's rustc-web
#      (bookworm-security), unpacked (not installed) under $EST_WASM_PREFIX, so it shadows no
#      rustc/cargo; only its libraries and lld-NN are apt-installed. The wrapper builds
#      std from the bundled source (-Zbuild-std) and links with Debian's wasm-ld-NN (NN: the
#      LLVM that rustc-web is built against, read from the package's dependencies).
# wasm-bindgen-cli is built with `cargo install wasm-bindgen-cli --version V` without
# --locked: one of its locked dependencies is missing from the registry.
# Idempotent. Progress goes to stderr; stdout is only the wrapper's path.
# Environment: EST_WASM_PREFIX (default ${XDG_CACHE_HOME:-~/.cache}/est/wasm-toolchain: no root
# needed for the rustup path, and shared by every checkout on the machine, so a fresh clone
# does not rebuild wasm-bindgen-cli, which takes minutes), EST_WASM_FORCE_DEBIAN=1.
set -euo pipefail

prefix="${EST_WASM_PREFIX:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/est/wasm-toolchain}"
case "$prefix" in /*) ;; *) prefix="$PWD/$prefix" ;; esac
bindir="$prefix/bin"
wrapper="$bindir/wasm-cargo"
lock="${1:-}"
log() { echo "wasm-toolchain: $*" >&2; }

have_rustup_target() {
    [ "${EST_WASM_FORCE_DEBIAN:-0}" != 1 ] || return 1
    command -v rustup >/dev/null 2>&1 || return 1
    rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown && return 0
    log "trying: rustup target add wasm32-unknown-unknown"
    timeout 180 rustup target add wasm32-unknown-unknown >&2 || return 1
    rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown
}

install_debian_toolchain() {
    if [ -x "$prefix/usr/bin/rustc" ] && [ -d "$prefix/usr/lib/rustlib/src/rust/library" ] \
        && [ -s "$prefix/llvm-major" ] \
        && command -v "wasm-ld-$(cat "$prefix/llvm-major")" >/dev/null 2>&1; then
        return 0
    fi
    log "installing Debian's rustc-web under $prefix (about 15 s)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    local ver llvm deps tmp
    ver=$(apt-cache show --no-all-versions rustc-web 2>/dev/null \
        | sed -n 's/^Version: \([0-9]*\.[0-9]*\).*/\1/p' | head -n1)
    [ -n "$ver" ] || { log "no rustc-web package (it comes from bookworm-security)"; return 1; }
    local pkgs=(rustc-web cargo-web libstd-rust-web-dev "libstd-rust-web-$ver" rust-web-src)
    llvm=$(apt-cache depends "libstd-rust-web-$ver" \
        | sed -n 's/^ *Depends: libllvm\([0-9][0-9]*\)$/\1/p' | head -n1)
    [ -n "$llvm" ] || { log "cannot tell which LLVM libstd-rust-web-$ver needs"; return 1; }
    # What these packages need (libllvmNN, libgit2 …) as apt resolves it, minus the packages
    # themselves, which are only unpacked.
    deps=$(apt-get install -s -qq --no-install-recommends "${pkgs[@]}" \
        | sed -n 's/^Inst \([^ ]*\) .*/\1/p' \
        | grep -vxE 'rustc-web|cargo-web|rust-web-.*|libstd-rust-web-.*' || true)
    # shellcheck disable=SC2086
    apt-get install -y -qq --no-install-recommends $deps "lld-$llvm" >&2
    tmp=$(mktemp -d)
    chmod 755 "$tmp"
    chown _apt "$tmp" 2>/dev/null || true   # lets apt download without its sandbox warning
    (cd "$tmp" && apt-get download -qq "${pkgs[@]}" >&2)
    mkdir -p "$prefix"
    for deb in "$tmp"/*.deb; do dpkg -x "$deb" "$prefix"; done
    rm -rf "$tmp"
    echo "$llvm" >"$prefix/llvm-major"
}

install_wasm_bindgen() {
    local want have
    want=$(sed -n '/^name = "wasm-bindgen"$/{n;s/^version = "\(.*\)"$/\1/p;q;}' "$lock")
    [ -n "$want" ] || { log "$lock pins no wasm-bindgen"; return 1; }
    have=$("$bindir/wasm-bindgen" --version 2>/dev/null | awk '{print $2}' || true)
    [ "$have" = "$want" ] && return 0
    log "installing wasm-bindgen-cli $want into $bindir (about 2 minutes on 2 cores)"
    # Not --locked: one of its locked dependencies is missing from the registry.
    cargo install --quiet --root "$prefix" wasm-bindgen-cli --version "$want" >&2
}

# Lines shared by both wrappers: wasm-bindgen-cli next to the wrapper comes first on PATH and
# is the default test runner.
runner_lines='here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [ -x "$here/wasm-bindgen-test-runner" ]; then
    export PATH="$here:$PATH"
    export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER="${CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER:-$here/wasm-bindgen-test-runner}"
fi'

if [ -n "$lock" ] && [ ! -f "$lock" ]; then
    log "no such Cargo.lock: $lock"
    exit 1
fi
mkdir -p "$bindir"
if have_rustup_target; then
    cat >"$wrapper" <<WRAP
#!/usr/bin/env bash
# cargo for wasm32-unknown-unknown with rustup's own target
$runner_lines
sub="\$1"; shift
exec cargo "\$sub" --target wasm32-unknown-unknown "\$@"
WRAP
else
    install_debian_toolchain
    llvm=$(cat "$prefix/llvm-major")
    cat >"$wrapper" <<WRAP
#!/usr/bin/env bash
# cargo for wasm32-unknown-unknown with Debian's rustc-web and std built from source
$runner_lines
export LD_LIBRARY_PATH="$prefix/usr/lib/x86_64-linux-gnu\${LD_LIBRARY_PATH:+:\$LD_LIBRARY_PATH}"
export RUSTC="$prefix/usr/bin/rustc" RUSTDOC="$prefix/usr/bin/rustdoc" RUSTC_BOOTSTRAP=1
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER=wasm-ld-$llvm
sub="\$1"; shift
exec "$prefix/usr/bin/cargo" "\$sub" --target wasm32-unknown-unknown -Zbuild-std=std,panic_abort "\$@"
WRAP
fi
chmod +x "$wrapper"
[ -z "$lock" ] || install_wasm_bindgen
echo "$wrapper"

#!/usr/bin/env bash
# Builds the Python wheel of est (est-py) and runs its pytest suite against the installed wheel.
#
# Run from the repository root: bash scripts/test-python.sh
# Idempotent; works on a fresh machine with Python 3 (venv module) and a Rust toolchain.
# Needs PyPI only the first time (maturin, numpy, pandas, pytest go into target/py-venv).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
VENV=target/py-venv
PY="$VENV/bin/python"
WHEELS=target/wheels
PYTHON3=${PYTHON3:-python3}

START=$SECONDS
step_start=$SECONDS
step() {
    printf '\n==> %s\n' "$*"
    step_start=$SECONDS
}
done_step() {
    printf '    (%ss)\n' "$((SECONDS - step_start))"
}

step "virtualenv $VENV"
if [ ! -x "$PY" ]; then
    "$PYTHON3" -m venv "$VENV"
fi
done_step

step "build and test tools (maturin, numpy, pandas, pytest, mypy for stubtest)"
TOOLS=(maturin numpy pandas pytest mypy)
# find_spec instead of import: checking must not cost the import time of pandas.
if ! "$PY" -c 'import sys, importlib.util as u; sys.exit(any(u.find_spec(m) is None for m in sys.argv[1:]))' \
        "${TOOLS[@]}" || [ ! -x "$VENV/bin/maturin" ]; then
    "$PY" -m pip install -q --disable-pip-version-check 'maturin>=1.9.4,<2' numpy pandas pytest mypy
fi
"$PY" -c 'import sys, importlib.metadata as m; print("   ", " | ".join(f"{t} {m.version(t)}" for t in sys.argv[1:]))' \
    "${TOOLS[@]}"
done_step

step "maturin build --release (wheel into $WHEELS)"
rm -f "$WHEELS"/est-*.whl
"$VENV/bin/maturin" build --release -m est-py/Cargo.toml --out "$WHEELS" -i "$PY"
shopt -s nullglob
wheels=("$WHEELS"/est-*.whl)
shopt -u nullglob
if [ "${#wheels[@]}" -ne 1 ]; then
    echo "expected exactly one wheel in $WHEELS, found ${#wheels[@]}" >&2
    exit 1
fi
done_step

step "install ${wheels[0]}"
"$PY" -m pip install -q --disable-pip-version-check --force-reinstall --no-deps "${wheels[0]}"
done_step

step "pytest est-py/tests"
"$PY" -m pytest -q -p no:cacheprovider est-py/tests
done_step

printf '\nPython tests passed in %ss\n' "$((SECONDS - START))"

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

step "build and test tools (maturin, numpy, pandas, pytest)"
if ! "$PY" -c 'import maturin, numpy, pandas, pytest' 2>/dev/null \
    || [ ! -x "$VENV/bin/maturin" ]; then
    "$PY" -m pip install -q --disable-pip-version-check 'maturin>=1.9.4,<2' numpy pandas pytest
fi
"$PY" -c 'import numpy, pandas, pytest; print("    numpy", numpy.__version__, "| pandas", pandas.__version__, "| pytest", pytest.__version__)'
"$VENV/bin/maturin" --version | sed 's/^/    /'
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

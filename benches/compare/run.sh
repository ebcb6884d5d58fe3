#!/usr/bin/env bash
# Side-by-side speed comparison of est (Python wheel) with esda, scikit-learn, pymannkendall
# and a NumPy Knox test.
# Builds the wheel, makes a venv with the pinned reference libraries (first run: ~1 minute)
# and runs compare.py. Not part of the test suite: speed is measured here, never in tests.
set -euo pipefail
cd "$(dirname "$0")/../.."
VENV=target/compare-venv
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/python" -c 'import esda, sklearn, maturin, pymannkendall' 2>/dev/null \
    || "$VENV/bin/pip" install -q -r benches/compare/requirements.txt 'maturin>=1.9.4,<2'
rm -rf target/compare-wheels
"$VENV/bin/maturin" build --release -q -m est-py/Cargo.toml --out target/compare-wheels
"$VENV/bin/pip" install -q --force-reinstall --no-deps target/compare-wheels/*.whl
"$VENV/bin/python" benches/compare/compare.py

"""The type stub `_est.pyi` matches the compiled module (mypy.stubtest against the wheel)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from conftest import ROOT


def test_stub_matches_runtime(tmp_path) -> None:  # type: ignore[no-untyped-def]
    pytest.importorskip("mypy.stubtest")
    env = dict(os.environ, MYPY_CACHE_DIR=str(ROOT / "target" / "py-stubtest-cache"))
    # Run outside the source tree so that only the installed wheel is seen.
    proc = subprocess.run(
        [sys.executable, "-m", "mypy.stubtest", "est._est"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr

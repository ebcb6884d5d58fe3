"""Shared fixtures: paths to the workspace's shared test data."""

from __future__ import annotations

from pathlib import Path

import pytest

#: Workspace root (est-py/tests/ → est-py/ → root).
ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
GOLDEN = ROOT / "tests" / "golden"


@pytest.fixture
def now() -> str:
    """A fixed clock for the future-time check."""
    return "2026-12-01T00:00:00Z"

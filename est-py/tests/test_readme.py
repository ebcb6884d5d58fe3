"""The README's Python example runs as written (on a small file made by est itself)."""
import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[2] / "README.md"


def python_blocks():
    return re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.S)


def test_readme_python_example_runs(tmp_path, monkeypatch, capsys):
    pytest.importorskip("pandas")
    import est

    blocks = python_blocks()
    assert blocks, "README has no Python example"
    monkeypatch.chdir(tmp_path)
    # The example reads incidents.csv: a few sample-town rows plus one bad row.
    town = est.sample_town(50, seed=3)
    text = town.to_csv()
    text += "bad-1,2025-01-01T10:00:00Z,klotr,674000,6581000,polis,,1\n"
    Path("incidents.csv").write_text(text, encoding="utf-8")
    # The follow-up example reads insatser.json: the sample town's registry.
    registry = README.parent / "data" / "sample_interventions.json"
    Path("insatser.json").write_text(registry.read_text(encoding="utf-8"), encoding="utf-8")
    for block in blocks:
        exec(compile(block, str(README), "exec"), {})
    out = capsys.readouterr().out
    # The example prints line, field and message of every bad row: the header is line 1,
    # the 50 good rows lines 2–51, the bad one line 52.
    assert "52 category unknown category \"klotr\"" in out
